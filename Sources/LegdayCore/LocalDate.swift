/// A calendar day in the athlete's time zone, with no time and no zone.
///
/// Plans are made of days, not instants: a run on "Tuesday" stays on Tuesday wherever the runner travels.
/// The arithmetic is the proleptic Gregorian calendar counted in days since 1970-01-01, so the planner
/// needs neither Foundation's `Calendar` nor a clock.
public struct LocalDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days after 1970-01-01 (negative before it). Stored as one integer because planning does arithmetic
    /// on days all the time and asks for year, month and day only when it prints.
    public let daysSinceEpoch: Int

    /// Creates a date, or nil when the day does not exist (2027-02-29, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= LocalDate.daysIn(month: month, year: year) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        self.daysSinceEpoch = era * 146_097 + doe - 719_468
    }

    /// The day `daysSinceEpoch` days after 1970-01-01 (negative before it).
    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    public var year: Int { civil.year }
    public var month: Int { civil.month }
    public var day: Int { civil.day }

    /// Howard Hinnant's civil_from_days: exact for every day in range, no loops.
    private var civil: (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso: some StringProtocol) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var weekday: Weekday {
        switch weekdayIndex {
        case 0: .mon
        case 1: .tue
        case 2: .wed
        case 3: .thu
        case 4: .fri
        case 5: .sat
        default: .sun
        }
    }

    /// 0 for Monday through 6 for Sunday; 1970-01-01 was a Thursday.
    var weekdayIndex: Int { ((daysSinceEpoch % 7) + 7 + 3) % 7 }

    /// The Monday that starts this date's week (weeks run Monday to Sunday, as ISO 8601 has them).
    public var startOfWeek: LocalDate { adding(days: -weekdayIndex) }

    public func adding(days: Int) -> LocalDate { LocalDate(daysSinceEpoch: daysSinceEpoch + days) }

    public func days(until other: LocalDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    public var iso: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        let (year, month, day) = civil
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public var description: String { iso }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

/// The days of the week, Monday first.
public enum Weekday: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    case mon, tue, wed, thu, fri, sat, sun

    /// 0 for Monday through 6 for Sunday.
    public var index: Int {
        switch self {
        case .mon: 0
        case .tue: 1
        case .wed: 2
        case .thu: 3
        case .fri: 4
        case .sat: 5
        case .sun: 6
        }
    }

    public var name: String {
        switch self {
        case .mon: "Monday"
        case .tue: "Tuesday"
        case .wed: "Wednesday"
        case .thu: "Thursday"
        case .fri: "Friday"
        case .sat: "Saturday"
        case .sun: "Sunday"
        }
    }

    public static func < (a: Weekday, b: Weekday) -> Bool { a.index < b.index }
}

/// A closed range of days, both ends included.
public struct DateRange: Hashable, Sendable, Sequence {
    public let first: LocalDate
    public let last: LocalDate

    public init(first: LocalDate, last: LocalDate) {
        self.first = first
        self.last = Swift.max(first, last)
    }

    public init(first: LocalDate, days: Int) {
        self.init(first: first, last: first.adding(days: Swift.max(days, 1) - 1))
    }

    public var count: Int { first.days(until: last) + 1 }

    public func contains(_ date: LocalDate) -> Bool { date >= first && date <= last }

    public func makeIterator() -> AnyIterator<LocalDate> {
        var next = first.daysSinceEpoch
        let end = last.daysSinceEpoch
        return AnyIterator {
            guard next <= end else { return nil }
            defer { next += 1 }
            return LocalDate(daysSinceEpoch: next)
        }
    }
}
