/// What the planner knows about one day before deciding anything: its runs, its races, and its neighbours.
struct DayFacts {
    let date: LocalDate
    /// 0 for Monday through 6 for Sunday.
    let weekdayIndex: Int
    /// The runner can get to a gym today.
    let isGymDay: Bool
    let runs: [Run]
    let planned: [PlannedStrength]
    /// The race on this day, if any.
    let race: Race?
    /// The next race after today, and how many days away it is.
    let nextRace: (race: Race, days: Int)?
    /// The last race before today, and how many days ago it was.
    let lastRace: (race: Race, days: Int)?
    let phase: Phase
    /// The race the phase is counted to (on or after today).
    let phaseRace: Race?
    /// A long run yesterday makes today a recovery day.
    let longRunYesterday: Run?
    /// A key run or race tomorrow rules out heavy legs today.
    let keyTomorrow: KeyTomorrow?

    enum KeyTomorrow {
        case race(Race)
        case run(Run)

        var text: String {
            switch self {
            case .race(let race): "\(race.name) tomorrow"
            case .run(let run): "\(run.type == .long ? "long run" : "\(run.type.rawValue) workout") tomorrow"
            }
        }
    }
    /// A hard workout today or within the `separate` gap before it.
    let recentHardRun: Run?

    var hardWorkout: Run? { runs.first { $0.type.isHardWorkout } }
    var keyRun: Run? { runs.first { $0.isKey } }
    var longRun: Bool { runs.contains { $0.type == .long } }
    var runFree: Bool { runs.allSatisfy { $0.type == .rest } }

    /// A fixed day: one that a rule decides whatever the week needs. The first reason decided it; the
    /// others name rules that gave way to it.
    func fixedDecision(rules: RuleSettings) -> (kind: DayKind, reasons: [Reason])? {
        let activationWindow = nextRace.map { $0.days <= rules.preRaceActivationDays } ?? false
        if let race {
            var reasons = [Reason(.raceDay, "Race day: \(race.name) (\(race.distance)). No lifting; activation before the start.")]
            if lastRace?.days == 1 {
                reasons.append(Reason(.afterRace, "Yesterday's race would make today a recovery day, but today is a race.",
                                      outcome: .gaveWay))
            } else if longRunYesterday != nil {
                reasons.append(Reason(.afterLongRun, "Yesterday's long run would make today a recovery day, but today is a race.",
                                      outcome: .gaveWay))
            }
            return (.race, reasons)
        }
        if let last = lastRace, last.days == 1 {
            var reasons = [Reason(.afterRace, "The day after \(last.race.name): recovery, with the mobility routine.")]
            if activationWindow, let next = nextRace {
                reasons.append(Reason(.preRaceActivation,
                                      "\(next.race.name) is in \(next.days) day(s), but recovery from yesterday's race comes first; the mobility routine is all.",
                                      outcome: .gaveWay))
            }
            return (.recovery, reasons)
        }
        if activationWindow, let next = nextRace {
            var reasons = [Reason(.preRaceActivation,
                                  "\(next.race.name) is in \(next.days) day(s): nothing but a short activation circuit.")]
            if longRunYesterday != nil {
                reasons.append(Reason(.afterLongRun,
                                      "Long run yesterday, but with the race this close today keeps to activation rather than the mobility routine.",
                                      outcome: .gaveWay))
            }
            return (.rest, reasons)
        }
        if let long = longRunYesterday {
            let distance = long.distanceKm.map { " (\(ReminderText.formatKm($0)) km)" } ?? ""
            return (.recovery, [Reason(.afterLongRun, "Long run yesterday\(distance): today is for recovery.")])
        }
        return nil
    }

    /// What `phaseReason` depends on, so equal days share one text.
    var phaseReasonKey: ReasonKey {
        let left = phaseRace.map { date.days(until: $0.date) } ?? -1
        let phaseNumber = switch phase { case .base: 0; case .racePrep: 1; case .taper: 2 }
        return ReasonKey(a: phaseNumber, b: phaseRace?.date.daysSinceEpoch ?? 0, c: phase == .taper ? left : left / 7)
    }

    /// The phase in words, for every day's reasons.
    var phaseReason: Reason {
        switch (phase, phaseRace) {
        case (.base, nil):
            return Reason(.phase, "Base phase: no race ahead, building raw strength.")
        case (.base, let race?):
            return Reason(.phase, "Base phase: \(race.name) is \(date.days(until: race.date) / 7) weeks away, building raw strength.")
        case (.racePrep, let race?):
            return Reason(.phase, "Race preparation: \(race.name) in \(date.days(until: race.date) / 7) weeks, shifting toward power and stability.")
        case (.taper, let race?):
            return Reason(.phase, "Taper: \(race.name) in \(date.days(until: race.date)) days.")
        case (_, nil):
            return Reason(.phase, "\(phase.rawValue) phase.")
        }
    }
}

/// A cheap dictionary key for reason texts that many days share.
struct ReasonKey: Hashable {
    let a: Int, b: Int, c: Int
}
