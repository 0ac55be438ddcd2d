import LegdayCore

/// A plan made in code for the view tests: a marathon block with a heavy day, recovery and race.
enum Fixtures {
    static func move(_ id: String, _ role: ExerciseRole) -> Exercise {
        Exercise(id: id, name: id.replacing("-", with: " ").initialCapitalised, role: role, muscles: [.glutes],
                 equipment: [.none], level: .beginner, positions: [Position(name: "start", text: "Feet hip-width, ribs down.")])
    }

    static let library = ExerciseLibrary([
        move("split-squat", .strength), move("glute-bridge", .strength), move("calf-raise", .calves),
        move("plank", .core), move("hip-circles", .mobility), move("leg-swings", .activation),
    ])

    static func day(_ iso: String) -> LocalDate {
        guard let d = LocalDate(iso: iso) else { preconditionFailure("bad fixture date \(iso)") }
        return d
    }

    /// Weeks of Tue intervals, Thu tempo, Sun long run, easy runs between, and a marathon at the end.
    static func marathonPlan(weeks: Int = 6, from first: String = "2027-03-15") -> Plan {
        let monday = day(first)
        var runs: [Run] = []
        for w in 0..<weeks {
            let m = monday.adding(days: 7 * w)
            runs.append(Run(date: m.adding(days: 1), type: .intervals, distanceKm: 10, title: "6x800, easy, 10K"))
            runs.append(Run(date: m.adding(days: 2), type: .easy, distanceKm: 6, title: "Easy 6 km"))
            runs.append(Run(date: m.adding(days: 3), type: .tempo, distanceKm: 12, title: "Tempo; 12 km"))
            runs.append(Run(date: m.adding(days: 6), type: .long, distanceKm: 20 + Double(w), title: "Long run"))
        }
        let race = Race(date: monday.adding(days: 7 * weeks - 1), name: "Spring Marathon", distance: .marathon)
        let request = PlanRequest(schedule: Schedule(runs: runs), profile: AthleteProfile(timezone: "Europe/Berlin"),
                                  races: [race], range: DateRange(first: monday, days: 7 * weeks + 1),
                                  library: library)
        return Planner.plan(request)
    }
}

extension String {
    var initialCapitalised: String { prefix(1).uppercased() + dropFirst() }
}
