import Foundation
import LegdayCore

/// A reminder's day as instants in the runner's time zone: when it begins and when its deliveries expire.
public enum ReminderDay {
    /// The first instant of the day after `date` in `timeZone`: a delivery not through by then is expired.
    public static func end(of date: LocalDate, in timeZone: TimeZone) -> Date {
        start(of: date.adding(days: 1), in: timeZone)
    }

    /// The first instant of `date` in `timeZone` (midnight, or the first time that exists on a DST day).
    public static func start(of date: LocalDate, in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = DateComponents(year: date.year, month: date.month, day: date.day)
        return calendar.date(from: components).map { calendar.startOfDay(for: $0) }
            ?? Date(timeIntervalSince1970: TimeInterval(date.daysSinceEpoch) * 86_400)
    }

    /// The date in `timeZone` at `instant`.
    public static func date(at instant: Date, in timeZone: TimeZone) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return parts.year.flatMap { y in parts.month.flatMap { m in parts.day.flatMap { d in
            LocalDate(year: y, month: m, day: d)
        } } } ?? LocalDate(daysSinceEpoch: Int((instant.timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}
