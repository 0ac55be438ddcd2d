import Foundation
import LegdayCore

/// `[athlete]`: time zone, lifting policy, experience, gym days and equipment.
enum AthleteSection {
    static let keys = ["timezone", "policy", "experience", "gym_days", "gym_equipment", "home_equipment", "start"]

    static func read(_ root: [String: ConfigValue], _ checker: ConfigChecker) -> AthleteProfile {
        let path = ConfigKeyPath("athlete")
        var profile = AthleteProfile(timezone: TimeZone.current.identifier)
        guard let table = checker.table(root, "athlete", at: ConfigKeyPath()) else { return profile }
        checker.checkKeys(table, at: path, allowed: keys)

        if let zone = checker.string(table, "timezone", at: path) {
            if zone == "system" {
                profile.timezone = TimeZone.current.identifier
            } else if TimeZone(identifier: zone) != nil {
                profile.timezone = zone
            } else {
                checker.error(at: path.appending("timezone"),
                              "unknown time zone \"\(zone)\"; use an IANA name such as \"Europe/Berlin\"")
            }
        }
        if let policy = checker.choice(table, "policy", at: path, as: LiftPolicy.self) { profile.policy = policy }
        if let level = checker.choice(table, "experience", at: path, as: ExperienceLevel.self) { profile.experience = level }
        if let days = checker.list(table, "gym_days", at: path, { text, at in weekday(text, at, checker) }) {
            profile.gymDays = Set(days)
        }
        if let gear = checker.list(table, "gym_equipment", at: path, { text, at in equipment(text, at, checker) }) {
            profile.gymEquipment = Set(gear)
        }
        if let gear = checker.list(table, "home_equipment", at: path, { text, at in equipment(text, at, checker) }) {
            profile.homeEquipment = Set(gear)
        }
        if table["start"] != nil { profile.start = RacesSection.raceDate(table, key: "start", at: path, checker) }
        return profile
    }

    /// `mon`, `Monday` and `monday` all name Monday.
    static func weekday(_ text: String, _ path: ConfigKeyPath, _ checker: ConfigChecker) -> Weekday? {
        let lower = text.lowercased()
        if let day = Weekday.allCases.first(where: { $0.rawValue == lower || $0.name.lowercased() == lower }) {
            return day
        }
        checker.error(at: path, "\"\(text)\" is not a weekday; use mon, tue, wed, thu, fri, sat or sun")
        return nil
    }

    static func equipment(_ text: String, _ path: ConfigKeyPath, _ checker: ConfigChecker) -> Equipment? {
        if let gear = Equipment(rawValue: text.lowercased()) { return gear }
        let known = Equipment.allCases.map(\.rawValue).joined(separator: ", ")
        checker.error(at: path, "unknown equipment \"\(text)\"; known: \(known)")
        return nil
    }
}
