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

    /// Several sources as one: schedules merged, diagnostics kept in source order.
    public static func merged(_ results: [ScheduleReadResult]) -> ScheduleReadResult {
        ScheduleReadResult(schedule: Schedule.merged(results.map(\.schedule)),
                           diagnostics: results.flatMap(\.diagnostics))
    }
}

/// How to read schedules: whose days they are and which words mean what.
public struct ScheduleReadOptions: Sendable {
    /// The athlete's IANA time zone: timed events are put on the day they fall on there.
    public var timeZone: String
    public var keywords: KeywordMap
    /// How far an open-ended recurrence (an RRULE, a weekly template without `until`) is expanded.
    public var horizonDays: Int

    /// Three years: longer than any training plan, short enough that an endless RRULE costs nothing.
    public static let defaultHorizonDays = 3 * 366

    public init(timeZone: String = "UTC", keywords: KeywordMap = .default,
                horizonDays: Int = ScheduleReadOptions.defaultHorizonDays) {
        self.timeZone = timeZone
        self.keywords = keywords
        self.horizonDays = horizonDays
    }
}

/// Reads schedule files of every supported format.
public enum ScheduleReader {
    /// Reads the file at `path`; a missing or unreadable file is a diagnostic, never a crash.
    public static func read(path: String, displayPath: String? = nil,
                            options: ScheduleReadOptions = ScheduleReadOptions()) -> ScheduleReadResult {
        let shown = displayPath ?? path
        guard let format = ScheduleFormat(path: path) else {
            return ScheduleReadResult(diagnostics: [Diagnostic(SourceLocation(path: shown, line: 1),
                "unknown schedule format: use a .toml, .ics or .csv file")])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return ScheduleReadResult(diagnostics: [Diagnostic(SourceLocation(path: shown, line: 1),
                "cannot read the schedule file (missing or not readable)")])
        }
        return parse(data: data, format: format, path: shown, options: options)
    }

    public static func parse(data: Data, format: ScheduleFormat, path: String,
                             options: ScheduleReadOptions = ScheduleReadOptions()) -> ScheduleReadResult {
        var diagnostics: [Diagnostic] = []
        var builder = ScheduleBuilder(keywords: options.keywords)
        switch format {
        case .ics:
            let zone = athleteZone(options.timeZone, path: path, diagnostics: &diagnostics)
            var reader = ICalendarReader(path: path, athleteZone: zone, horizonDays: options.horizonDays)
            reader.read([UInt8](data), into: &builder)
            diagnostics += reader.diagnostics
        case .csv:
            var reader = CSVScheduleReader(path: path)
            reader.read(String(decoding: data, as: UTF8.self), into: &builder)
            diagnostics += reader.diagnostics
        case .toml:
            var reader = TOMLScheduleReader(path: path, horizonDays: options.horizonDays)
            var text = String(decoding: data, as: UTF8.self)
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            reader.read(text, into: &builder)
            diagnostics += reader.diagnostics
        }
        diagnostics.sort { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
        return ScheduleReadResult(schedule: builder.build(), diagnostics: diagnostics)
    }

    private static func athleteZone(_ id: String, path: String, diagnostics: inout [Diagnostic]) -> TimeZone {
        if let zone = ZoneResolver.lookUp(id) { return zone }
        diagnostics.append(Diagnostic(SourceLocation(path: path, line: 1),
            "unknown athlete time zone '\(id)'; days are read in UTC", severity: .warning))
        return TimeZone(secondsFromGMT: 0) ?? .current
    }
}
