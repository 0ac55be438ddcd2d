import Foundation
import GRDB

/// Opens one of legday's own SQLite files (the outbox, the training log): private to the user, durable
/// across a power cut, and never a crash loop when the file is damaged.
///
/// - Private: the folder is the user's alone (0700) and so is the file (0600), on every open, not only when
///   they are created, so a folder or file left looser by a umask of 022 is tightened. The file is created
///   at 0600 before SQLite opens it; SQLite gives its `-wal` and `-shm` files the database file's mode.
/// - Durable: WAL mode with `synchronous=FULL` (GRDB sets NORMAL with WAL, which can lose the last commits
///   on power loss), so a committed row stays committed.
/// - Damage: a file that is not a healthy SQLite database (`quick_check` fails, or it is not SQLite at all)
///   is moved aside to `<path>.corrupt-<timestamp>` with its `-wal` and `-shm` files, and an empty database
///   takes its place, so the runner goes on and the damaged file is still there to rescue. Any other
///   problem (permissions, a full disk) throws: moving a healthy file aside would hide what it holds.
public enum PrivateDatabase {
    /// The opened database, migrated, and where a damaged file was moved when opening found one.
    public static func open(path: String, label: String, migrator: DatabaseMigrator,
                            now: Date = Date()) throws -> (queue: DatabaseQueue, recoveredCorruptFile: String?) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
        try makePrivate(path: path)
        do {
            return (try openChecked(path: path, label: label, migrator: migrator), nil)
        } catch let error as DatabaseError where meansCorrupt(error) {
            let aside = try moveAside(path: path, now: now)
            try makePrivate(path: path)
            return (try openChecked(path: path, label: label, migrator: migrator), aside)
        }
    }

    static func makePrivate(path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, chmod(folder, 0o700) != 0 {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: folder])
        }
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(fd) }
        guard fchmod(fd, 0o600) == 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        for suffix in ["-wal", "-shm"] { _ = chmod(path + suffix, 0o600) }
    }

    private static func openChecked(path: String, label: String, migrator: DatabaseMigrator) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.journalMode = .wal
        // Two writers at once (the daemon and `legday notify`, a notification's "Done" button and a
        // terminal) wait for each other briefly instead of failing.
        configuration.busyMode = .timeout(10)
        configuration.label = label
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
            if check != ["ok"] {
                throw DatabaseError(resultCode: .SQLITE_CORRUPT,
                                    message: "quick_check: " + check.prefix(3).joined(separator: "; "))
            }
        }
        try migrator.migrate(queue)
        return queue
    }

    static func meansCorrupt(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB
    }

    /// Moves the database and its WAL and shared-memory files aside; returns the new name of the database.
    private static func moveAside(path: String, now: Date) throws -> String {
        let stamp = ISO8601DateFormatter().string(from: now).replacingOccurrences(of: ":", with: "")
        var aside = "\(path).corrupt-\(stamp)"
        var n = 1
        while FileManager.default.fileExists(atPath: aside) {
            n += 1
            aside = "\(path).corrupt-\(stamp)-\(n)"
        }
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.moveItem(atPath: path + suffix, toPath: aside + suffix)
        }
        return aside
    }
}
