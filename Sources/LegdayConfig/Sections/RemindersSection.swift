import Foundation
import LegdayCore

/// `[reminders]`: when the daily reminder goes out and what happens to one missed while legday was down.
enum RemindersSection {
    static let keys = ["daily_at", "catch_up"]

    static func read(_ root: [String: ConfigValue], _ checker: ConfigChecker) -> ReminderSettings {
        let path = ConfigKeyPath("reminders")
        var settings = ReminderSettings()
        guard let table = checker.table(root, "reminders", at: ConfigKeyPath()) else { return settings }
        checker.checkKeys(table, at: path, allowed: keys)

        let at = path.appending("daily_at")
        switch table["daily_at"] {
        case nil: break
        case .string(let text)?:
            if let time = TimeOfDay(text.trimmingCharacters(in: .whitespaces)) {
                settings.dailyAt = time
            } else {
                checker.error(at: at, "\"\(text)\" is not a time of day; write HH:MM in 24-hour time, e.g. \"07:00\"")
            }
        case .time(let time)?:
            settings.dailyAt = time
        case let other?:
            checker.expected("a time of day as \"HH:MM\"", found: other, at: at)
        }
        if let catchUp = checker.choice(table, "catch_up", at: path, as: CatchUp.self) { settings.catchUp = catchUp }
        return settings
    }
}
