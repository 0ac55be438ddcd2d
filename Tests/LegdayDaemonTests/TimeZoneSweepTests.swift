import Foundation
import LegdayCore
import LegdayDaemon
import Testing

/// Every day of two years in zones with unusual rules, for times inside and outside the DST gaps, checked
/// against Foundation's Calendar as an independent oracle (`.nextTimePreservingSmallerComponents` shifts a
/// missing time by the gap; `repeatedTimePolicy: .first` takes the first of a repeated one).
@Suite struct TimeZoneSweepTests {
    static let zones = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "America/Sao_Paulo",
                        "Asia/Kolkata", "Pacific/Chatham"]
    /// 02:00-03:59 holds every gap and overlap of these zones (Chatham's is at 02:45); the others are controls.
    static let times = ["00:00", "01:30", "02:00", "02:15", "02:30", "02:45", "03:00", "03:30", "03:45", "07:00", "23:59"]

    @Test(arguments: zones)
    func matchesTheCalendarOracleForTwoYears(zoneID: String) throws {
        let zone = try #require(TimeZone(identifier: zoneID))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let first = LocalDate(iso: "2026-01-01")!
        var mismatches: [String] = []
        for time in Self.times {
            let at = TimeOfDay(time)!
            let times = ReminderTimes(timeZone: zone, dailyAt: at)
            for date in DateRange(first: first, days: 730) {
                let ours = times.instant(on: date)
                let midnight = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
                let oracle = calendar.nextDate(
                    after: midnight.addingTimeInterval(-1),
                    matching: DateComponents(hour: at.hour, minute: at.minute, second: 0),
                    matchingPolicy: .nextTimePreservingSmallerComponents, repeatedTimePolicy: .first,
                    direction: .forward)!
                if ours != oracle && !Self.oracleMissesGapStart(zone: zone, calendar: calendar, date: date, at: at, ours: ours) {
                    mismatches.append("\(date) \(time): \(ours) vs \(oracle)")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    /// Foundation overshoots by an hour when the wanted time is the gap's very first minute and that minute
    /// is not on the hour (Chatham jumps at 02:45). There the rule is checked directly: the wall time does
    /// not exist, and legday fires at the wall time shifted by the gap (02:45 → 03:45).
    static func oracleMissesGapStart(zone: TimeZone, calendar: Calendar, date: LocalDate, at: TimeOfDay, ours: Date) -> Bool {
        let wall = Double(date.daysSinceEpoch * 86_400 + at.minutesSinceMidnight * 60)
        let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall - 86_400))
        let after = zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall + 86_400))
        guard after > before else { return false }
        let exists = [before, after].contains { zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall - Double($0))) == $0 }
        let local = calendar.dateComponents([.hour, .minute], from: ours)
        let shifted = at.minutesSinceMidnight + (after - before) / 60
        return !exists && local.hour! * 60 + local.minute! == shifted
    }

    @Test func chathamSpringGapShiftsByTheGap() {
        let chatham = TimeZone(identifier: "Pacific/Chatham")!
        let times = ReminderTimes(timeZone: chatham, dailyAt: TimeOfDay("02:45")!)
        // 2026-09-27 02:45 +12:45 does not exist; 03:45 +13:45 is 14:00 UTC the day before.
        #expect(times.instant(on: LocalDate(iso: "2026-09-27")!) == ISO8601DateFormatter().date(from: "2026-09-26T14:00:00Z"))
    }

    @Test(arguments: zones)
    func nextWalksOneDayAtATime(zoneID: String) throws {
        let zone = try #require(TimeZone(identifier: zoneID))
        for time in ["02:30", "07:00"] {
            let times = ReminderTimes(timeZone: zone, dailyAt: TimeOfDay(time)!)
            var moment = times.instant(on: LocalDate(iso: "2026-01-01")!).addingTimeInterval(-1)
            var previous: LocalDate?
            for _ in 0..<730 {
                let next = times.next(after: moment)
                #expect(next.instant > moment)
                if let previous { #expect(previous.days(until: next.date) == 1) }
                previous = next.date
                moment = next.instant
            }
        }
    }
}
