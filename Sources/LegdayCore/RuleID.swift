/// The planner's rules by id. The raw value is `Reason.rule`, the id in `legday explain`, in the JSON
/// `rules` list and in docs/training-rules.md.
public enum RuleID: String, CaseIterable, Hashable, Sendable {
    /// Race day is `race`.
    case raceDay = "race-day"
    /// The day after a race is `recovery`.
    case afterRace = "after-race-recovery"
    /// The day after the long run is `recovery`.
    case afterLongRun = "after-long-run-recovery"
    /// Nothing but activation in the days just before a race.
    case preRaceActivation = "pre-race-activation-only"
    /// The return after an A or B race: mobility, nothing heavy or plyometric, at most one light session.
    case returnAfterRace = "return-after-race"
    /// A race's priority (A, B, C) decides how much of the plan it moves.
    case racePriority = "race-priority"
    /// The training phase from the next race: base, race-prep or taper.
    case phase = "phase"
    /// Taper weeks hold only light mobility and activation work.
    case taperLight = "taper-light"
    /// How many lift sessions a week holds, by phase.
    case sessionsPerWeek = "sessions-per-week"
    /// How many of them are heavy, by phase (base: at least one).
    case heavyPerWeek = "heavy-per-week"
    /// High-mileage weeks cut lifting to maintenance.
    case highMileage = "high-mileage-week"
    /// Policy `stack`: heavy legs on hard-run days, after the run.
    case policyStack = "policy-stack"
    /// Policy `separate`: lift only some time after a hard run.
    case policySeparate = "policy-separate"
    /// No lift the day before a long run, key workout or race: at most activation or mobility.
    case eveOfKeyDay = "eve-of-key-day"
    /// No lift on the long run's day.
    case longRunDay = "long-run-day"
    /// At least `min_days_off` days a week with no run and no lift.
    case daysOff = "days-off"
    /// The schedule's own rest (`OFF`) days take no lift unless the runner asks.
    case scheduledRest = "schedule-rest-day"
    /// Never heavy two days in a row.
    case noHeavyBackToBack = "no-heavy-back-to-back"
    /// Sessions that need equipment go on gym days; other days get a bodyweight variant.
    case gymDays = "gym-days"
    /// Recovery days carry the mobility routine.
    case recoveryMobility = "recovery-mobility"
    /// Key-run days carry the pre-run activation circuit.
    case keyRunActivation = "key-run-activation"
    /// Training blocks rotate: strength, hypertrophy, power.
    case trainingBlock = "training-block"
    /// Strength sessions already in the runner's plan count toward the week.
    case plannedStrength = "planned-strength"
    /// A day without a lift session.
    case rest = "rest"
    /// What the log changes (`ListeningCoach`): a missed heavy session moved, or dropped when no day allows
    /// it; yesterday's unlogged session asked about; a light re-entry week after two empty weeks.
    case missedSessionMoved = "missed-session-moved"
    case missedSessionDropped = "missed-session-dropped"
    case askAboutYesterday = "ask-about-yesterday"
    case reentryWeek = "re-entry-week"
}

extension Reason {
    /// A reason in fixed words; `text` is a string literal in the planner, so storing it costs nothing.
    init(_ rule: RuleID, _ text: String, outcome: Outcome = .applied) {
        self.init(rule, .words(text), outcome: outcome)
    }
}
