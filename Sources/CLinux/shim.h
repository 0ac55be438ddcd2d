#ifndef LEGDAY_CLINUX_SHIM_H
#define LEGDAY_CLINUX_SHIM_H
// Linux interfaces Swift's Glibc module does not bring in: timers that notice clock changes, inotify,
// and giving memory back (madvise, malloc_trim).
#include <sys/timerfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <malloc.h>
#endif
