import LegdayCore
import Testing
@testable import LegdaySchedule

/// Each golden file imitates a real export with its quirks; these tests pin down what legday reads from it.
@Suite struct GoldenScheduleTests {
    @Test func noviceMarathonFromATrainingPlatform() {
        // CRLF, a BOM, lines folded at 75 octets, SUMMARY;LANGUAGE, VALARMs, events out of order,
        // "Week N" events spanning seven days, one event with an unreadable date. "4 mi pace" is a pace run.
        let result = Fixture.read("novice-marathon.ics")
        #expect(result.schedule.summary == [
            "2027-04-05 rest", "2027-04-06 easy 4.8", "2027-04-07 tempo 9.7", "2027-04-08 easy 4.8",
            "2027-04-09 rest", "2027-04-10 long 19.3", "2027-04-11 cross",
            "2027-04-13 easy 4.8", "2027-04-14 tempo 6.4", "2027-04-15 easy 4.8", "2027-04-17 long 12.9",
            "2027-04-20 easy 4.8", "2027-04-21 easy 6.4", "2027-04-22 easy 3.2", "2027-04-25 race 42.2",
        ])
        #expect(result.schedule.annotations == [
            Annotation(first: day("2027-04-05"), last: day("2027-04-11"), text: "Week 16, weekly mileage: 26 miles"),
            Annotation(first: day("2027-04-12"), last: day("2027-04-18"), text: "Week 17 – taper, weekly mileage: 21 miles"),
            Annotation(first: day("2027-04-19"), last: day("2027-04-25"), text: "Week 18 – race week"),
        ])
        // The broken event is reported at its DTSTART line and nothing else is lost.
        #expect(result.diagnostics.map(\.description) == [
            "novice-marathon.ics:118:1: DTSTART '2027-04-16' is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS, optionally ending in Z); event skipped",
        ])
        #expect(result.schedule.unclassified.isEmpty)
        // Text folded in the middle of a multi-byte character is joined before it is decoded.
        #expect(result.schedule.runs.first { $0.date == day("2027-04-10") }?.title == "12 mi run")
        #expect(result.schedule.runs.first { $0.date == day("2027-04-06") }?.source?.line == 29)
    }

    @Test func halfMarathonFromOutlookWithWindowsZones() {
        // VERSION:1.0, no UIDs, LF endings, unfolded long lines, TZID="W. Europe Standard Time" with its
        // VTIMEZONE, one time in UTC that is already Saturday in Berlin, one zone nobody knows.
        let result = Fixture.read("half-marathon.ics", timeZone: "Europe/Berlin")
        #expect(result.schedule.summary == [
            "2027-03-01 easy 6.0", "2027-03-02 intervals", "2027-03-03 hills", "2027-03-04 tempo 8.0",
            "2027-03-06 easy 5.0", "2027-03-07 long 18.0", "2027-03-09 fartlek 7.0", "2027-03-11 threshold",
            "2027-03-14 race 21.1",
        ])
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.location.line == 62)
        #expect(result.diagnostics.first?.severity == .warning)
        #expect(result.diagnostics.first?.message.contains("Customized Time Zone") == true)
    }

    @Test func fiveKFromGoogleCalendar() {
        // Bare DTSTART dates, UTC times, floating times with X-WR-TIMEZONE, CET/CEST ids without VTIMEZONE,
        // DTEND equal to DTSTART, a three-day all-day event, two events on one day, a cancelled event.
        let result = Fixture.read("5k.ics", timeZone: "America/New_York")
        #expect(result.schedule.summary == [
            "2027-05-03 easy 4.8", "2027-05-04 fartlek", "2027-05-05 hills", "2027-05-06 race 5.0",
            "2027-05-07 recovery 3.2", "2027-05-07 cross", "2027-05-08 long 10.5",
            "2027-05-10 rest", "2027-05-11 rest", "2027-05-12 rest", "2027-05-13 easy", "2027-05-15 race 5.0",
        ])
        #expect(result.schedule.unclassified.map(\.title) == ["Team photo at the club"])
        #expect(result.schedule.unclassified.map(\.date) == [day("2027-05-13")])
        #expect(result.diagnostics.isEmpty)
    }

    @Test func planThatAlreadyHasStrengthDays() {
        let result = Fixture.read("strength-plan.ics", timeZone: "Europe/London")
        #expect(result.schedule.strength.map(\.title) == [
            "Strength Workout", "Gym A (lower body)", "Easy 6 km + core", "Pilates",
        ])
        #expect(result.schedule.strength.map(\.date.iso) == ["2027-01-11", "2027-01-13", "2027-01-14", "2027-01-15"])
        // The entry nothing explains is read as unknown and still takes its day, like an easy session.
        #expect(result.schedule.summary == ["2027-01-12 tempo 8.0", "2027-01-14 easy 6.0", "2027-01-16 easy",
                                            "2027-01-17 long 16.0"])
        #expect(result.schedule.annotations == [
            Annotation(first: day("2027-01-11"), last: day("2027-01-31"), text: "Cycle: base"),
        ])
        #expect(result.schedule.unclassified.map(\.title) == ["Frisbee with friends"])
        // One entry in eight is more than a tenth of the file: a warning names the words to teach.
        #expect(result.diagnostics.map(\.severity) == [.warning])
        #expect(result.diagnostics.first?.message.hasPrefix("1 of 8 entries (13%) read as unknown") == true)
        #expect(result.diagnostics.first?.message.contains("\"friends\" = \"easy\"") == true)
    }

    @Test func keywordOverridesClassifyWhatTheDefaultsCannot() {
        let (keywords, unknown) = KeywordMap.default.extended(with: ["frisbee": "cross", "pilates": "cross", "foo": "sprint"])
        #expect(unknown == ["foo"])
        let result = Fixture.read("strength-plan.ics", timeZone: "Europe/London", keywords: keywords)
        #expect(result.schedule.unclassified.isEmpty)
        #expect(result.schedule.runs.contains { $0.date == day("2027-01-16") && $0.type == .cross })
        #expect(result.schedule.runs.contains { $0.date == day("2027-01-15") && $0.type == .cross })
        #expect(!result.schedule.strength.contains { $0.title == "Pilates" })
    }

    @Test func feedWithRecurrences() {
        let result = Fixture.read("feed-rrule.ics", timeZone: "Europe/Berlin")
        let runs = result.schedule.runs
        func dates(_ type: RunType) -> [String] { runs.filter { $0.type == type }.map(\.date.iso) }
        // WEEKLY;BYDAY=TU;COUNT=6 with one EXDATE: the excluded day still counts toward COUNT.
        #expect(dates(.intervals) == ["2026-11-17", "2026-11-24", "2026-12-01", "2026-12-08", "2026-12-15"])
        // INTERVAL=2 up to a UTC UNTIL.
        #expect(dates(.tempo) == ["2026-11-19", "2026-12-03", "2026-12-17", "2026-12-31"])
        #expect(runs.filter { $0.type == .tempo }.allSatisfy { $0.distanceKm == 10 })
        // DAILY;INTERVAL=2;COUNT=3 and DAILY;BYDAY=MO,WE,FR;UNTIL.
        #expect(dates(.recovery) == ["2026-12-01", "2026-12-03", "2026-12-05"])
        #expect(dates(.easy) == ["2026-12-07", "2026-12-09", "2026-12-11"])
        // An RRULE without an end stops at the three-year horizon, minus EXDATEs and the moved occurrence.
        let start = day("2026-11-22")
        let horizon = start.adding(days: ScheduleReadOptions.defaultHorizonDays)
        let sundays = DateRange(first: start, last: horizon).filter { $0.weekday == .sun }
            .filter { !["2026-11-29", "2026-12-27", "2027-01-03"].contains($0.iso) }
        let longs = runs.filter { $0.type == .long }
        #expect(longs.filter { $0.date.weekday == .sun }.map(\.date) == sundays)
        #expect(longs.contains { $0.date == day("2026-11-28") && $0.distanceKm == 26 })
        #expect(!longs.contains { $0.date == day("2026-11-29") })
        // Escaped text comes out plain.
        #expect(runs.first?.title == "Club track: 5x1000m")
        // MONTHLY is not expanded: reported at its line, the first occurrence kept.
        #expect(result.diagnostics.map(\.location.line) == [59])
        #expect(result.diagnostics.first?.message.contains("MONTHLY") == true)
        #expect(dates(.rest) == ["2026-11-30"])
    }
}
