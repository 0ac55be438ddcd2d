import Foundation
import LegdayCore
import LegdayDaemon
import Testing

@Suite struct ReminderTimesTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func anOrdinaryMorningIsSevenLocal() {
        let times = ReminderTimes(timeZone: berlin, dailyAt: TimeOfDay("07:00")!)
        #expect(times.instant(on: LocalDate(iso: "2026-11-23")!) == utc("2026-11-23T06:00:00Z"))
        #expect(times.instant(on: LocalDate(iso: "2026-07-01")!) == utc("2026-07-01T05:00:00Z"))
    }

    @Test func aTimeInTheSpringGapShiftsByTheGap() {
        // 2026-03-29 02:30 does not exist in Berlin: RFC 5545 reads it as 03:30 CEST.
        let times = ReminderTimes(timeZone: berlin, dailyAt: TimeOfDay("02:30")!)
        #expect(times.instant(on: LocalDate(iso: "2026-03-29")!) == utc("2026-03-29T01:30:00Z"))
    }

    @Test func aTimeThatHappensTwiceFiresAtTheFirst() {
        // 2026-10-25 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET).
        let times = ReminderTimes(timeZone: berlin, dailyAt: TimeOfDay("02:30")!)
        #expect(times.instant(on: LocalDate(iso: "2026-10-25")!) == utc("2026-10-25T00:30:00Z"))
        let after = times.next(after: utc("2026-10-25T00:30:00Z"))
        #expect(after.date.iso == "2026-10-26")
    }

    @Test func nextIsStrictlyAfterTheMoment() {
        let times = ReminderTimes(timeZone: berlin, dailyAt: TimeOfDay("07:00")!)
        let at = utc("2026-11-23T06:00:00Z")
        #expect(times.next(after: at.addingTimeInterval(-1)).instant == at)
        #expect(times.next(after: at).date.iso == "2026-11-24")
    }

    @Test func localDateFollowsTheZone() {
        let kolkata = TimeZone(identifier: "Asia/Kolkata")!
        #expect(ReminderTimes.localDate(of: utc("2026-11-22T20:00:00Z"), in: kolkata).iso == "2026-11-23")
        #expect(ReminderTimes.localDate(of: utc("2026-11-22T20:00:00Z"), in: berlin).iso == "2026-11-22")
    }
}
