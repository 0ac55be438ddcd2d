import Foundation
import LegdayCore

/// When a reminder moment fires, as instants, in the athlete's zone: every day at `dailyAt`, or, with a
/// `weekday`, only on that day of the week.
///
/// The rule (docs/time.md): a wall-clock time that does not exist on a day (the spring-forward gap) fires
/// shifted by the length of the gap, as RFC 5545 prescribes for DTSTART (02:30 → 03:30 in Europe/Berlin);
/// a time that happens twice (fall back) fires once, at its first occurrence.
public struct ReminderTimes: Sendable {
    public let timeZone: TimeZone
    /// The wall-clock time of the reminder on each day it applies to.
    public let dailyAt: TimeOfDay
    /// The one day of the week the reminder applies to; nil: every day.
    public let weekday: Weekday?
    /// The zone as the runner wrote it; Foundation reports "UTC" as "GMT".
    public let zoneName: String

    public init(timeZone: TimeZone, dailyAt: TimeOfDay, weekday: Weekday? = nil, zoneName: String? = nil) {
        self.timeZone = timeZone
        self.dailyAt = dailyAt
        self.weekday = weekday
        self.zoneName = zoneName ?? timeZone.identifier
    }

    /// Whether the reminder fires on `date` at all.
    public func applies(on date: LocalDate) -> Bool {
        weekday.map { date.weekday == $0 } ?? true
    }

    /// The instant of the reminder on `date` (whether or not it applies that day).
    public func instant(on date: LocalDate) -> Date {
        instant(of: date, at: dailyAt, in: timeZone)
    }

    /// The first reminder strictly after `moment` on a day it applies to, with its local date.
    public func next(after moment: Date) -> (date: LocalDate, instant: Date) {
        let today = Self.localDate(of: moment, in: timeZone)
        // Offsets stay within ±26 h for real zones, so yesterday's instant may still lie ahead; a weekly
        // reminder looks at most a week further.
        var date = today.adding(days: -1)
        while !applies(on: date) || instant(on: date) <= moment { date = date.adding(days: 1) }
        return (date, instant(on: date))
    }

    /// The wall-clock time at `instant`, in the zone: what a runner's watch shows when the reminder fires
    /// (`dailyAt`, or later on a day whose time falls in a DST gap).
    public func localTime(of instant: Date) -> TimeOfDay {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: instant)
        let minutes = ((seconds % 86_400) + 86_400) % 86_400 / 60
        return TimeOfDay(hour: minutes / 60, minute: minutes % 60)!
    }

    /// The start of the day after `date`, local time: when a reminder for `date` expires.
    public func endOfDay(_ date: LocalDate) -> Date {
        instant(of: date.adding(days: 1), at: TimeOfDay(hour: 0, minute: 0)!, in: timeZone)
    }

    /// The local calendar date of an instant.
    public static func localDate(of moment: Date, in zone: TimeZone) -> LocalDate {
        let seconds = Int(moment.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: moment)
        return LocalDate(daysSinceEpoch: Int((Double(seconds) / 86_400).rounded(.down)))
    }

    /// Wall-clock `time` on `date` in `zone`, resolved by the gap and overlap rule above.
    public func instant(of date: LocalDate, at time: TimeOfDay, in zone: TimeZone) -> Date {
        // The wall time read as if it were UTC; subtracting the zone's offset gives the instant.
        let wall = Double(date.daysSinceEpoch * 86_400 + time.minutesSinceMidnight * 60)
        let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall - 86_400))
        let after = zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall + 86_400))
        var candidates: [Date] = []
        for offset in Set([before, after]) {
            let candidate = Date(timeIntervalSince1970: wall - Double(offset))
            if zone.secondsFromGMT(for: candidate) == offset { candidates.append(candidate) }
        }
        if let first = candidates.min() { return first }
        // In the gap: read the wall time with the offset from before the jump, which lands it after the
        // jump by exactly the gap's length.
        return Date(timeIntervalSince1970: wall - Double(before))
    }
}
