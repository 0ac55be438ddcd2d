import CSystemd
import Foundation
import LegdayCore
import LegdayNotify

/// Writes reminders to the systemd journal with structured fields, so `journalctl` can find them:
/// `journalctl --user MESSAGE_ID=7c1e0a4d2f8b4c39a6e5d1b3f0a9c2e8` lists every daily reminder.
public struct JournalNotifier: Notifier {
    /// The MESSAGE_ID of every daily reminder; fixed forever, documented in docs/journal.md.
    public static let dailyReminderMessageID = "7c1e0a4d2f8b4c39a6e5d1b3f0a9c2e8"

    public let name: String
    private let identifier: String
    /// Where journald listens; a test names a path of its own.
    private let socketPath: String

    public init(name: String = "journal", identifier: String = "legday", socketPath: String = Journal.socketPath) {
        self.name = name
        self.identifier = identifier
        self.socketPath = socketPath
    }

    public func send(_ reminder: Reminder, context: DeliveryContext) async throws {
        // libsystemd reports success when no journald listens (the socket is missing): the entry would be
        // dropped and the reminder counted as delivered. Without the socket the delivery fails instead,
        // temporarily, so the outbox retries it and a fallback takes over once it fails for good.
        guard Journal.isSocket(socketPath) else {
            throw NotifierError.temporary("no journald is listening (no socket at \(socketPath))")
        }
        let fields = JournalNotifier.fields(for: reminder, identifier: identifier)
        let result = Journal.send(fields)
        if result < 0 {
            throw NotifierError.temporary("sd_journal_sendv failed: \(String(cString: strerror(-result)))")
        }
    }

    /// The entry's fields, in order. Kept separate from sending so the mapping is testable alone.
    public static func fields(for reminder: Reminder, identifier: String = "legday") -> [(String, String)] {
        let title = reminder.late ? "\(reminder.title) (late)" : reminder.title
        return [
            ("MESSAGE", "\(title)\n\(reminder.body)"),
            ("PRIORITY", "5"),
            ("SYSLOG_IDENTIFIER", identifier),
            ("MESSAGE_ID", dailyReminderMessageID),
            ("LEGDAY_DATE", reminder.date.iso),
            ("LEGDAY_KIND", reminder.kind.rawValue),
            ("LEGDAY_REMINDER_ID", reminder.id),
            ("LEGDAY_TITLE", title),
            ("LEGDAY_LATE", reminder.late ? "1" : "0"),
            ("LEGDAY_MOMENT", reminder.moment.rawValue),
        ]
    }
}

/// A thin wrapper over `sd_journal_sendv`; `sd_journal_send` is variadic and cannot be called from Swift.
public enum Journal {
    /// journald's socket for native entries, which `sd_journal_sendv` writes to.
    public static let socketPath = "/run/systemd/journal/socket"

    /// Sends one entry. Returns 0 or a negative errno. Note that libsystemd also returns 0 when no
    /// journald is listening (no socket), so the journal notifier checks for the socket first.
    @discardableResult
    public static func send(_ fields: [(String, String)]) -> Int32 {
        let buffers = fields.map { Array("\($0.0)=\($0.1)".utf8) }
        return withIOVecs(buffers) { iovecs in
            sd_journal_sendv(iovecs.baseAddress, Int32(iovecs.count))
        }
    }

    /// Sends a plain message with a priority (0 emergency … 7 debug), for legday's own log lines.
    @discardableResult
    public static func log(_ message: String, priority: Int = 6, identifier: String = "legday",
                           extra: [(String, String)] = []) -> Int32 {
        send([("MESSAGE", message), ("PRIORITY", String(priority)), ("SYSLOG_IDENTIFIER", identifier)] + extra)
    }

    /// True when a journald socket is there to receive entries.
    public static var isAvailable: Bool { isSocket(socketPath) }

    /// True when `path` is a Unix socket (not merely a file of that name).
    public static func isSocket(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFSOCK
    }

    private static func withIOVecs<R>(_ buffers: [[UInt8]], _ body: (UnsafeBufferPointer<iovec>) -> R) -> R {
        var pointers: [UnsafeMutableRawPointer] = []
        defer { pointers.forEach { $0.deallocate() } }
        var iovecs: [iovec] = []
        for buffer in buffers {
            let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(buffer.count, 1), alignment: 1)
            buffer.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: buffer.count) }
            pointers.append(pointer)
            iovecs.append(iovec(iov_base: pointer, iov_len: buffer.count))
        }
        return iovecs.withUnsafeBufferPointer(body)
    }
}
