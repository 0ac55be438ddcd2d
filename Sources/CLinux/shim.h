#ifndef LEGDAY_CLINUX_SHIM_H
#define LEGDAY_CLINUX_SHIM_H
// Linux interfaces Swift's Glibc module does not bring in: timers that notice clock changes, inotify,
// giving memory back (madvise, malloc_trim), and closing inherited descriptors in a spawned child.
#include <sys/timerfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <malloc.h>
#include <spawn.h>

// A child legday starts (a plugin, a token command) gets its standard streams and nothing else: every
// other descriptor is closed in the child before exec, including those opened without O_CLOEXEC by a
// library (an epoll instance, openssl.cnf). glibc 2.34 has the action; its declaration sits behind
// _GNU_SOURCE, which Swift's Glibc module does not set, so it is declared again here.
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);

static inline int legday_spawn_close_from(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}
#endif
