/// The schedule indexed by day once, so the planner looks a day up in constant time and stays linear in
/// the number of days planned (no scan over all runs per day).
struct ScheduleIndex {
    let first: LocalDate
    let firstDay: Int
    let count: Int
    private let runsByDay: [[Run]]
    private let strengthByDay: [[PlannedStrength]]
    /// What the planner asks of a day's runs most, worked out once per day: the first hard workout, the
    /// first key run and the first long run (its distance), so that asking copies no run.
    private let summaries: [RunSummary]
    /// The earliest run in the whole schedule, inside the window or not.
    let earliestRun: LocalDate?

    struct RunSummary {
        var hardWorkout: RunType?
        var keyRun: RunType?
        var longRun: DayFacts.LongRun?
        /// No runs, or only rest entries.
        var runFree = true
    }

    init(_ schedule: Schedule, first: LocalDate, last: LocalDate) {
        self.first = first
        self.firstDay = first.daysSinceEpoch
        self.count = max(first.days(until: last) + 1, 0)
        var runs = [[Run]](repeating: [], count: count)
        var strength = [[PlannedStrength]](repeating: [], count: count)
        var summaries = [RunSummary](repeating: RunSummary(), count: count)
        var earliest: LocalDate?
        for run in schedule.runs {
            if earliest.map({ run.date < $0 }) ?? true { earliest = run.date }
            let i = first.days(until: run.date)
            guard i >= 0 && i < count else { continue }
            runs[i].append(run)
            let type = run.type
            if type.isHardWorkout && summaries[i].hardWorkout == nil { summaries[i].hardWorkout = type }
            if type.isKey && summaries[i].keyRun == nil { summaries[i].keyRun = type }
            if type == .long && summaries[i].longRun == nil { summaries[i].longRun = DayFacts.LongRun(km: run.distanceKm) }
            if type != .rest { summaries[i].runFree = false }
        }
        for session in schedule.strength {
            let i = first.days(until: session.date)
            if i >= 0 && i < count { strength[i].append(session) }
        }
        self.runsByDay = runs
        self.strengthByDay = strength
        self.summaries = summaries
        self.earliestRun = earliest
    }

    func runs(on date: LocalDate) -> [Run] { runs(atDay: date.daysSinceEpoch) }

    /// The runs on the day `day` days after 1970-01-01; the planner's loops count days as integers.
    func runs(atDay day: Int) -> [Run] {
        let i = day - firstDay
        return i >= 0 && i < count ? runsByDay[i] : []
    }

    func summary(atDay day: Int) -> RunSummary {
        let i = day - firstDay
        return i >= 0 && i < count ? summaries[i] : RunSummary()
    }

    func strength(atDay day: Int) -> [PlannedStrength] {
        let i = day - firstDay
        return i >= 0 && i < count ? strengthByDay[i] : []
    }

    func strength(on date: LocalDate) -> [PlannedStrength] {
        let i = first.days(until: date)
        return i >= 0 && i < count ? strengthByDay[i] : []
    }
}

/// Running volume by week, for the high-mileage rule.
enum WeekVolume {
    /// Kilometres run in the 7 days from `monday`; cross-training and rest entries do not count.
    static func kilometres(weekStarting monday: LocalDate, in index: ScheduleIndex) -> Double {
        var total = 0.0
        for offset in 0..<7 {
            for run in index.runs(on: monday.adding(days: offset)) where run.type != .cross && run.type != .rest {
                total += run.distanceKm ?? 0
            }
        }
        return total
    }

    /// The week's volume and its trailing mean when the week is high-mileage: volume over `ratio` times the
    /// mean of the `trailingWeeks` before it. Needs the schedule to reach back over all of them, so the first
    /// weeks of a plan are never called high-mileage for lack of history.
    static func highMileage(weekStarting monday: LocalDate, weeklyVolumes: (LocalDate) -> Double,
                            earliestRun: LocalDate?, rules: RuleSettings) -> (volume: Double, mean: Double)? {
        let trailing = rules.highMileageTrailingWeeks
        let historyStart = monday.adding(days: -7 * trailing)
        guard let earliest = earliestRun, earliest < historyStart.adding(days: 7) else { return nil }
        var sum = 0.0
        for back in 1...trailing { sum += weeklyVolumes(monday.adding(days: -7 * back)) }
        let mean = sum / Double(trailing)
        let volume = weeklyVolumes(monday)
        guard mean > 0, volume > mean * rules.highMileageRatio else { return nil }
        return (volume, mean)
    }
}
