import LegdayCore

/// The part of RFC 5545's RRULE that training plans use: FREQ=DAILY or WEEKLY with COUNT, UNTIL, INTERVAL
/// and BYDAY. Weeks start on Monday (WKST is read but only Monday-started weeks are expanded).
struct RecurrenceRule: Equatable {
    enum Frequency: String { case daily = "DAILY", weekly = "WEEKLY" }

    var frequency: Frequency
    var interval = 1
    var count: Int?
    /// The last day an occurrence may fall on (the date part of UNTIL, as written).
    var until: LocalDate?
    var byDay: [Weekday] = []

    enum ParseError: Error, Equatable {
        case message(String)
    }

    init(frequency: Frequency) {
        self.frequency = frequency
    }

    init(_ text: String) throws(ParseError) {
        var frequency: Frequency?
        var rule = RecurrenceRule(frequency: .daily)
        for part in text.split(separator: ";") where !part.isEmpty {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { throw .message("RRULE part '\(part)' is not NAME=VALUE") }
            let key = pair[0].uppercased()
            let value = pair[1]
            switch key {
            case "FREQ":
                guard let known = Frequency(rawValue: value.uppercased()) else {
                    throw .message("RRULE FREQ=\(value) is not supported (only DAILY and WEEKLY)")
                }
                frequency = known
            case "INTERVAL":
                guard let n = Int(value), n >= 1 else { throw .message("RRULE INTERVAL=\(value) is not a positive number") }
                rule.interval = n
            case "COUNT":
                guard let n = Int(value), n >= 1 else { throw .message("RRULE COUNT=\(value) is not a positive number") }
                rule.count = n
            case "UNTIL":
                guard let time = CalendarTime(value, tzid: nil) else {
                    throw .message("RRULE UNTIL=\(value) is not a date")
                }
                rule.until = time.date
            case "BYDAY":
                for item in value.split(separator: ",") {
                    // A leading ordinal ("1MO", "-1FR") only means something for monthly rules.
                    let letters = item.drop { $0 == "+" || $0 == "-" || $0.isNumber }.uppercased()
                    guard let day = RecurrenceRule.weekdays[letters] else {
                        throw .message("RRULE BYDAY value '\(item)' is not a weekday (MO…SU)")
                    }
                    rule.byDay.append(day)
                }
            case "WKST":
                continue
            default:
                throw .message("RRULE \(key) is not supported")
            }
        }
        guard let frequency else { throw .message("RRULE has no FREQ") }
        rule.frequency = frequency
        self = rule
    }

    static let weekdays: [String: Weekday] = [
        "MO": .mon, "TU": .tue, "WE": .wed, "TH": .thu, "FR": .fri, "SA": .sat, "SU": .sun,
    ]

    /// The dates of every occurrence from `start` on, `start` included, up to `horizon` days after it.
    /// A rule with neither COUNT nor UNTIL stops at the horizon, so no rule can run forever.
    func dates(from start: LocalDate, horizonDays: Int) -> [LocalDate] {
        let horizon = start.adding(days: horizonDays)
        let lastAllowed = until.map { min($0, horizon) } ?? horizon
        let limit = count ?? Int.max
        // A step past the horizon yields only the first occurrence; capping it keeps huge INTERVALs from
        // overflowing the day arithmetic.
        let step = max(1, min(interval, horizonDays + 1))
        var result: [LocalDate] = [start]
        func accept(_ date: LocalDate) -> Bool {
            guard date > start else { return true }
            guard date <= lastAllowed, result.count < limit else { return false }
            result.append(date)
            return true
        }
        switch frequency {
        case .daily:
            var day = start
            while day <= lastAllowed, result.count < limit {
                if byDay.isEmpty || byDay.contains(day.weekday) { _ = accept(day) }
                day = day.adding(days: step)
            }
        case .weekly:
            let days = (byDay.isEmpty ? [start.weekday] : byDay).sorted().map(\.index)
            var week = start.startOfWeek
            outer: while week <= lastAllowed, result.count < limit {
                for offset in Set(days).sorted() {
                    let day = week.adding(days: offset)
                    if day <= start { continue }
                    if !accept(day) { break outer }
                }
                week = week.adding(days: 7 * step)
            }
        }
        return result
    }
}
