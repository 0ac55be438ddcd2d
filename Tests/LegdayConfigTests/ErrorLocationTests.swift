import Foundation
import LegdayConfig
import LegdayCore
import LegdaySchedule
import Testing
import LegdayNotifierRegistry

/// Each kind of mistake is reported at the line and column where it is written.
@Suite struct ErrorLocationTests {
    /// The single problem `text` produces; fails the test when there is not exactly one.
    func only(_ text: String, folder: TempFolder = TempFolder()) -> (line: Int, column: Int, message: String)? {
        let found = problems(text, in: folder)
        #expect(found.count == 1, "expected one problem, got \(found.map { "\($0.line):\($0.column): \($0.message)" })")
        return found.first
    }

    @Test func tomlSyntaxErrorsComeFromTOMLKitWithTheirPosition() throws {
        let problem = try #require(only("[athlete]\ntimezone = \"Europe/Berlin\"\npolicy = stack\n"))
        #expect(problem.line == 3)
        #expect(problem.column == 10)
        #expect(problem.message.hasPrefix("TOML syntax:"))
    }

    @Test func unclosedTableHeader() throws {
        let problem = try #require(only("[athlete]\n[reminders\ndaily_at = \"07:00\"\n"))
        #expect(problem.line == 2)
        #expect(problem.message.hasPrefix("TOML syntax:"))
    }

    @Test(arguments: [
        ("[athlete]\ntimzone = \"UTC\"\n", 2, 1, "unknown key \"timzone\" in [athlete]; did you mean \"timezone\"?"),
        ("[schedule]\nfile = []\n", 2, 1, "unknown key \"file\" in [schedule]; did you mean \"files\"?"),
        ("[[races]]\ndate = 2027-04-25\ndistance = \"5k\"\n[[races]]\ndate = 2027-05-01\n  km = 10\ndistance = 10\n",
         6, 3, "unknown key \"km\" in [races[1]]"),
        ("[reminders]\ndaily_at = \"07:00\"\n   catchup = \"none\"\n", 3, 4,
         "unknown key \"catchup\" in [reminders]; did you mean \"catch_up\"?"),
        ("[rules]\nbase_sessions_per_weak = 2\n", 2, 1,
         "unknown key \"base_sessions_per_weak\" in [rules]; did you mean \"base_sessions_per_week\"?"),
        ("[notifiers.mail]\ntype = \"smtp\"\nhots = \"smtp.example.org\"\n", 3, 1,
         "unknown key \"hots\" in [notifiers.mail]; did you mean \"host\"?"),
        ("[athlete]\ntimezone = \"UTC\"\n[extras]\nx = 1\n", 3, 2, "unknown key \"extras\" at the top level"),
        ("athlete.timezone = \"UTC\"\nathlete.polcy = \"stack\"\n", 2, 9,
         "unknown key \"polcy\" in [athlete]; did you mean \"policy\"?"),
    ])
    func unknownKeys(text: String, line: Int, column: Int, message: String) throws {
        let problem = try #require(only(text))
        #expect(problem.line == line)
        #expect(problem.column == column)
        #expect(problem.message.hasPrefix(message))
    }

    @Test(arguments: [
        ("[athlete]\ntimezone = 1\n", 2, 12, "athlete.timezone: expected a string, found an integer"),
        ("[athlete]\ngym_days = \"mon\"\npolicy = [\"stack\"]\n", 3, 10, "athlete.policy: expected a string, found an array"),
        ("[athlete]\ngym_days = [\"mon\", 4]\n", 2, 20, "athlete.gym_days[1]: expected a string, found an integer"),
        ("[reminders]\ndaily_at = 7\n", 2, 12, "reminders.daily_at: expected a time of day as \"HH:MM\", found an integer"),
        ("[rules]\nbase_sessions_per_week = \"3\"\n", 2, 26, "rules.base_sessions_per_week: expected an integer, found a string"),
        ("[rules]\nhigh_mileage_ratio = true\n", 2, 22, "rules.high_mileage_ratio: expected a number, found a boolean"),
        ("schedule = \"plan.ics\"\n", 1, 12, "schedule: expected a table, found a string"),
        ("[notifiers.log]\ntype = 3\n", 2, 8, "notifiers.log.type: expected a string, found an integer"),
    ])
    func wrongTypes(text: String, line: Int, column: Int, message: String) throws {
        let problem = try #require(only(text))
        #expect(lc(problem.line, problem.column) == [line, column])
        #expect(problem.message == message)
    }

    @Test func badDates() throws {
        let notADay = try #require(only("[[races]]\ndate = \"2027-02-30\"\ndistance = \"5k\"\n"))
        #expect(lc(notADay.line, notADay.column) == [2, 8])
        #expect(notADay.message.contains("\"2027-02-30\" is not a date"))

        let wrongKind = try #require(only("[[races]]\ndistance = \"half\"\ndate = 07:00:00\n"))
        #expect(lc(wrongKind.line, wrongKind.column) == [3, 8])
        #expect(wrongKind.message == "races[0].date: expected a date (YYYY-MM-DD), found a time")

        // A TOML date that does not exist is TOMLKit's to reject, with its own position.
        let impossible = try #require(only("[[races]]\ndistance = \"half\"\ndate = 2027-02-30\n"))
        #expect(impossible.line == 3)
    }

    @Test func raceWithoutDistanceNamesItsTable() throws {
        let problem = try #require(only("[[races]]\ndate = 2027-04-25\ndistance = \"5k\"\n\n[[races]]\ndate = 2027-06-01\n"))
        #expect(lc(problem.line, problem.column) == [5, 3])
        #expect(problem.message.contains("races[1]: a race needs a distance"))
        let badDistance = try #require(only("[[races]]\ndate = 2027-04-25\ndistance = \"ultra\"\n"))
        #expect(lc(badDistance.line, badDistance.column) == [3, 12])
    }

    @Test func unknownRunTypeInKeywordOverrides() throws {
        let problem = try #require(only("[schedule.keywords]\nparkrun = \"race\"\n\"spin class\" = \"spinning\"\n"))
        #expect(lc(problem.line, problem.column) == [3, 16])
        #expect(problem.message.contains("unknown run type \"spinning\""))
    }

    @Test func scheduleUnitsAndCSVLayoutAreCheckedWhereWritten() throws {
        let units = try #require(only("[schedule]\nunits = \"furlongs\"\n"))
        #expect(lc(units.line, units.column) == [2, 9])
        #expect(units.message.contains("\"km\", \"mi\""))
        let order = try #require(only("[schedule.csv]\ntitle = \"Einheit\"\ndate_order = \"dym\"\n"))
        #expect(lc(order.line, order.column) == [3, 14])
        let key = try #require(only("[schedule.csv]\nwhen = \"Datum\"\n"))
        #expect(key.line == 2)
        #expect(key.message.contains("when"))
    }

    @Test func scheduleUnitsAndCSVLayoutReachTheReader() throws {
        let config = try load("[schedule]\nunits = \"mi\"\n[schedule.csv]\ndate = \"Tag\"\ndate_order = \"mdy\"\n",
                              in: TempFolder()).get()
        #expect(config.scheduleReadOptions.units == .miles)
        #expect(config.scheduleReadOptions.csv == CSVLayout(columns: ["date": "Tag"], dateOrder: .mdy))
    }

    @Test func missingScheduleFilePointsAtTheElement() throws {
        let folder = TempFolder()
        folder.write("plan.ics", "BEGIN:VCALENDAR\nEND:VCALENDAR\n")
        let problem = try #require(only("[schedule]\nfiles = [\n  \"plan.ics\",\n  \"gone.csv\",\n]\n", folder: folder))
        #expect(lc(problem.line, problem.column) == [4, 3])
        #expect(problem.message == "schedule.files[1]: schedule file not found: \(folder.path)/gone.csv")
    }

    @Test func scheduleSourcesOfEveryKind() throws {
        let folder = TempFolder()
        folder.write("plan.toml", "")
        let config = try load("""
        [schedule]
        files = ["plan.toml", "https://example.org/plan.ics", "webcal://example.org/club.ics", "http://127.0.0.1:8080/x.ics"]
        refresh = "90m"
        """, in: folder).get()
        #expect(config.scheduleSources == [folder.path + "/plan.toml", "https://example.org/plan.ics",
                                           "webcal://example.org/club.ics", "http://127.0.0.1:8080/x.ics"])
        #expect(config.feedRefreshSeconds == 5400)
        #expect(config.schedule[1].location?.line == 2)

        let http = try #require(only("[schedule]\nfiles = [\"http://example.org/plan.ics\"]\n"))
        #expect(lc(http.line, http.column) == [2, 10])
        let format = try #require(only("[schedule]\nfiles = [\"plan.toml\", \"notes.txt\"]\n", folder: { folder.write("notes.txt", ""); return folder }()))
        #expect(lc(format.line, format.column) == [2, 23])
        #expect(format.message.contains("unknown schedule format"))
    }

    @Test func unknownTimeZone() throws {
        let problem = try #require(only("[athlete]\n  timezone = \"Europe/Berlinn\"\n"))
        #expect(lc(problem.line, problem.column) == [2, 14])
        #expect(problem.message.contains("unknown time zone \"Europe/Berlinn\""))
    }

    @Test(arguments: ["7:00", "07:60", "24:00", "07:00pm", "", "0700"])
    func badDailyAt(text: String) throws {
        let problem = try #require(only("[reminders]\ndaily_at = \"\(text)\"\n"))
        #expect(lc(problem.line, problem.column) == [2, 12])
        #expect(problem.message.contains("is not a time of day"))
    }

    @Test func dailyAtAlsoTakesATOMLTime() throws {
        let config = try load("[reminders]\ndaily_at = 06:45:00\ncatch_up = \"none\"\n", in: TempFolder()).get()
        #expect(config.reminders.dailyAt == TimeOfDay(hour: 6, minute: 45))
        #expect(config.reminders.catchUp == CatchUp.none)
    }

    @Test func unknownNotifierType() throws {
        let problem = try #require(only("[notifiers.mail]\ntype = \"smtpp\"\nhost = \"x\"\n"))
        #expect(lc(problem.line, problem.column) == [2, 8])
        #expect(problem.message.contains("unknown notifier type \"smtpp\""))
        #expect(problem.message.contains("did you mean \"smtp\"?"))
        let missing = try #require(only("[notifiers.mail]\nhost = \"x\"\n"))
        #expect(lc(missing.line, missing.column) == [1, 12])
        #expect(missing.message.contains("needs a type"))
    }

    @Test func fallbacks() throws {
        let toItself = try #require(only("[notifiers.a]\ntype = \"stdout\"\nfallback = \"a\"\n"))
        #expect(lc(toItself.line, toItself.column) == [3, 12])
        #expect(toItself.message.contains("cannot fall back to itself"))

        let missing = try #require(only("[notifiers.a]\ntype = \"stdout\"\nfallback = \"lgo\"\n[notifiers.log]\ntype = \"journal\"\n"))
        #expect(lc(missing.line, missing.column) == [3, 12])
        #expect(missing.message.contains("no notifier named \"lgo\"; did you mean \"log\"?"))

        let circle = problems("[notifiers.a]\ntype = \"stdout\"\nfallback = \"b\"\n[notifiers.b]\ntype = \"journal\"\nfallback = \"a\"\n")
        #expect(circle.map { [$0.line, $0.column] } == [[3, 12], [6, 12]])
        #expect(circle.allSatisfy { $0.message.contains("circle") })

        let config = try load("[notifiers.mail]\ntype = \"stdout\"\nfallback = \"log\"\n[notifiers.log]\ntype = \"journal\"\n",
                              in: TempFolder()).get()
        #expect(config.notifier(named: "mail")?.fallback == "log")
        #expect(config.notifier(named: "mail")?.options["fallback"] == nil)
    }
}

/// One pass reports every problem, in file order.
@Suite struct AllProblemsTests {
    @Test func everyProblemIsReportedInFileOrder() {
        let found = problems("""
        [athlete]
        timezone = "Mars/Olympus"
        policy = "sometimes"
        gym_days = ["mon", "funday"]

        [schedule]
        files = ["missing.ics"]
        [schedule.keywords]
        tempo = "fast"

        [[races]]
        date = "soon"
        distance = "marathon"
        colour = "red"

        [reminders]
        daily_at = "7am"

        [notifiers.log]
        type = "pigeon"
        """)
        #expect(found.map(\.line) == [2, 3, 4, 7, 9, 12, 14, 17, 20])
        #expect(found.count == 9)
    }

    @Test func loadThrowsTheSameProblemsThatCheckCollects() {
        let folder = TempFolder()
        let path = folder.write("config.toml", "[athlete]\ntimezone = 1\npolicy = 2\n")
        let collected = ConfigLoader.loadCollecting(path: path, notifierKinds: NotifierRegistry.kinds)
        #expect(collected.diagnostics.count == 2)
        #expect(collected.configuration != nil)
        #expect(throws: ConfigError.self) { try ConfigLoader.load(path: path, notifierKinds: NotifierRegistry.kinds) }
        #expect(collected.diagnostics.map(\.description) == [
            "\(path):2:12: athlete.timezone: expected a string, found an integer",
            "\(path):3:10: athlete.policy: expected a string, found an integer",
        ])
    }
}
