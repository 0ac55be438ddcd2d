#ifndef LEGDAY_BUILD_INFO_H
#define LEGDAY_BUILD_INFO_H

/// legday's version (the VERSION file) and the git commit it was built from, as Package.swift found them.
/// A C target, because only C settings can carry a string from the manifest into the program.
const char *legday_version(void);
const char *legday_commit(void);

#endif
