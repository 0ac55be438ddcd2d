import Foundation
import Logging

/// A swift-log handler that writes straight to the journal with the right PRIORITY and the metadata as
/// fields, so `journalctl --user -u legday -p err` finds legday's errors. Used when systemd connected
/// standard error to the journal (`$JOURNAL_STREAM` is set); elsewhere legday logs to standard error.
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let identifier: String

    public init(label: String, identifier: String = "legday") {
        self.label = label
        self.identifier = identifier
    }

    /// True when standard error already goes to the journal.
    public static var standardErrorIsJournal: Bool {
        ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil && Journal.isAvailable
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [(String, String)] = [
            ("MESSAGE", "\(event.message)"),
            ("PRIORITY", String(Self.priority(event.level))),
            ("SYSLOG_IDENTIFIER", identifier),
            ("LEGDAY_LOGGER", label),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            fields.append(("LEGDAY_" + Self.fieldName(key), "\(value)"))
        }
        Journal.send(fields)
    }

    /// syslog priorities, as journald uses them.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// Journal field names allow only A-Z, 0-9 and _.
    static func fieldName(_ key: String) -> String {
        String(key.uppercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }
}
