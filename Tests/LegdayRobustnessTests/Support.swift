import Foundation
import LegdayCore
import LegdaySchedule

/// A fresh folder for one test's files, removed when the test ends.
final class Scratch {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "legday-robustness-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let file = path + "/" + name
        FileManager.default.createFile(atPath: file, contents: Data(bytes))
        return file
    }

    @discardableResult
    func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }
}

/// Reads schedule bytes as the file `name` (its extension picks the format).
func read(_ bytes: [UInt8], as name: String, timeZone: String = "UTC") -> ScheduleReadResult {
    let format = ScheduleFormat(path: name) ?? .ics
    return ScheduleReader.parse(data: Data(bytes), format: format, path: name,
                                options: ScheduleReadOptions(timeZone: timeZone))
}

func read(_ text: String, as name: String, timeZone: String = "UTC") -> ScheduleReadResult {
    read(Array(text.utf8), as: name, timeZone: timeZone)
}

func day(_ iso: String) -> LocalDate {
    guard let date = LocalDate(iso: iso) else { preconditionFailure("bad date in a test: \(iso)") }
    return date
}

/// A calendar around `middle`: one good event before it and one after, so a test can check that what
/// surrounds a bad part is still read.
func calendar(around middle: String) -> String {
    """
    BEGIN:VCALENDAR\r
    VERSION:2.0\r
    BEGIN:VEVENT\r
    UID:before@legday\r
    DTSTART;VALUE=DATE:20261124\r
    SUMMARY:Intervals 6x800 m\r
    END:VEVENT\r
    \(middle)BEGIN:VEVENT\r
    UID:after@legday\r
    DTSTART;VALUE=DATE:20261128\r
    SUMMARY:Long run 24 km\r
    END:VEVENT\r
    END:VCALENDAR\r

    """
}

extension ScheduleReadResult {
    /// `date type` of every run, the compact form the tests compare.
    var runSummary: [String] { schedule.runs.map { "\($0.date) \($0.type.rawValue)" } }

    /// Whether the two events `calendar(around:)` puts around the bad part were both read.
    var keptTheGoodEvents: Bool {
        runSummary.contains("2026-11-24 intervals") && runSummary.contains("2026-11-28 long")
    }

    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    /// Every diagnostic names `path` and a line that exists in a file of `lines` lines.
    func diagnosticsPoint(into path: String, lines: Int) -> Bool {
        diagnostics.allSatisfy { $0.location.path == path && (1...lines + 1).contains($0.location.line) && $0.location.column >= 1 }
    }
}
