// cairo's image surfaces and PNG writer, for legday's stick figures.
#include <cairo.h>
