/// When heavy leg work goes relative to hard runs.
public enum LiftPolicy: String, CaseIterable, Hashable, Sendable, Codable {
    /// Heavy legs on hard-run days, after the run, so easy days stay easy (seeds 000 and 004).
    case stack
    /// Lift at least 24 hours after a hard run workout (seed 002).
    case separate
}

/// How long the runner has been lifting; it picks the starting variant of each movement.
public enum ExperienceLevel: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    case beginner, intermediate, advanced

    public static func < (a: ExperienceLevel, b: ExperienceLevel) -> Bool { a.rank < b.rank }

    private var rank: Int {
        switch self {
        case .beginner: 0
        case .intermediate: 1
        case .advanced: 2
        }
    }
}

/// Gear an exercise needs. `none` is bodyweight.
public enum Equipment: String, CaseIterable, Hashable, Sendable, Codable {
    case none, dumbbell, kettlebell, barbell, bench, box, step, band, mat
    case stabilityBall = "stability-ball"
    case legPress = "leg-press"
    case plate, wall, rack
}

/// The runner: where they live in time, what they have, and how they like to train.
public struct AthleteProfile: Hashable, Sendable, Codable {
    /// An IANA zone id such as `Europe/Berlin`; the planner never reads it, the scheduler does.
    public var timezone: String
    public var policy: LiftPolicy
    public var experience: ExperienceLevel
    /// Days the runner can get to a gym. Sessions needing gym equipment go on these days.
    public var gymDays: Set<Weekday>
    /// What the runner has at the gym.
    public var gymEquipment: Set<Equipment>
    /// What the runner has at home (bodyweight always works).
    public var homeEquipment: Set<Equipment>
    /// `athlete.start`: the first day of training, where the first training block begins. Without it the
    /// blocks begin in the plan's first week (the week of the schedule's first run).
    public var start: LocalDate?

    public init(timezone: String = "UTC",
                policy: LiftPolicy = .stack,
                experience: ExperienceLevel = .beginner,
                gymDays: Set<Weekday> = Set(Weekday.allCases),
                gymEquipment: Set<Equipment> = Set(Equipment.allCases),
                homeEquipment: Set<Equipment> = [.none, .mat, .wall, .step],
                start: LocalDate? = nil) {
        self.timezone = timezone
        self.policy = policy
        self.experience = experience
        self.gymDays = gymDays
        self.gymEquipment = gymEquipment
        self.homeEquipment = homeEquipment
        self.start = start
    }

    /// The equipment at hand on a given day.
    public func equipment(on weekday: Weekday) -> Set<Equipment> {
        equipment(atGym: gymDays.contains(weekday))
    }

    /// The equipment at hand on a gym day or a home day.
    public func equipment(atGym: Bool) -> Set<Equipment> {
        var available = homeEquipment.union([.none])
        if atGym { available.formUnion(gymEquipment) }
        return available
    }
}
