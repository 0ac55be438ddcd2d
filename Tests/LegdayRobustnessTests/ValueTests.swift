import Foundation
import LegdayConfig
import LegdayCore
import LegdaySchedule
import Testing
import LegdayNotifierRegistry

/// Numbers, dates and zones no plan should hold: the row or property is reported where it is written.
@Suite struct ValueTests {
    @Test(arguments: ["1e308", "99999999999999999999", "-5", "nan", "inf", "1000"])
    func csvDistanceOutOfRangeLeavesOnlyThatDistanceOut(distance: String) {
        let text = "date,type,distance_km,title\n2026-11-24,easy,5,Easy\n2026-11-25,long,\(distance),Long\n2026-11-26,tempo,8,Tempo\n"
        let result = read(text, as: "huge.csv")
        #expect(result.runSummary == ["2026-11-24 easy", "2026-11-25 long", "2026-11-26 tempo"])
        #expect(!result.schedule.runs.contains { $0.date.iso == "2026-11-25" && $0.distanceKm != nil })
        #expect(result.diagnostics.map(\.description)
            == ["huge.csv:3:17: warning: '\(distance)' is not a distance; the row is read without it"])
    }

    @Test func tomlDistanceOf1e308SkipsOnlyThatRun() {
        let text = "[[runs]]\ndate = 2026-11-24\ntype = \"easy\"\n\n[[runs]]\ndate = 2026-11-25\ntype = \"long\"\ndistance_km = 1e308\n"
        let result = read(text, as: "huge.toml")
        #expect(result.runSummary == ["2026-11-24 easy"])
        #expect(result.diagnostics.map(\.description)
            == ["huge.toml:8:1: distance_km must be a number of kilometres; run skipped"])
    }

    /// TOML integers are 64-bit: a larger one is a syntax error, and TOML has no partial documents.
    @Test func tomlIntegerBeyond64BitsIsASyntaxErrorAtItsLine() {
        let text = "[[runs]]\ndate = 2026-11-24\ntype = \"easy\"\ndistance_km = 99999999999999999999\n"
        let result = read(text, as: "huge.toml")
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.location.line == 4)
        #expect(result.errors.first?.description.hasPrefix("huge.toml:4:") == true)
    }

    @Test(arguments: ["Long run 1e308 km", "Long run 99999999999999999999 km", "Long run 1,000,000 km"])
    func absurdDistancesInTitlesAreNotDistances(title: String) {
        let middle = "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261126\r\nSUMMARY:\(title)\r\nEND:VEVENT\r\n"
        let result = read(calendar(around: middle), as: "titles.ics")
        let run = result.schedule.runs.first { $0.date == day("2026-11-26") }
        #expect(run?.type == .long)
        #expect(run?.distanceKm == nil)
        #expect(result.keptTheGoodEvents)
    }

    @Test(arguments: ["COUNT=99999999999999999999", "INTERVAL=99999999999999999999", "INTERVAL=0", "COUNT=-1"])
    func rruleNumbersThatAreNotNumbersUseTheFirstOccurrence(part: String) {
        let middle = "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261126\r\nRRULE:FREQ=DAILY;\(part)\r\nSUMMARY:Easy 5 km\r\nEND:VEVENT\r\n"
        let result = read(calendar(around: middle), as: "rrule.ics")
        #expect(result.runSummary.filter { $0.hasSuffix("easy") } == ["2026-11-26 easy"])
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.description.hasPrefix("rrule.ics:10:1: RRULE ") == true)
        #expect(result.diagnostics.first?.message.hasSuffix("; only the first occurrence is used") == true)
    }

    /// A DURATION of a million weeks, written over and over: no overflow, a warning, the event kept.
    @Test func durationThatWouldOverflowIsRejected() {
        let duration = "P" + String(repeating: "99999999W", count: 200_000)
        let middle = "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261126\r\nDURATION:\(duration)\r\nSUMMARY:Easy 5 km\r\nEND:VEVENT\r\n"
        let result = read(calendar(around: middle), as: "duration.ics")
        #expect(result.runSummary.contains("2026-11-26 easy"))
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.description.hasPrefix("duration.ics:10:1: warning: DURATION ") == true)
    }

    @Test func datesInYear9999AndBefore1970AreRead() {
        let middle = """
        BEGIN:VEVENT\r
        DTSTART:99991231T235959Z\r
        SUMMARY:Easy 5 km\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        DTSTART;VALUE=DATE:19691231\r
        SUMMARY:Tempo 8 km\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        DTSTART;TZID=Europe/Berlin:16000101T070000\r
        SUMMARY:Hills 6 km\r
        END:VEVENT\r

        """
        let result = read(calendar(around: middle), as: "dates.ics", timeZone: "Europe/Berlin")
        // Read without error; the one date thousands of years from the rest is pointed out.
        #expect(result.errors.isEmpty)
        #expect(result.diagnostics.map(\.message).allSatisfy { $0.contains("days apart from the rest of the file") })
        #expect(result.keptTheGoodEvents)
        #expect(result.runSummary.contains("1969-12-31 tempo"))
        #expect(result.runSummary.contains("1600-01-01 hills"))
        // 23:59:59 UTC on the last day of 9999 is already 10000-01-01 in Berlin: a date, not a crash.
        #expect(result.schedule.runs.contains { $0.type == .easy && $0.date.year == 10000 })
    }

    @Test(arguments: ["00000101", "99991332", "20270229", "2026112", "20261124T250000"])
    func datesThatDoNotExistSkipTheEvent(value: String) {
        let middle = "BEGIN:VEVENT\r\nDTSTART:\(value)\r\nSUMMARY:Easy 5 km\r\nEND:VEVENT\r\n"
        let result = read(calendar(around: middle), as: "nodate.ics")
        #expect(result.keptTheGoodEvents)
        #expect(result.schedule.runs.count == 2)
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.description.hasPrefix("nodate.ics:9:1: DTSTART '\(value)' is not a date") == true)
    }

    @Test func csvDatesOutOfRange() {
        let text = "date,type,distance_km,title\n0000-01-01,easy,5,Zero\n9999-12-31,easy,5,Last\n1969-07-20,easy,5,Moon\n"
        let result = read(text, as: "dates.csv")
        #expect(result.runSummary == ["1969-07-20 easy", "9999-12-31 easy"])
        #expect(result.diagnostics.map(\.description) == [
            "dates.csv:2:1: '0000-01-01' is not a date (YYYY-MM-DD, or DD.MM.YYYY and DD/MM/YYYY; see [schedule.csv] date_order); row skipped",
        ])
    }

    @Test func unknownTimeZoneIsNamedOnceAndTheEventsAreKept() {
        let middle = """
        BEGIN:VEVENT\r
        DTSTART;TZID=Mars/Olympus_Mons:20261126T070000\r
        SUMMARY:Easy 5 km\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        DTSTART;TZID=Mars/Olympus_Mons:20261127T070000\r
        SUMMARY:Easy 6 km\r
        END:VEVENT\r

        """
        let result = read(calendar(around: middle), as: "mars.ics", timeZone: "Europe/Berlin")
        #expect(result.keptTheGoodEvents)
        #expect(result.runSummary.contains("2026-11-26 easy"))
        #expect(result.runSummary.contains("2026-11-27 easy"))
        #expect(result.diagnostics.map(\.description) == [
            "mars.ics:9:1: warning: unknown time zone 'Mars/Olympus_Mons' (no such IANA name and no VTIMEZONE); times read in the athlete's zone",
        ])
    }

    @Test func unknownAthleteTimeZoneIsAWarningAndDaysAreReadInUTC() {
        let result = read(calendar(around: ""), as: "zone.ics", timeZone: "Nowhere/Else")
        #expect(result.keptTheGoodEvents)
        #expect(result.diagnostics.map(\.description)
            == ["zone.ics:1:1: warning: unknown athlete time zone 'Nowhere/Else'; days are read in UTC"])
    }
}

/// Table headers that do not start with a key, and `}` inside an array, made the TOML parser under TOMLKit
/// assert and end the process (headers found by `make fuzz`); now they are syntax errors at their position.
@Suite struct TOMLHeaderTests {
    static let headers: [(text: String, line: Int, column: Int)] = [
        ("[#]\n", 1, 2), ("[(a]\n", 1, 2), ("[é]\n", 1, 2), ("x = 1\n[\n", 2, 2), ("[[ (a]]\n", 1, 4),
        ("x = 1\n\n[\u{18}notifiers]\n", 3, 2),
    ]

    @Test(arguments: headers.indices)
    func scheduleHeaderThatIsNotAKeyIsASyntaxError(index: Int) {
        let (text, line, column) = Self.headers[index]
        let result = read(text, as: "header.toml")
        #expect(result.errors.map(\.description)
            == ["header.toml:\(line):\(column): expected a table name after '[' (letters, digits, '_', '-' or a quoted name)"])
    }

    @Test(arguments: headers.indices)
    func configHeaderThatIsNotAKeyIsASyntaxError(index: Int) {
        let (text, line, column) = Self.headers[index]
        let (configuration, diagnostics) = ConfigLoader.parseCollecting(data: Data(text.utf8), path: "config.toml", notifierKinds: NotifierRegistry.kinds)
        #expect(configuration == nil)
        #expect(diagnostics.map(\.description)
            == ["config.toml:\(line):\(column): TOML syntax: expected a table name after '[' (letters, digits, '_', '-' or a quoted name)"])
    }

    @Test func closingBraceWhereAnArrayExpectsAValueIsASyntaxError() {
        let result = read("[weekly]\nfrom = 2026-11-16\nmon = [ } ]\n", as: "brace.toml")
        #expect(result.errors.map(\.description) == ["brace.toml:3:9: '}' where the array expects a value or ']'"])
    }

    /// A date, a space and a lone digit made toml++ assert while looking for a time (found by `make fuzz`);
    /// in a schedule and in the config it is now a syntax error at the digit.
    @Test(arguments: [("[weekly]\nfrom = 2027-01-04 1\n", 2, 19), ("[weekly]\nuntil = 2027-01-3m 1\n", 2, 20),
                      ("[[runs]]\ndate = [2027-01-03 1]\n", 2, 20)])
    func dateFollowedByALoneDigitIsASyntaxError(text: String, line: Int, column: Int) {
        let message = "a date followed by a space and a number: a date-time is written YYYY-MM-DD HH:MM:SS; "
            + "otherwise put a comma or a new line between them"
        #expect(read(text, as: "date.toml").errors.map(\.description) == ["date.toml:\(line):\(column): \(message)"])
        let (configuration, diagnostics) = ConfigLoader.parseCollecting(data: Data(text.utf8), path: "config.toml", notifierKinds: NotifierRegistry.kinds)
        #expect(configuration == nil)
        #expect(diagnostics.map(\.description) == ["config.toml:\(line):\(column): TOML syntax: \(message)"])
    }

    /// Real date-times, strings and comments after a date are left to the TOML parser.
    @Test(arguments: ["a = 2027-01-03 07:00:00\n", "a = \"2027-01-03 1\"\n", "a = 2027-01-03 # 1\n", "a = 2027-01-03\n"])
    func validDatesAreLeftAlone(text: String) {
        #expect(TOMLHeaderCheck.firstProblem(in: text, path: "x.toml") == nil)
    }

    /// What looks like a header inside an array or a multi-line string is not one.
    @Test(arguments: ["x = [\n  [ (1) ]\n]\n", "x = \"\"\"\n[(a)]\n\"\"\"\n", "x = '''\n[#]\n'''\n", "x = [ # [(\n 1 ]\n"])
    func bracketsInsideValuesAreNotHeaders(text: String) {
        #expect(TOMLHeaderCheck.firstProblem(in: text, path: "x.toml") == nil)
    }
}
