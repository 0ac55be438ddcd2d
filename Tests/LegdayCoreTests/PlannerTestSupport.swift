import LegdayCore

/// A small exercise library made in code, so planner tests do not depend on the bundled data.
enum TestLibrary {
    static func move(_ id: String, _ role: ExerciseRole, _ equipment: [Equipment] = [.none]) -> Exercise {
        Exercise(id: id, name: id, role: role, muscles: [.glutes], equipment: equipment, level: .beginner,
                 positions: [Position(name: "start", text: "Stand tall.")])
    }

    static let library = ExerciseLibrary([
        move("back-squat", .strength, [.barbell, .rack]),
        move("split-squat", .strength),
        move("romanian-deadlift", .strength, [.barbell]),
        move("glute-bridge", .strength),
        move("calf-raise", .calves),
        move("plank", .core),
        move("hip-circles", .mobility),
        move("ankle-rocks", .mobility),
        move("band-walk", .activation, [.band]),
        move("leg-swings", .activation),
        move("clamshell", .activation),
    ])
}

/// SplitMix64: a tiny seeded generator, so every generated schedule can be rebuilt from its seed.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func date(_ iso: String) -> LocalDate {
    guard let d = LocalDate(iso: iso) else { preconditionFailure("bad test date \(iso)") }
    return d
}

/// Builds schedules week by week from a weekday template: `"tue": (.intervals, 8)`.
struct WeekTemplate {
    var runs: [Weekday: (RunType, Double)]

    func schedule(from monday: LocalDate, weeks: Int, longRunGrowth: Double = 0) -> [Run] {
        var out: [Run] = []
        for w in 0..<weeks {
            for (weekday, run) in runs {
                let km = run.0 == .long ? run.1 + longRunGrowth * Double(w) : run.1
                out.append(Run(date: monday.adding(days: 7 * w + weekday.index), type: run.0, distanceKm: km,
                               title: "\(run.0.rawValue) \(km) km"))
            }
        }
        return out.sorted { $0.date < $1.date }
    }
}

extension DayPlan {
    func has(_ rule: String, _ outcome: Reason.Outcome? = nil) -> Bool {
        reasons.contains { $0.rule == rule && (outcome == nil || $0.outcome == outcome) }
    }
}

extension Plan {
    func kind(_ iso: String) -> DayKind? { self[date(iso)]?.kind }
}

func plan(_ runs: [Run], races: [Race] = [], from: String, days: Int, profile: AthleteProfile = AthleteProfile(),
          strength: [PlannedStrength] = [], rules: RuleSettings = RuleSettings()) -> Plan {
    Planner.plan(PlanRequest(schedule: Schedule(runs: runs, strength: strength), profile: profile, races: races,
                             range: DateRange(first: date(from), days: days), rules: rules,
                             library: TestLibrary.library))
}
