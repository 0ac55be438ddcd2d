import Foundation
import LegdayConfig
import LegdayCore
import Testing

@Suite struct MinimalConfigTests {
    @Test func theIssueMinimalConfigLoadsAsIs() throws {
        let folder = TempFolder()
        folder.write("plan.ics", "BEGIN:VCALENDAR\nEND:VCALENDAR\n")
        let config = try load(minimalConfig, in: folder).get()
        #expect(config.athlete.timezone == "Europe/Berlin")
        #expect(config.athlete.policy == .stack)
        #expect(config.scheduleSources == [folder.path + "/plan.ics"])
        #expect(config.races == [Race(date: LocalDate(year: 2027, month: 4, day: 25)!, name: "Spring Marathon", distance: .marathon)])
        #expect(config.reminders.dailyAt == TimeOfDay(hour: 7, minute: 0))
        #expect(config.notifiers.map(\.name) == ["log"])
        #expect(config.notifiers.first?.type == "journal")
        #expect(config.notifiers.first?.location.line == 16)
        #expect(config.notifiers.first?.location.column == 12)
    }
}
