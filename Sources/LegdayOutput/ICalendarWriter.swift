import LegdayCore

/// `legday plan --format ics`: the lift plan as an RFC 5545 calendar that calendar apps import or subscribe to.
///
/// One all-day VEVENT per lift or recovery day. UIDs are made from the athlete and the date only, so a
/// subscribed calendar updates a day in place when the plan changes instead of adding a second event.
/// Written by hand because it is a few dozen lines of well-specified text (TEXT escaping, 75-octet folding,
/// CRLF) and the package mirror holds no iCalendar writer; tests read the output back with an independent
/// parser.
public struct ICalendarWriter: Sendable {
    public var productID: String
    public var calendarName: String
    /// Part of every UID; give each athlete their own so two plans never share an event.
    public var athlete: String

    public init(productID: String = "-//legday//legday plan//EN", calendarName: String = "legday lift plan",
                athlete: String = "default") {
        self.productID = productID
        self.calendarName = calendarName
        self.athlete = athlete
    }

    /// The calendar. `stamp` is the creation time in seconds since 1970-01-01 UTC (DTSTAMP); the caller
    /// passes its clock's now, so this stays a pure function.
    public func document(_ plan: Plan, stamp: Int) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:\(Self.escape(productID))",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:\(Self.escape(calendarName))",
            "X-WR-TIMEZONE:\(Self.escape(plan.timezone))",
        ]
        let dtstamp = Self.utcTimestamp(stamp)
        for day in plan.days where day.kind.hasSession {
            lines += [
                "BEGIN:VEVENT",
                "UID:\(Self.escape("\(day.date.iso)-\(athlete)@legday"))",
                "DTSTAMP:\(dtstamp)",
                "DTSTART;VALUE=DATE:\(Self.basic(day.date))",
                "DTEND;VALUE=DATE:\(Self.basic(day.date.adding(days: 1)))",
                "SUMMARY:\(Self.escape(summary(day)))",
                "DESCRIPTION:\(Self.escape(ReminderText.body(for: day)))",
                "CATEGORIES:\(Self.escape(day.kind.rawValue))",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    func summary(_ day: DayPlan) -> String {
        "\(day.kind.label): \(day.session?.name ?? (day.kind == .recovery ? "mobility" : "strength"))"
    }

    /// RFC 5545 TEXT escaping: backslash, semicolon, comma and newlines; other control characters dropped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previousCR = false
        for scalar in text.unicodeScalars {
            defer { previousCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": if !previousCR { out += "\\n" }
            case "\r": out += "\\n"
            case "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Folds a content line so no physical line exceeds 75 octets (CRLF not counted); continuation lines
    /// start with one space. Never splits a UTF-8 sequence.
    public static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var out = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if octets + size > 75 {
                out += "\r\n "
                octets = 1
            }
            out.unicodeScalars.append(scalar)
            octets += size
        }
        return out
    }

    /// `YYYYMMDD`.
    static func basic(_ date: LocalDate) -> String { date.iso.replacing("-", with: "") }

    /// `YYYYMMDDTHHMMSSZ` for seconds since the epoch.
    static func utcTimestamp(_ seconds: Int) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(basic(LocalDate(daysSinceEpoch: days)))T\(two(rest / 3600))\(two(rest % 3600 / 60))\(two(rest % 60))Z"
    }
}
