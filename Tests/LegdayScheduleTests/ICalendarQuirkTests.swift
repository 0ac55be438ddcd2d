import Foundation
import LegdayCore
import Testing
@testable import LegdaySchedule

/// The quirks of real iCalendar exports, one at a time.
@Suite struct ICalendarQuirkTests {
    static func calendar(_ events: String, lineEnding: String = "\r\n") -> String {
        ("BEGIN:VCALENDAR\nVERSION:2.0\n" + events + "END:VCALENDAR\n")
            .replacingOccurrences(of: "\n", with: lineEnding)
    }

    @Test(arguments: ["\r\n", "\n"])
    func foldingAtOctetsOrCharactersOrNotAtAll(lineEnding: String) {
        let title = "Long run 30 km – Zürich lake loop with the club... Ünterwegs négatif split"
        let line = Array(("SUMMARY:" + title).utf8)
        // Folded every 75 octets (splitting multi-byte characters), every 75 characters, and not at all.
        var byOctets: [UInt8] = []
        for (index, byte) in line.enumerated() {
            if index > 0 && index % 75 == 0 { byOctets += Array((lineEnding + " ").utf8) }
            byOctets.append(byte)
        }
        let characters = Array("SUMMARY:" + title)
        let byCharacters = stride(from: 0, to: characters.count, by: 75)
            .map { String(characters[$0..<min($0 + 75, characters.count)]) }
            .joined(separator: lineEnding + "\t")
        for summary in [byOctets, Array(byCharacters.utf8), line] {
            var raw = Array("BEGIN:VCALENDAR\(lineEnding)BEGIN:VEVENT\(lineEnding)DTSTART:20270110\(lineEnding)".utf8)
            raw += summary + Array("\(lineEnding)END:VEVENT\(lineEnding)END:VCALENDAR\(lineEnding)".utf8)
            let result = ScheduleReader.parse(data: Data(raw), format: .ics, path: "fold.ics")
            #expect(result.schedule.runs.map(\.title) == [title])
            #expect(result.schedule.summary == ["2027-01-10 long 30.0"])
            #expect(result.diagnostics.isEmpty)
        }
        // The fold really does cut "Ü" in two.
        #expect(line[74] == 0xC3)
    }

    @Test func aDescriptionSplitInsideACharacterIsJoinedBeforeDecoding() throws {
        let url = Fixture.directory.appendingPathComponent("novice-marathon.ics")
        let bytes = try [UInt8](Data(contentsOf: url))
        let lines = ICalendarLines(bytes: bytes)
        let description = lines.lines.first { $0.name == "DESCRIPTION" && $0.value.contains("fuelling") }
        #expect(description?.value.contains("Glücksbringer 🍀 optional") == true)
        #expect(lines.problems.isEmpty)
    }

    @Test func oneBadEventNeverLosesTheRest() {
        let text = Self.calendar("""
        BEGIN:VEVENT
        DTSTART;VALUE=DATE:20270104
        SUMMARY:Easy 5 km
        END:VEVENT
        BEGIN:VEVENT
        SUMMARY:Tempo with no date
        END:VEVENT
        BEGIN:VEVENT
        DTSTART:tomorrow
        SUMMARY:Intervals
        END:VEVENT
        this line is not iCalendar at all
        BEGIN:VEVENT
        DTSTART;VALUE=DATE:20270106
        RRULE:FREQ=WEEKLY;COUNT=two
        SUMMARY:Hills 6 km
        END:VEVENT
        BEGIN:VEVENT
        DTSTART;VALUE=DATE:20270107
        SUMMARY:Tempo 8 km (the export was cut off here)

        """)
        let result = ScheduleReader.parse(data: Data(text.utf8), format: .ics, path: "bad.ics")
        #expect(result.schedule.summary == ["2027-01-04 easy 5.0", "2027-01-06 hills 6.0"])
        #expect(result.diagnostics.map(\.location.line) == [7, 11, 14, 17, 20])
        #expect(result.diagnostics.map(\.location.path).allSatisfy { $0 == "bad.ics" })
        #expect(result.diagnostics[0].message.contains("no DTSTART"))
        #expect(result.diagnostics[3].message.contains("COUNT=two"))
        #expect(result.diagnostics[4].message.contains("END:VEVENT"))
    }

    @Test func escapedTextAndParametersOnSummary() {
        let text = Self.calendar("""
        BEGIN:VEVENT
        DTSTART:20270104
        SUMMARY;LANGUAGE=en-us;X-NOTE="a:b;c":Tempo\\, 10 km\\; then strides
        DESCRIPTION:Line one\\nLine two\\\\end
        END:VEVENT

        """)
        let result = parse(text)
        #expect(result.schedule.runs.map(\.title) == ["Tempo, 10 km; then strides"])
        #expect(result.schedule.summary == ["2027-01-04 tempo 10.0"])
        #expect(ICalendarLines.unescape("Line one\\nLine two\\\\end") == "Line one\nLine two\\end")
    }

    @Test func allDayEventsOfAWeekOrMoreAreAnnotations() {
        let text = Self.calendar("""
        BEGIN:VEVENT
        DTSTART;VALUE=DATE:20270104
        DTEND;VALUE=DATE:20270111
        SUMMARY:Week 11\\, weekly mileage: 54 miles
        END:VEVENT
        BEGIN:VEVENT
        DTSTART;VALUE=DATE:20270104
        DURATION:P6D
        SUMMARY:Easy week 5 km a day
        END:VEVENT
        BEGIN:VEVENT
        DTSTART:20270201T000000Z
        DTEND:20270301T000000Z
        SUMMARY:Cycle: build
        END:VEVENT

        """)
        let result = parse(text)
        #expect(result.schedule.annotations == [
            Annotation(first: day("2027-01-04"), last: day("2027-01-10"), text: "Week 11, weekly mileage: 54 miles"),
            Annotation(first: day("2027-02-01"), last: day("2027-02-28"), text: "Cycle: build"),
        ])
        // Six days is not a week: the entry is read on each day.
        #expect(result.schedule.runs.map(\.date.iso) == (4...9).map { "2027-01-0\($0)" })
    }

    @Test(arguments: [
        ("Europe/Berlin", "2027-01-05"), ("America/Los_Angeles", "2027-01-04"), ("UTC", "2027-01-04"),
    ])
    func timedEventsLandOnTheAthletesDay(zone: String, expected: String) {
        // 23:30 UTC on the 4th is already the 5th in Berlin.
        let text = Self.calendar("BEGIN:VEVENT\nDTSTART:20270104T233000Z\nSUMMARY:Easy 5 km\nEND:VEVENT\n")
        #expect(parse(text, timeZone: zone).schedule.runs.map(\.date.iso) == [expected])
    }

    @Test(arguments: [
        ("CET", "2027-01-05"), ("CEST", "2027-01-05"), ("W. Europe Standard Time", "2027-01-05"),
        ("/mozilla.org/20050126_1/Europe/Berlin", "2027-01-05"), ("Pacific Standard Time", "2027-01-04"),
    ])
    func nonIANAZoneNames(tzid: String, expected: String) {
        // 00:30 on the 5th in Central Europe is 23:30 on the 4th in UTC; 10:00 in California is 19:00 in Berlin.
        let wall = tzid == "Pacific Standard Time" ? "20270104T100000" : "20270105T003000"
        let text = Self.calendar("BEGIN:VEVENT\nDTSTART;TZID=\"\(tzid)\":\(wall)\nSUMMARY:Easy 5 km\nEND:VEVENT\n")
        let result = parse(text, timeZone: "Europe/Berlin")
        #expect(result.schedule.runs.map(\.date.iso) == [expected])
        #expect(result.diagnostics.isEmpty)
        // Read in UTC, the Central European times fall on the day before.
        if tzid != "Pacific Standard Time" {
            #expect(parse(text, timeZone: "UTC").schedule.runs.map(\.date.iso) == ["2027-01-04"])
        }
    }

    @Test func aTZIDKnownOnlyFromItsVTIMEZONEUsesTheStandardOffset() {
        let text = Self.calendar("""
        BEGIN:VTIMEZONE
        TZID:Club Time
        BEGIN:STANDARD
        DTSTART:19701025T030000
        TZOFFSETFROM:+1100
        TZOFFSETTO:+1000
        END:STANDARD
        END:VTIMEZONE
        BEGIN:VEVENT
        DTSTART;TZID=Club Time:20270105T063000
        SUMMARY:Easy 5 km
        END:VEVENT

        """)
        let result = parse(text, timeZone: "UTC")
        // 06:30 at +10:00 is 20:30 UTC the day before.
        #expect(result.schedule.runs.map(\.date.iso) == ["2027-01-04"])
        #expect(result.diagnostics.isEmpty)
    }

    @Test func floatingTimesUseTheCalendarsZone() {
        let events = "BEGIN:VEVENT\nDTSTART:20270104T200000\nSUMMARY:Easy 5 km\nEND:VEVENT\n"
        let withZone = Self.calendar("X-WR-TIMEZONE:America/New_York\n" + events)
        // 20:00 in New York is 02:00 the next day in Berlin; without X-WR-TIMEZONE it is the athlete's 20:00.
        #expect(parse(withZone, timeZone: "Europe/Berlin").schedule.runs.map(\.date.iso) == ["2027-01-05"])
        #expect(parse(Self.calendar(events), timeZone: "Europe/Berlin").schedule.runs.map(\.date.iso) == ["2027-01-04"])
    }

    @Test func noWrapperNoVersionNoUIDAndABOMAreFine() {
        let text = "\u{FEFF}BEGIN:VEVENT\nDTSTART:20270104\nSUMMARY:Rest day\nEND:VEVENT\n"
        let result = parse(text)
        #expect(result.schedule.summary == ["2027-01-04 rest"])
        #expect(result.diagnostics.isEmpty)
    }

    @Test func anUnknownAthleteZoneIsAWarningNotACrash() {
        let text = Self.calendar("BEGIN:VEVENT\nDTSTART:20270104T233000Z\nSUMMARY:Easy 5 km\nEND:VEVENT\n")
        let result = parse(text, timeZone: "Mars/Olympus_Mons")
        #expect(result.schedule.runs.map(\.date.iso) == ["2027-01-04"])
        #expect(result.diagnostics.map(\.severity) == [.warning])
    }

    @Test func endlessDailyRuleIsBoundedAndFast() {
        let text = Self.calendar("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nRRULE:FREQ=DAILY\nSUMMARY:Easy 5 km\nEND:VEVENT\n")
        let result = ScheduleReader.parse(data: Data(text.utf8), format: .ics, path: "x",
                                          options: ScheduleReadOptions(horizonDays: 30))
        #expect(result.schedule.runs.count == 31)
        #expect(result.schedule.runs.last?.date == day("2027-01-31"))
    }
}

@Suite struct RecurrenceRuleTests {
    @Test func weeklyByDayWithIntervalAndCount() throws {
        let rule = try RecurrenceRule("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=5")
        // Starts on a Wednesday: the start counts, then Thursdays and Mondays of every other week.
        #expect(rule.dates(from: day("2027-01-06"), horizonDays: 1000).map(\.iso) == [
            "2027-01-06", "2027-01-07", "2027-01-18", "2027-01-21", "2027-02-01",
        ])
    }

    @Test func untilIsInclusive() throws {
        let rule = try RecurrenceRule("FREQ=DAILY;UNTIL=20270105")
        #expect(rule.dates(from: day("2027-01-01"), horizonDays: 1000).count == 5)
    }

    @Test(arguments: ["FREQ=YEARLY", "COUNT=3", "FREQ=WEEKLY;BYDAY=XX", "FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;BYSETPOS=1", "nonsense"])
    func unsupportedOrBrokenRulesAreErrors(text: String) {
        #expect(throws: RecurrenceRule.ParseError.self) { try RecurrenceRule(text) }
    }
}
