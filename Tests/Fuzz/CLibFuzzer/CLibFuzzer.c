// Only the header matters: LLVMFuzzerRunDriver comes from libFuzzer, linked in by -sanitize=fuzzer.
#include "CLibFuzzer.h"
