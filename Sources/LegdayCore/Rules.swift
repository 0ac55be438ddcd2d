/// The planner's rule settings. Every default comes from a seed; docs/training-rules.md lists each one,
/// its seed file and the config key that changes it.
public struct RuleSettings: Hashable, Sendable, Codable {
    /// Lift sessions per week in the base phase (seed 004: 3; seed 000: 2-3 with one heavy).
    public var baseSessionsPerWeek: Int = 3
    /// Lift sessions per week in race preparation (seed 004: 2).
    public var racePrepSessionsPerWeek: Int = 2
    /// Lift sessions per week in the taper (seed 004: 1 light session).
    public var taperSessionsPerWeek: Int = 1
    /// Most sessions in a high-mileage week (seed 004: 1-2 maintenance sessions).
    public var highMileageSessionsPerWeek: Int = 2
    /// A week is high-mileage when its volume exceeds this share of the trailing 4-week mean.
    public var highMileageRatio: Double = 1.15

    public init() {}
}

/// Everything the planner needs, as values.
public struct PlanRequest: Sendable {
    public var schedule: Schedule
    public var profile: AthleteProfile
    public var races: [Race]
    public var range: DateRange
    public var rules: RuleSettings
    public var library: ExerciseLibrary

    public init(schedule: Schedule, profile: AthleteProfile, races: [Race], range: DateRange,
                rules: RuleSettings = RuleSettings(), library: ExerciseLibrary) {
        self.schedule = schedule
        self.profile = profile
        self.races = races
        self.range = range
        self.rules = rules
        self.library = library
    }
}
