import Foundation
import LegdayCore
import Testing
@testable import LegdaySchedule

/// etc/plan.ics, etc/plan.toml and etc/plan.csv are one marathon block written three ways.
@Suite struct ExampleScheduleTests {
    static let etc = Fixture.directory.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("etc")

    static func read(_ name: String) -> ScheduleReadResult {
        ScheduleReader.read(path: etc.appendingPathComponent(name).path, displayPath: "etc/" + name,
                            options: ScheduleReadOptions(timeZone: "Europe/Berlin"))
    }

    @Test func theThreeFormatsReadToTheSameRuns() {
        let ics = Self.read("plan.ics")
        let toml = Self.read("plan.toml")
        let csv = Self.read("plan.csv")
        for result in [ics, toml, csv] {
            #expect(result.diagnostics.isEmpty)
            #expect(result.schedule.unclassified.isEmpty)
        }
        #expect(ics.schedule.summary == csv.schedule.summary)
        #expect(toml.schedule.summary == csv.schedule.summary)
        // 23 weeks of seven days, Monday 2026-11-16 to race day.
        #expect(csv.schedule.runs.count == 23 * 7)
        #expect(csv.schedule.runs.first?.date == day("2026-11-16"))
        #expect(csv.schedule.summary.last == "2027-04-25 race 42.2")
        #expect(csv.schedule.summary.contains("2027-03-28 race 21.1"))
        #expect(ics.schedule.annotations.count == 23)
        #expect(toml.schedule.strength.map(\.title) == ["Club core class"])
    }
}
