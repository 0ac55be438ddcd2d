#include "CBuildInfo.h"

#ifndef LEGDAY_VERSION
#define LEGDAY_VERSION "0.0.0"
#endif
#ifndef LEGDAY_COMMIT
#define LEGDAY_COMMIT "unknown"
#endif

const char *legday_version(void) { return LEGDAY_VERSION; }
const char *legday_commit(void) { return LEGDAY_COMMIT; }
