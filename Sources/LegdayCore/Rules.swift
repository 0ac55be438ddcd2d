/// The planner's rule settings. Every default comes from a seed; docs/training-rules.md lists each one,
/// its seed file and the config key under `[rules]` in config.toml that changes it.
///
/// The config loader maps each TOML key named in a field's comment onto that field. Values outside a
/// sensible range are clamped by the planner (see `normalised`), so a typo never breaks the plan.
public struct RuleSettings: Hashable, Sendable, Codable {
    /// `rules.base_sessions_per_week`: lift sessions per week in the base phase (seed 004: 3; seed 000: 2-3).
    public var baseSessionsPerWeek: Int = 3
    /// `rules.base_heavy_sessions_per_week`: how many of them are heavy lower-body sessions
    /// (seed 000: at least one).
    public var baseHeavySessionsPerWeek: Int = 1
    /// `rules.race_prep_sessions_per_week`: lift sessions per week in race preparation (seed 004: 2).
    public var racePrepSessionsPerWeek: Int = 2
    /// `rules.race_prep_heavy_sessions_per_week`: heavy sessions among them; the rest are power and
    /// stability work (seed 004).
    public var racePrepHeavySessionsPerWeek: Int = 1
    /// `rules.taper_sessions_per_week`: light mobility and activation sessions per week in the taper (seed 004: 1).
    public var taperSessionsPerWeek: Int = 1
    /// `rules.high_mileage_sessions_per_week`: most sessions in a high-mileage week (seed 004: 1-2 maintenance).
    public var highMileageSessionsPerWeek: Int = 2
    /// `rules.high_mileage_heavy_sessions_per_week`: most heavy sessions in a high-mileage week; maintenance
    /// keeps one heavy stimulus and cuts the rest to light work.
    public var highMileageHeavySessionsPerWeek: Int = 1
    /// `rules.high_mileage_ratio`: a week is high-mileage when its volume exceeds this share of the
    /// trailing mean (seed 004's "high-mileage weeks"; 1.15 = 115%).
    public var highMileageRatio: Double = 1.15
    /// `rules.high_mileage_trailing_weeks`: how many earlier weeks make the trailing mean.
    public var highMileageTrailingWeeks: Int = 4
    /// `rules.taper_days_marathon`: taper length before a race of 40 km or more (seed 004).
    public var taperDaysMarathon: Int = 14
    /// `rules.taper_days_half`: taper length before a race of 20 km up to 40 km.
    public var taperDaysHalf: Int = 10
    /// `rules.taper_days_short`: taper length before shorter races.
    public var taperDaysShort: Int = 7
    /// `rules.race_prep_weeks`: weeks of race preparation before the taper (seed 004).
    public var racePrepWeeks: Int = 8
    /// `rules.pre_race_activation_days`: days before a race that hold nothing but activation.
    public var preRaceActivationDays: Int = 3
    /// `rules.return_days_marathon`: days of return after a race of 40 km or more: mobility, no heavy or
    /// plyometric work, at most one light session in the second half (legday's choice, docs/training-rules.md).
    public var returnDaysMarathon: Int = 14
    /// `rules.return_days_half`: the same after a race of 20 km up to 40 km.
    public var returnDaysHalf: Int = 7
    /// `rules.return_days_short`: the same after shorter races (5k, 10k).
    public var returnDaysShort: Int = 3
    /// `rules.min_days_off`: days a week left with no run and no lift (seed 000: stacking buys the day off).
    public var minDaysOff: Int = 1
    /// `rules.lift_on_rest_days`: whether the schedule's own rest or `OFF` days may take a lift.
    public var liftOnRestDays: Bool = false
    /// `rules.block_weeks`: weeks per training block, 4 to 6 (seed 004: vary every 4-6 weeks).
    public var blockWeeks: Int = 4
    /// `rules.separate_hours`: with policy `separate`, the least time between a hard run and a lift
    /// (seed 002: 24 hours or more). Counted in whole days, rounded up.
    public var separateHours: Int = 24

    public init() {}

    /// The settings with every value pulled into a range the planner can work with.
    public var normalised: RuleSettings {
        var s = self
        s.baseSessionsPerWeek = min(max(s.baseSessionsPerWeek, 0), 7)
        s.racePrepSessionsPerWeek = min(max(s.racePrepSessionsPerWeek, 0), 7)
        s.taperSessionsPerWeek = min(max(s.taperSessionsPerWeek, 0), 7)
        s.highMileageSessionsPerWeek = min(max(s.highMileageSessionsPerWeek, 0), 7)
        s.baseHeavySessionsPerWeek = min(max(s.baseHeavySessionsPerWeek, 0), s.baseSessionsPerWeek)
        s.racePrepHeavySessionsPerWeek = min(max(s.racePrepHeavySessionsPerWeek, 0), s.racePrepSessionsPerWeek)
        s.highMileageHeavySessionsPerWeek = max(s.highMileageHeavySessionsPerWeek, 0)
        if !(s.highMileageRatio.isFinite && s.highMileageRatio > 0) { s.highMileageRatio = 1.15 }
        s.highMileageTrailingWeeks = min(max(s.highMileageTrailingWeeks, 1), 12)
        s.taperDaysMarathon = min(max(s.taperDaysMarathon, 0), 56)
        s.taperDaysHalf = min(max(s.taperDaysHalf, 0), 56)
        s.taperDaysShort = min(max(s.taperDaysShort, 0), 56)
        s.racePrepWeeks = min(max(s.racePrepWeeks, 0), 52)
        s.preRaceActivationDays = min(max(s.preRaceActivationDays, 0), 14)
        s.returnDaysMarathon = min(max(s.returnDaysMarathon, 1), 28)
        s.returnDaysHalf = min(max(s.returnDaysHalf, 1), 28)
        s.returnDaysShort = min(max(s.returnDaysShort, 1), 28)
        s.minDaysOff = min(max(s.minDaysOff, 0), 7)
        s.blockWeeks = min(max(s.blockWeeks, 4), 6)
        s.separateHours = min(max(s.separateHours, 0), 96)
        return s
    }

    /// Whole days between a hard run and the next lift under policy `separate`: 24 h is the next day.
    var separateDays: Int { (separateHours + 23) / 24 }
}

/// Everything the planner needs, as values.
public struct PlanRequest: Sendable {
    public var schedule: Schedule
    public var profile: AthleteProfile
    public var races: [Race]
    public var range: DateRange
    public var rules: RuleSettings
    public var library: ExerciseLibrary
    /// What the runner logged (`legday log`) and the first day not yet over: missed sessions re-placed,
    /// targets from the last numbers. Nil, or an empty log, plans as if nothing were logged.
    public var history: (log: TrainingHistory, today: LocalDate)?

    public init(schedule: Schedule, profile: AthleteProfile, races: [Race], range: DateRange,
                rules: RuleSettings = RuleSettings(), library: ExerciseLibrary,
                history: (log: TrainingHistory, today: LocalDate)? = nil) {
        self.schedule = schedule
        self.profile = profile
        self.races = races
        self.range = range
        self.rules = rules
        self.library = library
        self.history = history
    }
}
