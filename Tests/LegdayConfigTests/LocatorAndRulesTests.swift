import Foundation
import LegdayConfig
import LegdayCore
import Testing

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
    let day = LocalDate(year: 2026, month: 11, day: 23)!

    @Test func configKeywordsAreReadLowerCased() throws {
        let config = try load("[schedule.keywords]\nParkrun = \"race\"\n\"Body Pump\" = \"strength\"\n", in: TempFolder()).get()
        #expect(config.keywords == ["parkrun": .run(.race), "body pump": .strength])
    }

    @Test func overridesRetypeRunsAndMoveStrength() {
        let overrides = KeywordOverrides(["parkrun": .run(.race), "body pump": .strength, "steady": .run(.tempo)])
        let schedule = Schedule(
            runs: [Run(date: day, type: .easy, title: "Saturday Parkrun"), Run(date: day, type: .easy, title: "Easy 5k")],
            unclassified: [Run(date: day, type: .easy, title: "Body Pump class"), Run(date: day, type: .easy, title: "Steady state"),
                           Run(date: day, type: .easy, title: "Mystery")])
        let result = overrides.apply(to: schedule)
        #expect(result.runs.map(\.type) == [.race, .easy, .tempo])
        #expect(result.strength.map(\.title) == ["Body Pump class"])
        #expect(result.unclassified.map(\.title) == ["Mystery"])
    }

    @Test func wholeWordsOnlyAndTheLongestWins() {
        let overrides = KeywordOverrides(["run": .run(.easy), "long run": .run(.long), "hill": .run(.hills)])
        #expect(overrides.meaning(of: "Sunday long run") == .run(.long))
        #expect(overrides.meaning(of: "Chillout") == nil)
        #expect(overrides.meaning(of: "Runner's hill") == .run(.hills))
    }
}
