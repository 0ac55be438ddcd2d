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

    /// Nothing at all was read and an error says why (a missing, empty, special or unparsable file). A caller
    /// about to replace a working schedule with this one should keep the old one instead.
    public var readNothing: Bool {
        schedule.entries.isEmpty && schedule.runs.isEmpty && diagnostics.contains { $0.severity == .error }
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

    /// The unit of distances written without one ("3 m", a bare number in a distance column); nil: inferred
    /// from each file (a file that writes miles more often than kilometres is in miles).
    public var units: DistanceUnit?
    /// The configured races: the run on a race's day is that race.
    public var races: [Race]
    /// How to read CSV files whose columns legday cannot tell from the header.
    public var csv: CSVLayout

    /// Three years: longer than any training plan, short enough that an endless RRULE costs nothing.
    public static let defaultHorizonDays = 3 * 366

    public init(timeZone: String = "UTC", keywords: KeywordMap = .default,
                horizonDays: Int = ScheduleReadOptions.defaultHorizonDays, units: DistanceUnit? = nil,
                races: [Race] = [], csv: CSVLayout = CSVLayout()) {
        self.timeZone = timeZone
        self.keywords = keywords
        self.horizonDays = horizonDays
        self.units = units
        self.races = races
        self.csv = csv
    }
}

/// Kilometres or miles.
public enum DistanceUnit: String, Sendable, CaseIterable {
    case km, miles = "mi"
}

/// `[schedule.csv]`: which column holds what, for headers legday does not recognise, and how to read dates
/// such as 03/04/2027.
public struct CSVLayout: Sendable, Hashable {
    public enum DateOrder: String, Sendable, CaseIterable { case dmy, mdy, ymd }

    /// Role ("date", "title", "description", "type", "distance", "duration") → header name.
    public var columns: [String: String]
    /// Nil: inferred from the file (a first number over 12 is a day), day first when nothing tells.
    public var dateOrder: DateOrder?

    public static let roles = ["date", "title", "description", "type", "distance", "duration"]

    public init(columns: [String: String] = [:], dateOrder: DateOrder? = nil) {
        self.columns = columns
        self.dateOrder = dateOrder
    }
}

/// Reads schedule files of every supported format.
public enum ScheduleReader {
    /// Schedule files beyond this size are refused: a million events in iCalendar fit in about 60 MiB.
    public static let maxBytes = 128 << 20
    /// No calendar makes more entries than this: 5,000 open-ended daily events would otherwise make 5.5
    /// million runs and take a gigabyte. A real plan holds a few thousand (three years at four a day is
    /// 4,400); the 10 MiB calendar of the robustness catalogue, 19,000.
    public static let maxEntriesPerFile = 100_000

    /// Reads the file at `path`; a missing or unreadable file is a diagnostic, never a crash.
    public static func read(path: String, displayPath: String? = nil,
                            options: ScheduleReadOptions = ScheduleReadOptions()) -> ScheduleReadResult {
        let shown = displayPath ?? path
        guard let format = ScheduleFormat(path: path) else {
            return ScheduleReadResult(diagnostics: [Diagnostic(SourceLocation(path: shown, line: 1),
                "unknown schedule format: use a .toml, .ics or .csv file")])
        }
        switch RegularFile.contents(path: path, limitBytes: maxBytes) {
        case .success(let data):
            return parse(data: data, format: format, path: shown, options: options)
        case .failure(let failure):
            return ScheduleReadResult(diagnostics: [Diagnostic(SourceLocation(path: shown, line: 1),
                "cannot read the schedule file: \(failure)")])
        }
    }

    /// iCalendar text with its folds (a line break followed by a space or tab) taken out.
    static func unfolded(_ data: Data) -> Data {
        var out = Data()
        out.reserveCapacity(data.count)
        let bytes = [UInt8](data)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0D, i + 2 < bytes.count, bytes[i + 1] == 0x0A, bytes[i + 2] == 0x20 || bytes[i + 2] == 0x09 {
                i += 3
            } else if bytes[i] == 0x0A, i + 1 < bytes.count, bytes[i + 1] == 0x20 || bytes[i + 1] == 0x09 {
                i += 2
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    public static func parse(data: Data, format: ScheduleFormat, path: String,
                             options: ScheduleReadOptions = ScheduleReadOptions()) -> ScheduleReadResult {
        var diagnostics: [Diagnostic] = []
        var builder = ScheduleBuilder(keywords: options.keywords, options: options, path: path)
        let top = SourceLocation(path: path, line: 1)
        // An empty file is an error, not an empty schedule: it is what an editor leaves for a moment while it
        // writes in place, and planning on it would drop every run.
        if isBlank(data) {
            return ScheduleReadResult(diagnostics: [Diagnostic(top, "the schedule file is empty: no runs read")])
        }
        var data = data
        let text = TextCheck.scan(data, path: path)
        // iCalendar folds lines at 75 octets, which may split a multi-byte character across a fold; such a
        // file is valid once unfolded, so only a file still broken after unfolding gets the warning.
        if let at = text.firstInvalidUTF8, format != .ics || TextCheck.scan(Self.unfolded(data), path: path).firstInvalidUTF8 != nil {
            diagnostics.append(Diagnostic(at, TextCheck.invalidUTF8Message + " (bad bytes are read as \u{FFFD})",
                                          severity: .warning))
        }
        if let at = text.firstNUL {
            // TOML cannot be read around it; iCalendar and CSV lines can, with the NUL bytes left out.
            guard format != .toml else {
                return ScheduleReadResult(diagnostics: diagnostics + [Diagnostic(at, TextCheck.nulMessage)])
            }
            diagnostics.append(Diagnostic(at, TextCheck.nulMessage + "; NUL bytes are left out"))
            data.removeAll { $0 == 0 }
        }
        switch format {
        case .ics:
            let zone = athleteZone(options.timeZone, path: path, diagnostics: &diagnostics)
            var reader = ICalendarReader(path: path, athleteZone: zone, horizonDays: options.horizonDays)
            reader.read([UInt8](data), into: &builder)
            diagnostics += reader.diagnostics
        case .csv:
            var reader = CSVScheduleReader(path: path, layout: options.csv)
            reader.read(String(decoding: data, as: UTF8.self), into: &builder)
            diagnostics += reader.diagnostics
        case .toml:
            var reader = TOMLScheduleReader(path: path, horizonDays: options.horizonDays)
            var text = String(decoding: data, as: UTF8.self)
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            reader.read(text, into: &builder)
            diagnostics += reader.diagnostics
        }
        let schedule = builder.build()
        diagnostics += builder.warnings
        diagnostics.sort { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
        return ScheduleReadResult(schedule: schedule, diagnostics: diagnostics)
    }

    /// Nothing but whitespace and perhaps a byte-order mark.
    static func isBlank(_ data: Data) -> Bool {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    private static func athleteZone(_ id: String, path: String, diagnostics: inout [Diagnostic]) -> TimeZone {
        if let zone = ZoneResolver.lookUp(id) { return zone }
        diagnostics.append(Diagnostic(SourceLocation(path: path, line: 1),
            "unknown athlete time zone '\(id)'; days are read in UTC", severity: .warning))
        return TimeZone(secondsFromGMT: 0) ?? .current
    }
}
