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
    /// The phase of `date` with the default rule settings; `races` sorted by date.
    public static func phase(on date: LocalDate, races: [Race], rules: RuleSettings = RuleSettings()) -> Phase {
        guard let next = races.first(where: { $0.date >= date }) else { return .base }
        return Phases.phase(daysToRace: date.days(until: next.date), race: next, rules: rules.normalised)
    }
}
