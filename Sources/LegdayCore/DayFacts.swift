/// What the planner knows about one day before deciding anything: its runs, its races, and its neighbours.
///
/// Plain data, with no strings or arrays of its own: races are named by their place in the plan's race list
/// (`Races`) and runs by their type, so the planner's many looks at a day copy a few words and count no
/// references. The day's runs and planned strength sessions stay in the `ScheduleIndex`.
struct DayFacts {
    let date: LocalDate
    /// 0 for Monday through 6 for Sunday.
    let weekdayIndex: Int
    /// The runner can get to a gym today.
    let isGymDay: Bool
    /// The runner's own plan has a strength session today.
    let hasPlannedStrength: Bool
    /// The schedule marks today as a rest (`OFF`) day and holds no run.
    let isScheduledRest: Bool
    /// The race on this day, if any, whatever its priority.
    let race: Races.Index?
    /// The next A or B race after today, and how many days away it is: the days just before it hold only
    /// activation.
    let nextRace: (race: Races.Index, days: Int)?
    /// The last A or B race before today, and how many days ago it was: the return after it.
    let lastRace: (race: Races.Index, days: Int)?
    /// The length of the return after `lastRace`, when today is inside it.
    let returnDays: Int?
    let phase: Phase
    /// The A race the phase is counted to (on or after today).
    let phaseRace: Races.Index?
    /// The first day of today's phase, from which its training blocks are counted.
    let phaseStart: LocalDate
    /// A long run yesterday makes today a recovery day; its distance goes into the reason.
    let longRunYesterday: LongRun?
    /// A key run or race tomorrow rules out lifting today.
    let keyTomorrow: KeyTomorrow?
    /// A hard workout today or within the `separate` gap before it.
    let recentHardRun: RunType?
    /// Today's runs, as far as the rules ask about them.
    let today: ScheduleIndex.RunSummary

    var hardWorkout: RunType? { today.hardWorkout }
    var keyRun: RunType? { today.keyRun }
    var longRun: Bool { today.longRun != nil }
    var runFree: Bool { today.runFree }

    /// A long run, as far as the next day's reason needs it.
    struct LongRun {
        var km: Double?
    }

    enum KeyTomorrow {
        case race(Races.Index)
        case run(RunType)

        /// Fixed words for runs, so the most common blocker costs nothing to store.
        func eveReason(_ races: Races) -> Reason {
            switch self {
            case .race(let race): Reason(.eveOfKeyDay, .raceTomorrow(name: races[race].name))
            case .run(.long): Reason(.eveOfKeyDay, "Long run tomorrow: no lifting today, at most activation or mobility.")
            case .run(.tempo): Reason(.eveOfKeyDay, "Tempo workout tomorrow: no lifting today, at most activation or mobility.")
            case .run(.threshold): Reason(.eveOfKeyDay, "Threshold workout tomorrow: no lifting today, at most activation or mobility.")
            case .run(.intervals): Reason(.eveOfKeyDay, "Intervals tomorrow: no lifting today, at most activation or mobility.")
            case .run(.hills): Reason(.eveOfKeyDay, "Hill workout tomorrow: no lifting today, at most activation or mobility.")
            case .run: Reason(.eveOfKeyDay, "Key run tomorrow: no lifting today, at most activation or mobility.")
            }
        }
    }

    /// A fixed day: one that a rule decides whatever the week needs. Returns its kind and adds its reasons
    /// to `reasons`: the first decided it, the others name rules that gave way to it.
    func fixedDecision(rules: RuleSettings, races: Races, reasons: inout [Reason]) -> DayKind? {
        let activationWindow = nextRace.map { $0.days <= rules.preRaceActivationDays } ?? false
        if let index = race {
            let race = races[index]
            reasons.append(Reason(.raceDay, .raceDay(name: race.name, distance: race.distance)))
            reasons.append(Reason(.racePriority, .racePriority(races.priorities[index])))
            if lastRace?.days == 1 {
                reasons.append(Reason(.afterRace, "Yesterday's race would make today a recovery day, but today is a race.",
                                      outcome: .gaveWay))
            } else if longRunYesterday != nil {
                reasons.append(Reason(.afterLongRun, "Yesterday's long run would make today a recovery day, but today is a race.",
                                      outcome: .gaveWay))
            }
            return .race
        }
        if let last = lastRace, last.days == 1 {
            reasons.append(Reason(.afterRace, .dayAfterRace(name: races[last.race].name)))
            if activationWindow, let next = nextRace {
                reasons.append(Reason(.preRaceActivation, .recoveryBeforeActivation(race: races[next.race].name, inDays: next.days),
                                      outcome: .gaveWay))
            }
            return .recovery
        }
        if activationWindow, let next = nextRace {
            reasons.append(Reason(.preRaceActivation, .activationOnly(race: races[next.race].name, inDays: next.days)))
            if longRunYesterday != nil {
                reasons.append(Reason(.afterLongRun,
                                      "Long run yesterday, but with the race this close today keeps to activation rather than the mobility routine.",
                                      outcome: .gaveWay))
            }
            return .rest
        }
        if let long = longRunYesterday {
            reasons.append(Reason(.afterLongRun, .recoveryAfterLongRun(km: long.km)))
            return .recovery
        }
        return nil
    }

    /// The phase in words, for every day's reasons.
    func phaseReason(_ races: Races) -> Reason {
        switch (phase, phaseRace.map { races[$0] }) {
        case (.base, nil):
            Reason(.phase, "Base phase: no race ahead, building raw strength.")
        case (.base, let race?):
            Reason(.phase, .basePhase(race: race.name, weeksAway: date.days(until: race.date) / 7))
        case (.racePrep, let race?):
            Reason(.phase, .racePrepPhase(race: race.name, weeksAway: date.days(until: race.date) / 7))
        case (.taper, let race?):
            Reason(.phase, .taperPhase(race: race.name, daysAway: date.days(until: race.date)))
        case (.racePrep, nil):
            Reason(.phase, "race-prep phase.")
        case (.taper, nil):
            Reason(.phase, "taper phase.")
        }
    }
}
