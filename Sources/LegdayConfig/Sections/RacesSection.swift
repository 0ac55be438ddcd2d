import LegdayCore

/// `[[races]]`: the races the phases count down to.
enum RacesSection {
    static let keys = ["date", "name", "distance", "priority"]

    static func read(_ root: [String: ConfigValue], _ checker: ConfigChecker) -> [Race] {
        guard let value = root["races"] else { return [] }
        let path = ConfigKeyPath("races")
        guard let array = value.array else {
            checker.expected("an array of tables ([[races]])", found: value, at: path)
            return []
        }
        var races: [Race] = []
        for (index, element) in array.enumerated() {
            let at = path.appending(index: index)
            guard let table = element.table else {
                checker.expected("a table", found: element, at: at)
                continue
            }
            checker.checkKeys(table, at: at, allowed: keys)
            let date = raceDate(table, at: at, checker)
            let distance = raceDistance(table, at: at, checker)
            let name = checker.string(table, "name", at: at) ?? "Race"
            let priority = racePriority(table, at: at, checker)
            if let date, let distance { races.append(Race(date: date, name: name, distance: distance, priority: priority)) }
        }
        return races.sorted { $0.date < $1.date }
    }

    /// `priority = "A" | "B" | "C"`; absent, the planner decides (docs/training-rules.md).
    static func racePriority(_ table: [String: ConfigValue], at path: ConfigKeyPath, _ checker: ConfigChecker) -> RacePriority? {
        guard let value = table["priority"] else { return nil }
        let at = path.appending("priority")
        guard let text = value.string else {
            checker.expected("\"A\", \"B\" or \"C\"", found: value, at: at)
            return nil
        }
        if let priority = RacePriority(rawValue: text.uppercased()) { return priority }
        checker.error(at: at, "\"\(text)\" is not a race priority; use \"A\" (the goal race), \"B\" or \"C\"")
        return nil
    }

    /// A TOML date (`2027-04-25`) or the same as a string, under `key` (a race's `date`, `athlete.start`).
    static func raceDate(_ table: [String: ConfigValue], key: String = "date", at path: ConfigKeyPath,
                         _ checker: ConfigChecker) -> LocalDate? {
        let at = path.appending(key)
        switch table[key] {
        case nil:
            checker.keyError(at: path, "\(path): a race needs a date (date = YYYY-MM-DD)")
            return nil
        case .date(let date)?:
            return date
        case .string(let text)?:
            if let date = LocalDate(iso: text) { return date }
            checker.error(at: at, "\"\(text)\" is not a date; write YYYY-MM-DD, e.g. 2027-04-25")
            return nil
        case let other?:
            checker.expected("a date (YYYY-MM-DD)", found: other, at: at)
            return nil
        }
    }

    /// `5k`, `10k`, `half`, `marathon`, or kilometres as a number.
    static func raceDistance(_ table: [String: ConfigValue], at path: ConfigKeyPath, _ checker: ConfigChecker) -> RaceDistance? {
        let at = path.appending("distance")
        let message = "use 5k, 10k, half, marathon, or the distance in km as a number"
        switch table["distance"] {
        case nil:
            checker.keyError(at: path, "\(path): a race needs a distance (\(message))")
            return nil
        case .string(let text)?:
            if let distance = RaceDistance(text) { return distance }
            checker.error(at: at, "unknown race distance \"\(text)\"; \(message)")
            return nil
        case let number? where number.double != nil:
            if let km = number.double, km > 0, km < 1000 { return .km(km) }
            checker.error(at: at, "a race distance must be between 0 and 1000 km")
            return nil
        case let other?:
            checker.expected("a distance", found: other, at: at)
            return nil
        }
    }
}
