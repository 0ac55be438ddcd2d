import Foundation
import LegdayCore

/// Reads an iCalendar file (RFC 5545) into schedule entries and annotations.
///
/// Hand-written: no Swift iCalendar library is available to legday, and a schedule needs only VEVENTs with
/// their dates, text and simple recurrences. It is deliberately forgiving (see docs/schedules.md): a wrong
/// VERSION, a missing UID or VCALENDAR wrapper, odd line endings and odd folding are all read; what cannot be
/// read becomes a `Diagnostic` with the line, and only that event (or that property) is skipped.
struct ICalendarReader {
    /// An event spanning this many days or more is a note about the period, not a session on each day.
    static let annotationDays = 7

    /// One VEVENT's properties, collected before the calendar's zones are known.
    struct RawEvent {
        var line: Int
        var summary: String = ""
        var description: String = ""
        var start: ContentLine?
        var end: ContentLine?
        var duration: ContentLine?
        var rrule: ContentLine?
        var exdates: [ContentLine] = []
        var rdates: [ContentLine] = []
        var uid: String?
        var recurrenceID: ContentLine?
        var cancelled = false
    }

    let path: String
    let horizonDays: Int
    let zones: ZoneResolver
    private(set) var diagnostics: [Diagnostic] = []
    private var warnedZones: Set<String> = []
    /// Entries and notes made so far from this file, against `ScheduleReader.maxEntriesPerFile`.
    private var occurrences = 0

    init(path: String, athleteZone: TimeZone, horizonDays: Int) {
        self.path = path
        self.horizonDays = horizonDays
        self.zones = ZoneResolver(athleteZone: athleteZone)
    }

    mutating func read(_ bytes: [UInt8], into builder: inout ScheduleBuilder) {
        let lines = ICalendarLines(bytes: bytes)
        for problem in lines.problems {
            diagnostics.append(Diagnostic(location(problem.line), problem.message, severity: .warning))
        }
        let events = collectEvents(lines.lines)
        // Moved occurrences (RECURRENCE-ID) replace the master's occurrence on that day.
        var moved: [String: Set<LocalDate>] = [:]
        for event in events {
            guard let uid = event.uid, let recurrence = event.recurrenceID,
                  let time = parseTime(recurrence, what: "RECURRENCE-ID") else { continue }
            moved[uid, default: []].insert(localDate(time, line: recurrence.line))
        }
        // An event written twice (the same UID, start and title) is one event.
        var seen: Set<[String]> = []
        for event in events where !event.cancelled || event.recurrenceID != nil {
            // A cancelled moved occurrence still removes the master's occurrence, but adds nothing.
            if event.cancelled { continue }
            if let uid = event.uid, event.recurrenceID == nil,
               !seen.insert([uid, event.start?.value ?? "", event.summary]).inserted { continue }
            resolve(event, skipping: event.recurrenceID == nil ? moved[event.uid ?? ""] ?? [] : [], into: &builder)
        }
    }

    /// Walks BEGIN/END blocks and keeps each VEVENT's own properties (not those of its VALARMs).
    private mutating func collectEvents(_ lines: [ContentLine]) -> [RawEvent] {
        var events: [RawEvent] = []
        var stack: [String] = []
        var open: [String: Int] = [:]  // how many of each component `stack` holds
        var event: RawEvent?
        var timezoneID: String?
        for line in lines {
            switch line.name {
            case "BEGIN":
                let component = line.value.uppercased().trimmedWhitespace
                if component == "VEVENT" {
                    if let unfinished = event {
                        diagnostics.append(Diagnostic(location(unfinished.line), "event has no END:VEVENT before the next event; skipped"))
                        stack.removeAll { $0 == "VEVENT" }
                        open["VEVENT"] = 0
                    }
                    event = RawEvent(line: line.line)
                } else if component == "VTIMEZONE" {
                    timezoneID = nil
                }
                stack.append(component)
                open[component, default: 0] += 1
            case "END":
                let component = line.value.uppercased().trimmedWhitespace
                // Looked up in the counts, not the stack: 800 KB of unmatched END lines against a deep
                // stack would otherwise scan it once each (quadratic). A matched END pops what it scans.
                guard open[component, default: 0] > 0, let index = stack.lastIndex(of: component) else {
                    diagnostics.append(Diagnostic(location(line.line), "END:\(component) without a BEGIN:\(component)", severity: .warning))
                    continue
                }
                for closed in stack[index...] { open[closed, default: 0] -= 1 }
                stack.removeSubrange(index...)
                if component == "VEVENT", let finished = event {
                    events.append(finished)
                    event = nil
                }
            default:
                let inside = stack.last
                if inside == "VEVENT", event != nil {
                    add(line, to: &event)
                } else if inside == "VCALENDAR" || inside == nil, line.name == "X-WR-TIMEZONE" {
                    zones.calendarZoneName = line.value.trimmedWhitespace
                } else if inside == "VTIMEZONE", line.name == "TZID" {
                    timezoneID = line.value.trimmedWhitespace
                } else if inside == "STANDARD", line.name == "TZOFFSETTO", let id = timezoneID,
                          let offset = ICalendarReader.utcOffset(line.value) {
                    zones.vtimezoneOffsets[id] = offset
                }
            }
        }
        if let unfinished = event {
            diagnostics.append(Diagnostic(location(unfinished.line), "event has no END:VEVENT (the file ends inside it); skipped"))
        }
        return events
    }

    private func add(_ line: ContentLine, to event: inout RawEvent?) {
        switch line.name {
        case "SUMMARY": event?.summary = ICalendarLines.unescape(line.value).trimmedWhitespace
        case "DESCRIPTION": event?.description = ICalendarLines.unescape(line.value)
        case "DTSTART": event?.start = line
        case "DTEND": event?.end = line
        case "DURATION": event?.duration = line
        case "RRULE": event?.rrule = line
        case "EXDATE": event?.exdates.append(line)
        case "RDATE": event?.rdates.append(line)
        case "UID": event?.uid = line.value
        case "RECURRENCE-ID": event?.recurrenceID = line
        case "STATUS": event?.cancelled = line.value.uppercased().hasPrefix("CANCELLED")
        default: break
        }
    }

    /// Turns one event into entries on the athlete's days, or an annotation when it spans a week or more.
    private mutating func resolve(_ event: RawEvent, skipping moved: Set<LocalDate>, into builder: inout ScheduleBuilder) {
        guard let startLine = event.start else {
            diagnostics.append(Diagnostic(location(event.line), "event \"\(event.summary)\" has no DTSTART; skipped"))
            return
        }
        guard let start = parseTime(startLine, what: "DTSTART") else { return }
        let days = spanDays(of: event, start: start)

        var starts: [CalendarTime] = [start]
        if let ruleLine = event.rrule {
            do {
                let rule = try RecurrenceRule(ruleLine.value)
                starts = rule.dates(from: start.date, horizonDays: horizonDays).map { start.on($0) }
            } catch {
                guard case .message(let message) = error else { return }
                diagnostics.append(Diagnostic(location(ruleLine.line), "\(message); only the first occurrence is used"))
            }
        }
        for line in event.rdates {
            starts += timeList(line, what: "RDATE", zoneOf: start)
        }
        var excluded = moved
        for line in event.exdates {
            for time in timeList(line, what: "EXDATE", zoneOf: start) {
                excluded.insert(localDate(time, line: line.line))
            }
        }
        var seen: Set<LocalDate> = []
        for occurrence in starts {
            let first = localDate(occurrence, line: startLine.line)
            guard !excluded.contains(first), seen.insert(first).inserted else { continue }
            guard occurrences < ScheduleReader.maxEntriesPerFile else {
                if occurrences == ScheduleReader.maxEntriesPerFile {
                    occurrences += 1  // warned once
                    diagnostics.append(Diagnostic(location(event.line),
                        "the calendar makes more than \(ScheduleReader.maxEntriesPerFile) entries (repeating events "
                        + "without an end?); this event's later occurrences and every later event are left out"))
                }
                return
            }
            occurrences += 1
            if days >= ICalendarReader.annotationDays {
                builder.add(Annotation(first: first, last: first.adding(days: days - 1), text: event.summary),
                            source: location(event.line))
                continue
            }
            // An all-day event of a few days ("Rest: Mon-Wed") is that entry on each of its days.
            for offset in 0..<(occurrence.isDate ? days : 1) {
                builder.add(ScheduleEntry(date: first.adding(days: offset), title: event.summary,
                                          description: event.description, source: location(event.line)))
            }
        }
    }

    /// How many days an event covers: all-day events by their DTEND or DURATION (at least one), timed events
    /// by the days their start and end fall on.
    private mutating func spanDays(of event: RawEvent, start: CalendarTime) -> Int {
        if let endLine = event.end {
            guard let end = parseTime(endLine, what: "DTEND", severity: .warning) else { return 1 }
            if start.isDate {
                return max(1, start.date.days(until: end.date))
            }
            // Both on one clock (the usual case): the wall-clock difference is enough to count days.
            let seconds: Double
            if case .dateTime(let startDay, let startSeconds, let startZone) = start,
               case .dateTime(let endDay, let endSeconds, let endZone) = end, startZone == endZone {
                seconds = Double(startDay.days(until: endDay) * 86_400 + endSeconds - startSeconds)
            } else {
                seconds = zones.instant(of: end) - zones.instant(of: start)
            }
            return max(1, Int((seconds - 1) / 86_400) + 1)
        }
        if let durationLine = event.duration {
            guard let seconds = durationSeconds(durationLine.value) else {
                diagnostics.append(Diagnostic(location(durationLine.line), "DURATION '\(durationLine.value)' is not a duration such as P1D or PT1H", severity: .warning))
                return 1
            }
            return max(1, Int((Double(seconds) - 1) / 86_400) + 1)
        }
        return 1
    }

    private mutating func parseTime(_ line: ContentLine, what: String, severity: Diagnostic.Severity = .error) -> CalendarTime? {
        if let time = CalendarTime(line.value, tzid: line.parameter("TZID")) { return time }
        let consequence = severity == .error ? "; event skipped" : "; ignored"
        diagnostics.append(Diagnostic(location(line.line),
            "\(what) '\(line.value)' is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS, optionally ending in Z)\(consequence)",
            severity: severity))
        return nil
    }

    /// EXDATE and RDATE hold comma-separated lists; a bare time list takes the event's own zone.
    private mutating func timeList(_ line: ContentLine, what: String, zoneOf start: CalendarTime) -> [CalendarTime] {
        var times: [CalendarTime] = []
        for item in line.value.split(separator: ",") {
            let tzid = line.parameter("TZID") ?? { if case .dateTime(_, _, .named(let n)) = start { n } else { nil } }()
            if let time = CalendarTime(item, tzid: tzid) {
                times.append(time)
            } else {
                diagnostics.append(Diagnostic(location(line.line), "\(what) value '\(item)' is not a date; ignored", severity: .warning))
            }
        }
        return times
    }

    private mutating func localDate(_ time: CalendarTime, line: Int) -> LocalDate {
        var unknown: String?
        let date = zones.localDate(of: time, unknownZone: &unknown)
        if let unknown, warnedZones.insert(unknown).inserted {
            diagnostics.append(Diagnostic(location(line),
                "unknown time zone '\(unknown)' (no such IANA name and no VTIMEZONE); times read in the athlete's zone",
                severity: .warning))
        }
        return date
    }

    private func location(_ line: Int) -> SourceLocation { SourceLocation(path: path, line: line) }

    /// `+0100`, `-0500`, `+053000` → seconds east of UTC.
    static func utcOffset(_ text: String) -> Int? {
        let trimmed = text.trimmedWhitespace
        guard let sign = trimmed.first, sign == "+" || sign == "-" else { return nil }
        let digits = trimmed.dropFirst()
        guard digits.count == 4 || digits.count == 6, digits.allSatisfy(\.isNumber),
              let hh = Int(digits.prefix(2)), let mm = Int(digits.dropFirst(2).prefix(2)) else { return nil }
        let ss = digits.count == 6 ? Int(digits.suffix(2)) ?? 0 : 0
        return (sign == "-" ? -1 : 1) * (hh * 3600 + mm * 60 + ss)
    }
}

extension CalendarTime {
    /// The same kind of time (and clock time and zone) on another day: how a recurrence moves its start.
    func on(_ date: LocalDate) -> CalendarTime {
        switch self {
        case .date: .date(date)
        case .dateTime(_, let seconds, let zone): .dateTime(date, secondsOfDay: seconds, zone: zone)
        }
    }
}
