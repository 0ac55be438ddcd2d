import Foundation
import LegdayCore

/// A DATE or DATE-TIME value as an iCalendar file writes it.
enum CalendarTime: Equatable {
    /// Whose clock a DATE-TIME is read on.
    enum Zone: Equatable {
        case utc
        /// No zone: the calendar's `X-WR-TIMEZONE`, else the athlete's.
        case floating
        case named(String)
    }

    case date(LocalDate)
    case dateTime(LocalDate, secondsOfDay: Int, zone: Zone)

    var date: LocalDate {
        switch self {
        case .date(let date), .dateTime(let date, _, _): date
        }
    }

    var isDate: Bool { if case .date = self { true } else { false } }

    /// Reads `20180511`, `20180511T090000`, `20180511T090000Z`; `tzid` is the TZID parameter, if any.
    /// A value with a time is a DATE-TIME even when VALUE=DATE says otherwise, and the other way round:
    /// exporters get the parameter wrong more often than the value.
    init?(_ text: some StringProtocol, tzid: String?) {
        let utf8 = Array(text.utf8.filter { $0 != 0x20 })
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= utf8.count else { return nil }
            var value = 0
            for byte in utf8[from..<from + count] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard utf8.count >= 8, let y = number(0, 4), let m = number(4, 2), let d = number(6, 2),
              let date = LocalDate(year: y, month: m, day: d) else { return nil }
        if utf8.count == 8 {
            self = .date(date)
            return
        }
        guard utf8.count >= 15, utf8[8] == UInt8(ascii: "T") || utf8[8] == UInt8(ascii: "t"),
              let hh = number(9, 2), let mm = number(11, 2), let ss = number(13, 2),
              hh < 24, mm < 60, ss <= 60 else { return nil }
        let seconds = hh * 3600 + mm * 60 + min(ss, 59)
        if utf8.count == 16, utf8[15] == UInt8(ascii: "Z") || utf8[15] == UInt8(ascii: "z") {
            self = .dateTime(date, secondsOfDay: seconds, zone: .utc)
        } else if utf8.count == 15 {
            let zone: Zone = tzid.map { $0.isEmpty ? .floating : .named($0) } ?? .floating
            self = .dateTime(date, secondsOfDay: seconds, zone: zone)
        } else {
            return nil
        }
    }
}

/// Turns iCalendar times into days in the athlete's time zone.
///
/// Zone names are looked up in the system's tz database. Real exports also carry Windows names ("W. Europe
/// Standard Time"), abbreviations (CET, CEST, EST) and vendor prefixes ("/mozilla.org/20050126_1/Europe/Berlin");
/// those are mapped to IANA ids. A name no table knows falls back to the fixed standard offset its VTIMEZONE
/// gives (ignoring daylight saving, which can move an event by an hour but rarely across midnight), and
/// without a VTIMEZONE to the athlete's own zone, with a warning.
final class ZoneResolver {
    let athleteZone: TimeZone
    /// The calendar's `X-WR-TIMEZONE`, used for floating times.
    var calendarZoneName: String?
    /// Standard offsets from VTIMEZONE blocks, by TZID.
    var vtimezoneOffsets: [String: Int] = [:]
    private var cache: [String: TimeZone?] = [:]
    /// Offsets by zone and quarter hour: Foundation's `secondsFromGMT(for:)` is slow on Linux, and every
    /// zone changes its offset only on a quarter hour.
    private var offsets: [OffsetKey: Int] = [:]

    private struct OffsetKey: Hashable {
        var zone: String
        var quarterHour: Int
    }

    func offset(of zone: TimeZone, at instant: Double) -> Int {
        let key = OffsetKey(zone: zone.identifier, quarterHour: Int((instant / 900).rounded(.down)))
        if let known = offsets[key] { return known }
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: instant))
        offsets[key] = offset
        return offset
    }

    init(athleteZone: TimeZone) {
        self.athleteZone = athleteZone
    }

    /// The zone a TZID names, or nil when nothing can make sense of it.
    func zone(named name: String) -> TimeZone? {
        if let cached = cache[name] { return cached }
        let found = ZoneResolver.lookUp(name) ?? vtimezoneOffsets[name].flatMap { TimeZone(secondsFromGMT: $0) }
        cache[name] = found
        return found
    }

    static func lookUp(_ name: String) -> TimeZone? {
        let trimmed = name.trimmedWhitespace
        if let zone = TimeZone(identifier: trimmed) { return zone }
        if let mapped = aliases[trimmed.lowercased()], let zone = TimeZone(identifier: mapped) { return zone }
        // "/mozilla.org/20050126_1/Europe/Berlin", "/citadel.org/20190101_1/America/New_York".
        let parts = trimmed.split(separator: "/")
        if parts.count >= 2 {
            for take in [3, 2] where parts.count >= take {
                if let zone = TimeZone(identifier: parts.suffix(take).joined(separator: "/")) { return zone }
            }
        }
        return nil
    }

    /// The athlete's day on which a time falls. `unknownZone` is set when a TZID could not be resolved.
    func localDate(of time: CalendarTime, unknownZone: inout String?) -> LocalDate {
        switch time {
        case .date(let date):
            return date
        case .dateTime(let date, let seconds, let zone):
            let source: TimeZone
            switch zone {
            case .utc:
                return athleteDate(instant: Double(date.daysSinceEpoch * 86_400 + seconds))
            case .floating:
                guard let name = calendarZoneName, let named = self.zone(named: name) else { return date }
                source = named
            case .named(let name):
                guard let named = self.zone(named: name) else {
                    unknownZone = name
                    return date
                }
                source = named
            }
            // The common case, an export in the runner's own zone, needs no arithmetic.
            if source.identifier == athleteZone.identifier { return date }
            return athleteDate(instant: instant(of: date, seconds: seconds, in: source))
        }
    }

    /// Seconds since 1970 of a wall-clock time in `zone`; times in a daylight-saving gap move forward.
    func instant(of date: LocalDate, seconds: Int, in zone: TimeZone) -> Double {
        let wall = Double(date.daysSinceEpoch * 86_400 + seconds)
        let firstGuess = wall - Double(offset(of: zone, at: wall))
        return wall - Double(offset(of: zone, at: firstGuess))
    }

    func athleteDate(instant: Double) -> LocalDate {
        let local = Int((instant + Double(offset(of: athleteZone, at: instant))).rounded(.down))
        return LocalDate(daysSinceEpoch: local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
    }

    /// Seconds since 1970 of any time, for measuring how long an event lasts.
    func instant(of time: CalendarTime) -> Double {
        switch time {
        case .date(let date):
            return Double(date.daysSinceEpoch * 86_400)
        case .dateTime(let date, let seconds, let zone):
            let tz: TimeZone
            switch zone {
            case .utc: return Double(date.daysSinceEpoch * 86_400 + seconds)
            case .floating: tz = calendarZoneName.flatMap { self.zone(named: $0) } ?? athleteZone
            case .named(let name): tz = self.zone(named: name) ?? athleteZone
            }
            return instant(of: date, seconds: seconds, in: tz)
        }
    }

    /// Windows zone names (as Outlook and Exchange write them) and common abbreviations.
    static let aliases: [String: String] = [
        "cet": "Europe/Berlin", "cest": "Europe/Berlin", "mez": "Europe/Berlin", "mesz": "Europe/Berlin",
        "w. europe standard time": "Europe/Berlin", "romance standard time": "Europe/Paris",
        "central europe standard time": "Europe/Budapest", "central european standard time": "Europe/Warsaw",
        "gmt standard time": "Europe/London", "greenwich standard time": "Atlantic/Reykjavik",
        "bst": "Europe/London", "e. europe standard time": "Europe/Chisinau", "fle standard time": "Europe/Kiev",
        "gtb standard time": "Europe/Bucharest", "russian standard time": "Europe/Moscow",
        "eastern standard time": "America/New_York", "est": "America/New_York", "edt": "America/New_York",
        "central standard time": "America/Chicago", "cst": "America/Chicago", "cdt": "America/Chicago",
        "mountain standard time": "America/Denver", "mst": "America/Denver", "mdt": "America/Denver",
        "us mountain standard time": "America/Phoenix",
        "pacific standard time": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
        "alaskan standard time": "America/Anchorage", "hawaiian standard time": "Pacific/Honolulu",
        "atlantic standard time": "America/Halifax", "canada central standard time": "America/Regina",
        "e. south america standard time": "America/Sao_Paulo", "sa pacific standard time": "America/Bogota",
        "tokyo standard time": "Asia/Tokyo", "china standard time": "Asia/Shanghai",
        "india standard time": "Asia/Kolkata", "singapore standard time": "Asia/Singapore",
        "korea standard time": "Asia/Seoul", "arabian standard time": "Asia/Dubai",
        "south africa standard time": "Africa/Johannesburg", "israel standard time": "Asia/Jerusalem",
        "aus eastern standard time": "Australia/Sydney", "e. australia standard time": "Australia/Brisbane",
        "cen. australia standard time": "Australia/Adelaide", "w. australia standard time": "Australia/Perth",
        "new zealand standard time": "Pacific/Auckland", "utc": "UTC", "coordinated universal time": "UTC",
        "gmt": "UTC", "z": "UTC",
    ]
}

/// `P1D`, `PT1H30M`, `P2W`, `-PT15M` (RFC 5545 section 3.3.6), in seconds.
func durationSeconds(_ text: String) -> Int? {
    var utf8 = Substring(text.trimmedWhitespace).utf8[...]
    var sign = 1
    if utf8.first == UInt8(ascii: "-") { sign = -1; utf8 = utf8.dropFirst() }
    else if utf8.first == UInt8(ascii: "+") { utf8 = utf8.dropFirst() }
    guard utf8.first == UInt8(ascii: "P") else { return nil }
    utf8 = utf8.dropFirst()
    var total = 0
    var number = 0
    var sawDigit = false
    var sawUnit = false
    for byte in utf8 {
        switch byte {
        case 0x30...0x39:
            number = number * 10 + Int(byte - 0x30)
            sawDigit = true
            if number > 100_000_000 { return nil }
        case UInt8(ascii: "T"):
            continue
        default:
            guard sawDigit else { return nil }
            switch byte {
            case UInt8(ascii: "W"): total += number * 604_800
            case UInt8(ascii: "D"): total += number * 86_400
            case UInt8(ascii: "H"): total += number * 3_600
            case UInt8(ascii: "M"): total += number * 60
            case UInt8(ascii: "S"): total += number
            default: return nil
            }
            number = 0
            sawDigit = false
            sawUnit = true
            // Many units in a row could overflow; nothing longer than the largest single unit is meaningful.
            if total > 100_000_000 * 604_800 { return nil }
        }
    }
    guard sawUnit, !sawDigit else { return nil }
    return sign * total
}
