import Foundation

/// Refuses plugins someone else could have changed.
///
/// legday runs plugins with the user's rights and hands them secrets, so a plugin file, or the folder it
/// sits in, that another account can write is a way into the user's account. Files and folders must be
/// owned by the user (or by root, for the system folders) and not writable by group or others, and so must
/// every folder above them up to `/` (a sticky folder such as /tmp excepted); this is the rule OpenSSH
/// applies to `authorized_keys` and its parents.
public enum PluginSafety {
    /// Checks the plugin at `path` (after following symbolic links) and the folders holding the link and
    /// its target. Returns the path it finally checked, which is the one to run.
    public static func check(_ path: String, uid: uid_t = getuid()) throws(PluginError) -> String {
        guard let resolved = realPath(path) else {
            throw PluginError("\(path): no such plugin file")
        }
        var problems: [String] = []
        let linkFolder = (path as NSString).deletingLastPathComponent
        let folders = Set([realPath(linkFolder) ?? linkFolder, (resolved as NSString).deletingLastPathComponent])
        // Every folder up to `/`, not only the one holding the plugin: whoever can write to any ancestor can
        // move the plugin's folder aside and put one of their own in its place.
        let checked = Set(folders.flatMap(ancestors(of:)))
        for candidate in [resolved] + checked.sorted() {
            if let problem = problem(with: candidate, uid: uid) { problems.append(problem) }
        }
        if !problems.isEmpty { throw PluginError(problems.joined(separator: "; ")) }

        var info = stat()
        guard stat(resolved, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw PluginError("\(resolved): not a regular file")
        }
        guard access(resolved, X_OK) == 0 else { throw PluginError("\(resolved): not executable") }
        return resolved
    }

    /// Why `path` is unsafe, or nil.
    static func problem(with path: String, uid: uid_t) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return "\(path): cannot be checked (\(String(cString: strerror(errno))))"
        }
        if info.st_uid != uid && info.st_uid != 0 {
            return "\(path) is owned by another user (uid \(info.st_uid)); refusing to run it"
        }
        // A sticky folder such as /tmp: others may write to it but cannot rename or remove what they do not
        // own, so the entries below it stay the owner's.
        let isStickyFolder = info.st_mode & S_IFMT == S_IFDIR && info.st_mode & S_ISVTX != 0
        if info.st_mode & (S_IWGRP | S_IWOTH) != 0 && !isStickyFolder {
            let who = info.st_mode & S_IWOTH != 0 ? "others" : "its group"
            return "\(path) is writable by \(who) (mode \(String(info.st_mode & 0o7777, radix: 8))); "
                + "refusing to run it (chmod go-w \(path))"
        }
        return nil
    }

    /// `folder` and each folder above it, up to and including `/`.
    static func ancestors(of folder: String) -> [String] {
        var result: [String] = []
        var current = folder.isEmpty ? "." : folder
        while true {
            result.append(current)
            let parent = (current as NSString).deletingLastPathComponent
            if parent.isEmpty || parent == current { break }
            current = parent
        }
        return result
    }

    /// `path` with symbolic links followed, or `path` itself when it does not exist.
    public static func realPathOrSelf(_ path: String) -> String { realPath(path) ?? path }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
