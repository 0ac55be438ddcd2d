import Foundation
import LegdayCore
@testable import LegdaySchedule

/// Reads the golden schedule files in Tests/Fixtures/schedules.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/schedules")

    static func read(_ name: String, timeZone: String = "UTC", keywords: KeywordMap = .default) -> ScheduleReadResult {
        ScheduleReader.read(path: directory.appendingPathComponent(name).path, displayPath: name,
                            options: ScheduleReadOptions(timeZone: timeZone, keywords: keywords))
    }
}

/// Parses schedule text written inside a test.
func parse(_ text: String, _ format: ScheduleFormat = .ics, timeZone: String = "UTC",
           path: String = "test") -> ScheduleReadResult {
    ScheduleReader.parse(data: Data(text.utf8), format: format, path: path,
                         options: ScheduleReadOptions(timeZone: timeZone))
}

func day(_ iso: String) -> LocalDate {
    guard let date = LocalDate(iso: iso) else { preconditionFailure("bad date in a test: \(iso)") }
    return date
}

extension Schedule {
    /// `date type distance` lines, distances rounded to 0.1 km, for compact expectations.
    var summary: [String] {
        runs.map { run in
            let km = run.distanceKm.map { " " + String(format: "%.1f", $0) } ?? ""
            return "\(run.date) \(run.type.rawValue)\(km)"
        }
    }
}

extension ScheduleReadResult {
    /// `line: message` of every diagnostic, for asserting where problems were reported.
    var problemLines: [Int] { diagnostics.map(\.location.line) }
}
