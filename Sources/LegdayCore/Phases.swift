/// Phases follow the next race (seed 004's periodisation): the taper right before it, race preparation
/// before the taper, base otherwise.
public enum Phases {
    /// Days of taper before a race of this distance: marathon (40 km or more), half (20 km or more), shorter.
    public static func taperDays(for distance: RaceDistance, rules: RuleSettings) -> Int {
        switch distance.kilometres {
        case 40...: rules.taperDaysMarathon
        case 20...: rules.taperDaysHalf
        default: rules.taperDaysShort
        }
    }

    /// Days of return after a race of this distance (`RuleID.returnAfterRace`).
    static func returnDays(for distance: RaceDistance, rules: RuleSettings) -> Int {
        switch distance.kilometres {
        case 40...: rules.returnDaysMarathon
        case 20...: rules.returnDaysHalf
        default: rules.returnDaysShort
        }
    }

    /// Race preparation and taper together: how far before a race its phases reach.
    static func buildUpDays(for distance: RaceDistance, rules: RuleSettings) -> Int {
        taperDays(for: distance, rules: rules) + 7 * rules.racePrepWeeks
    }

    /// The phase of a day `daysToRace` days before `race` (0 on race day). The taper is the `taperDays`
    /// days before the race (and the race day itself); race preparation the `racePrepWeeks` before those.
    public static func phase(daysToRace: Int, race: Race, rules: RuleSettings) -> Phase {
        let taper = taperDays(for: race.distance, rules: rules)
        if daysToRace <= taper { return .taper }
        if daysToRace <= taper + 7 * rules.racePrepWeeks { return .racePrep }
        return .base
    }

    /// Lift sessions a week in this phase, and how many of them heavy.
    static func weeklyTarget(_ phase: Phase, rules: RuleSettings) -> (sessions: Int, heavy: Int) {
        switch phase {
        case .base: (rules.baseSessionsPerWeek, rules.baseHeavySessionsPerWeek)
        case .racePrep: (rules.racePrepSessionsPerWeek, rules.racePrepHeavySessionsPerWeek)
        case .taper: (rules.taperSessionsPerWeek, 0)
        }
    }
}

extension Planner {
    /// The phase of `date`, counted to the next A race; `races` sorted by date.
    public static func phase(on date: LocalDate, races: [Race], rules: RuleSettings = RuleSettings()) -> Phase {
        let rules = rules.normalised
        let resolved = Races(all: races, rules: rules)
        guard let next = races.indices.first(where: { races[$0].date >= date && resolved.isGoal($0) }) else { return .base }
        return Phases.phase(daysToRace: date.days(until: races[next].date), race: races[next], rules: rules)
    }
}
