#ifndef LEGDAY_CSYSTEMD_SHIM_H
#define LEGDAY_CSYSTEMD_SHIM_H
// Without this, every journal entry would record this header's file and line as its origin.
#define SD_JOURNAL_SUPPRESS_LOCATION 1
#include <systemd/sd-journal.h>
#include <systemd/sd-daemon.h>
#endif
