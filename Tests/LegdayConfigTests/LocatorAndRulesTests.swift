import Foundation
import LegdayConfig
import LegdayCore
import Testing
import LegdayNotifierRegistry

@Suite struct ConfigLocatorTests {
    @Test func explicitWinsOverEverything() {
        let env = ["LEGDAY_CONFIG": "/env/config.toml", "XDG_CONFIG_HOME": "/xdg", "HOME": "/home/r"]
        #expect(ConfigLocator.path(explicit: "/cli/config.toml", environment: env) == "/cli/config.toml")
    }

    @Test func thenTheEnvironmentVariable() {
        let env = ["LEGDAY_CONFIG": "/env/config.toml", "XDG_CONFIG_HOME": "/xdg", "HOME": "/home/r"]
        #expect(ConfigLocator.path(explicit: nil, environment: env) == "/env/config.toml")
        #expect(ConfigLocator.path(explicit: "", environment: env) == "/env/config.toml")
    }

    @Test func thenXDGConfigHome() {
        #expect(ConfigLocator.path(explicit: nil, environment: ["XDG_CONFIG_HOME": "/xdg", "HOME": "/home/r"])
            == "/xdg/legday/config.toml")
        #expect(ConfigLocator.path(explicit: nil, environment: ["LEGDAY_CONFIG": "", "XDG_CONFIG_HOME": "/xdg", "HOME": "/h"])
            == "/xdg/legday/config.toml")
    }

    @Test func thenTheHomeFolder() {
        #expect(ConfigLocator.path(explicit: nil, environment: ["HOME": "/home/r"]) == "/home/r/.config/legday/config.toml")
        // A relative XDG_CONFIG_HOME is invalid per the XDG spec and ignored.
        #expect(ConfigLocator.path(explicit: nil, environment: ["HOME": "/home/r", "XDG_CONFIG_HOME": "rel"])
            == "/home/r/.config/legday/config.toml")
    }
}

@Suite struct RulesSectionTests {
    @Test func everyRuleSettingHasASnakeCaseKey() throws {
        // Built from RuleSettings itself: give every field a value unlike its default and read it back.
        var lines = ["[rules]"]
        var changedLabels: [String] = []
        for child in Mirror(reflecting: RuleSettings()).children {
            guard let label = child.label else { continue }
            let key = snake(label)
            switch child.value {
            case let int as Int: lines.append("\(key) = \(int + 1)")
            case let double as Double: lines.append("\(key) = \(double + 0.5)")
            case let bool as Bool: lines.append("\(key) = \(!bool)")
            default: continue
            }
            changedLabels.append(label)
        }
        let config = try load(lines.joined(separator: "\n"), in: TempFolder()).get()
        let defaults = Dictionary(uniqueKeysWithValues: Mirror(reflecting: RuleSettings()).children.compactMap { child in
            child.label.map { ($0, "\(child.value)") }
        })
        let loaded = Dictionary(uniqueKeysWithValues: Mirror(reflecting: config.rules).children.compactMap { child in
            child.label.map { ($0, "\(child.value)") }
        })
        #expect(!changedLabels.isEmpty)
        for label in changedLabels {
            #expect(loaded[label] != defaults[label], "\(label) was not read from [rules]")
        }
    }

    @Test func readsTheDocumentedKeys() throws {
        let config = try load("[rules]\nbase_sessions_per_week = 2\nhigh_mileage_ratio = 1.2\n", in: TempFolder()).get()
        #expect(config.rules.baseSessionsPerWeek == 2)
        #expect(config.rules.highMileageRatio == 1.2)
        let whole = try load("[rules]\nhigh_mileage_ratio = 2\n", in: TempFolder()).get()
        #expect(whole.rules.highMileageRatio == 2.0)
    }

    func snake(_ name: String) -> String {
        name.reduce(into: "") { result, ch in
            if ch.isUppercase { result += "_" + ch.lowercased() } else { result.append(ch) }
        }
    }
}

@Suite struct KeywordOverrideTests {
    @Test func configKeywordsAreReadLowerCased() throws {
        let config = try load("[schedule.keywords]\nParkrun = \"race\"\n\"Body Pump\" = \"strength\"\n", in: TempFolder()).get()
        #expect(config.keywords == ["parkrun": .run(.race), "body pump": .strength])
    }

    @Test func overridesReachTheScheduleReader() throws {
        let folder = TempFolder()
        folder.write("plan.csv", """
        date,type,distance_km,title
        2026-11-21,,5,Saturday parkrun
        2026-11-22,,,Body pump class
        2026-11-23,,,Mystery session
        """)
        let path = folder.write("config.toml", """
        [schedule]
        files = ["plan.csv"]
        [schedule.keywords]
        parkrun = "race"
        "body pump" = "strength"
        """)
        let (setup, _) = LoadedSetup.check(configPath: path, notifierKinds: NotifierRegistry.kinds, environment: [:])
        let schedule = try #require(setup?.schedule)
        #expect(schedule.runs.first { $0.title == "Saturday parkrun" }?.type == .race)
        #expect(schedule.strength.map(\.title) == ["Body pump class"])
        #expect(schedule.unclassified.map(\.title) == ["Mystery session"])
    }
}

@Suite struct RacePriorityAndStartTests {
    @Test func aRaceMayCarryAPriority() throws {
        let text = """
            [[races]]
            date = 2027-03-14
            name = "Tune-up"
            distance = "half"
            priority = "b"

            [[races]]
            date = 2027-04-25
            distance = "marathon"
            """
        let config = try load(text, in: TempFolder()).get()
        #expect(config.races.map(\.priority) == [.b, nil])
    }

    @Test func anUnknownPriorityIsReportedWhereItStands() throws {
        let text = "[[races]]\ndate = 2027-03-14\ndistance = \"half\"\npriority = \"D\"\n"
        guard case .failure(let error) = load(text, in: TempFolder()) else {
            Issue.record("priority D was accepted")
            return
        }
        #expect(String(describing: error).contains("priority"))
    }

    @Test func theAthleteMayGiveTheFirstDayOfTraining() throws {
        let config = try load("[athlete]\nstart = 2027-01-04\n", in: TempFolder()).get()
        #expect(config.athlete.start == LocalDate(iso: "2027-01-04"))
        #expect(throws: Never.self) { try load("[athlete]\nstart = \"2027-01-04\"\n", in: TempFolder()).get() }
        guard case .failure = load("[athlete]\nstart = \"soon\"\n", in: TempFolder()) else {
            Issue.record("start = soon was accepted")
            return
        }
    }

    @Test func daysOffAndRestDaysAreRules() throws {
        let config = try load("[rules]\nmin_days_off = 2\nlift_on_rest_days = true\n", in: TempFolder()).get()
        #expect(config.rules.minDaysOff == 2 && config.rules.liftOnRestDays)
    }
}
