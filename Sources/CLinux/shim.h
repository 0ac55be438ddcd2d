#ifndef LEGDAY_CLINUX_SHIM_H
#define LEGDAY_CLINUX_SHIM_H
// Linux interfaces Swift's Glibc module does not bring in: timers that notice clock changes, and inotify.
#include <sys/timerfd.h>
#include <sys/inotify.h>
#endif
