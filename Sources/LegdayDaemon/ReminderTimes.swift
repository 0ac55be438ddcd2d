import Foundation
import LegdayCore

/// When the daily reminder fires, as instants, in the athlete's zone.
///
/// The rule (docs/time.md): a wall-clock time that does not exist on a day (the spring-forward gap) fires
/// shifted by the length of the gap, as RFC 5545 prescribes for DTSTART (02:30 → 03:30 in Europe/Berlin);
/// a time that happens twice (fall back) fires once, at its first occurrence.
public struct ReminderTimes: Sendable {
    public let timeZone: TimeZone
    public let dailyAt: TimeOfDay
    /// The zone as the runner wrote it; Foundation reports "UTC" as "GMT".
    public let zoneName: String

    public init(timeZone: TimeZone, dailyAt: TimeOfDay, zoneName: String? = nil) {
        self.timeZone = timeZone
        self.dailyAt = dailyAt
        self.zoneName = zoneName ?? timeZone.identifier
    }

    /// The instant of the reminder on `date`.
    public func instant(on date: LocalDate) -> Date {
        instant(of: date, at: dailyAt, in: timeZone)
    }

    /// The first reminder strictly after `moment`, with its local date.
    public func next(after moment: Date) -> (date: LocalDate, instant: Date) {
        let today = Self.localDate(of: moment, in: timeZone)
        for offset in -1...2 {
            let date = today.adding(days: offset)
            let at = instant(on: date)
            if at > moment { return (date, at) }
        }
        // Unreachable for real zones (offsets stay within ±26 h); keep going a day at a time regardless.
        var date = today.adding(days: 3)
        while instant(on: date) <= moment { date = date.adding(days: 1) }
        return (date, instant(on: date))
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
