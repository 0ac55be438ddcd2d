import Foundation
import LegdayCore

/// `[reminders]`: when the daily reminder goes out, the optional evening-before and weekly moments, and what
/// happens to one missed while legday was down.
enum RemindersSection {
    static let keys = ["daily_at", "catch_up", "evening_before", "weekly"]

    static func read(_ root: [String: ConfigValue], _ checker: ConfigChecker) -> ReminderSettings {
        let path = ConfigKeyPath("reminders")
        var settings = ReminderSettings()
        guard let table = checker.table(root, "reminders", at: ConfigKeyPath()) else { return settings }
        checker.checkKeys(table, at: path, allowed: keys)

        if let time = timeOfDay(table, "daily_at", at: path, checker) { settings.dailyAt = time }
        settings.eveningBefore = timeOfDay(table, "evening_before", at: path, checker, example: "20:00")
        settings.weekly = weekly(table, at: path, checker)
        if let catchUp = checker.choice(table, "catch_up", at: path, as: CatchUp.self) { settings.catchUp = catchUp }
        return settings
    }

    /// `"HH:MM"` or a TOML time; nil when the key is absent or wrong (the checker has the problem).
    static func timeOfDay(_ table: [String: ConfigValue], _ key: String, at path: ConfigKeyPath,
                          _ checker: ConfigChecker, example: String = "07:00") -> TimeOfDay? {
        let at = path.appending(key)
        switch table[key] {
        case nil:
            return nil
        case .string(let text)?:
            if let time = TimeOfDay(text.trimmingCharacters(in: .whitespaces)) { return time }
            checker.error(at: at, "\"\(text)\" is not a time of day; write HH:MM in 24-hour time, e.g. \"\(example)\"")
            return nil
        case .time(let time)?:
            return time
        case let other?:
            checker.expected("a time of day as \"HH:MM\"", found: other, at: at)
            return nil
        }
    }

    /// `weekly = "sun 18:00"`: a weekday (`sun`, `Sunday`) and a time of day.
    static func weekly(_ table: [String: ConfigValue], at path: ConfigKeyPath, _ checker: ConfigChecker) -> WeeklyTime? {
        let at = path.appending("weekly")
        switch table["weekly"] {
        case nil:
            return nil
        case .string(let text)?:
            let parts = text.split(whereSeparator: \.isWhitespace)
            guard parts.count == 2 else {
                checker.error(at: at, "\"\(text)\" is not a weekday and a time; write e.g. \"sun 18:00\"")
                return nil
            }
            let lower = parts[0].lowercased()
            let weekday = Weekday.allCases.first { $0.rawValue == lower || $0.name.lowercased() == lower }
            let time = TimeOfDay(parts[1])
            if weekday == nil {
                checker.error(at: at, "\"\(parts[0])\" is not a weekday; use mon, tue, wed, thu, fri, sat or sun, "
                              + "e.g. \"sun 18:00\"")
            }
            if time == nil {
                checker.error(at: at, "\"\(parts[1])\" is not a time of day; write HH:MM in 24-hour time, "
                              + "e.g. \"sun 18:00\"")
            }
            guard let weekday, let time else { return nil }
            return WeeklyTime(weekday: weekday, time: time)
        case let other?:
            checker.expected("a weekday and a time as \"sun 18:00\"", found: other, at: at)
            return nil
        }
    }
}
