import Foundation
import LegdayCore

/// The formats a schedule file may have, chosen by its extension.
public enum ScheduleFormat: String, Sendable, CaseIterable {
    case toml, ics, csv

    public init?(path: String) {
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "toml": self = .toml
        case "ics", "ical", "ifb", "icalendar": self = .ics
        case "csv": self = .csv
        default: return nil
        }
    }
}

/// What a reader made of a file: the schedule it could read and a diagnostic for everything it could not.
public struct ScheduleReadResult: Sendable {
    public var schedule: Schedule
    public var diagnostics: [Diagnostic]

    public init(schedule: Schedule = Schedule(), diagnostics: [Diagnostic] = []) {
        self.schedule = schedule
        self.diagnostics = diagnostics
    }
}

/// Reads schedule files of every supported format.
public enum ScheduleReader {
    /// Reads the file at `path`; a missing or unreadable file is a diagnostic, never a crash.
    public static func read(path: String, displayPath: String? = nil) -> ScheduleReadResult {
        let shown = displayPath ?? path
        guard let format = ScheduleFormat(path: path) else {
            return ScheduleReadResult(diagnostics: [Diagnostic(SourceLocation(path: shown, line: 1),
                "unknown schedule format: use a .toml, .ics or .csv file")])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return ScheduleReadResult(diagnostics: [Diagnostic(SourceLocation(path: shown, line: 1),
                "cannot read the schedule file (missing or not readable)")])
        }
        return parse(data: data, format: format, path: shown)
    }

    public static func parse(data: Data, format: ScheduleFormat, path: String) -> ScheduleReadResult {
        // A first reader; the full readers replace it.
        ScheduleReadResult(diagnostics: [Diagnostic(SourceLocation(path: path, line: 1),
            "\(format.rawValue) schedules are not readable yet")])
    }
}
