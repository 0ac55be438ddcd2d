/// The schedule indexed by day once, so the planner looks a day up in constant time and stays linear in
/// the number of days planned (no scan over all runs per day).
struct ScheduleIndex {
    let first: LocalDate
    let firstDay: Int
    let count: Int
    /// The schedule's runs in date order (runs on one day keep the schedule's order), and where each day of
    /// the window starts: day `i`'s runs are `runs[starts[i]..<starts[i + 1]]`. A day's runs are a slice of
    /// this one array, so a year's plan makes no array per day.
    private let runs: [Run]
    private let starts: [Int]
    private let strengthByDay: [[PlannedStrength]]
    /// What the planner asks of a day's runs most, worked out once per day: the first hard workout, the
    /// first key run and the first long run (its distance), so that asking copies no run.
    private let summaries: [RunSummary]

    struct RunSummary {
        var hardWorkout: RunType?
        var keyRun: RunType?
        var longRun: DayFacts.LongRun?
        /// No runs, or only rest entries.
        var runFree = true
        /// A rest entry (the schedule's own rest or `OFF` day) and no run.
        var scheduledRest: Bool { hasRestEntry && runFree }
        var hasRestEntry = false
        /// Kilometres of training run; cross-training, rest entries and races do not count (a race is not
        /// training mileage, and counting it would call every race week high-mileage).
        var km = 0.0
    }

    init(_ schedule: Schedule, first: LocalDate, last: LocalDate) {
        self.first = first
        self.firstDay = first.daysSinceEpoch
        let count = max(first.days(until: last) + 1, 0)
        self.count = count
        // Schedules are almost always in date order already, and then a day's runs are a slice of the
        // schedule's own array; otherwise they are sorted once, keeping the order of runs on one day.
        var runs = schedule.runs
        if runs.indices.dropFirst().contains(where: { runs[$0 - 1].date > runs[$0].date }) {
            runs = runs.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
        }
        var starts = [Int](repeating: 0, count: count + 1)
        var summaries = [RunSummary](repeating: RunSummary(), count: count)
        var j = 0
        for i in 0...count {
            while j < runs.count && runs[j].date.daysSinceEpoch < firstDay + i { j += 1 }
            starts[i] = j
        }
        for i in 0..<count {
            for j in starts[i]..<starts[i + 1] {
                let type = runs[j].type
                if type.isHardWorkout && summaries[i].hardWorkout == nil { summaries[i].hardWorkout = type }
                if type.isKey && summaries[i].keyRun == nil { summaries[i].keyRun = type }
                if type == .long && summaries[i].longRun == nil { summaries[i].longRun = DayFacts.LongRun(km: runs[j].distanceKm) }
                if type != .rest { summaries[i].runFree = false } else { summaries[i].hasRestEntry = true }
                if type != .cross && type != .rest && type != .race { summaries[i].km += runs[j].distanceKm ?? 0 }
            }
        }
        // Most schedules hold no strength sessions: then there is no per-day list at all.
        var strength = [[PlannedStrength]](repeating: [], count: schedule.strength.isEmpty ? 0 : count)
        for session in schedule.strength {
            let i = first.days(until: session.date)
            if i >= 0 && i < count { strength[i].append(session) }
        }
        self.runs = runs
        self.starts = starts
        self.strengthByDay = strength
        self.summaries = summaries
    }

    /// The runs on the day `day` days after 1970-01-01; the planner's loops count days as integers.
    func runs(atDay day: Int) -> ArraySlice<Run> {
        let i = day - firstDay
        return i >= 0 && i < count ? runs[starts[i]..<starts[i + 1]] : []
    }

    func summary(atDay day: Int) -> RunSummary {
        let i = day - firstDay
        return i >= 0 && i < count ? summaries[i] : RunSummary()
    }

    func hasStrength(atDay day: Int) -> Bool {
        let i = day - firstDay
        return i >= 0 && i < strengthByDay.count && !strengthByDay[i].isEmpty
    }

    func strength(atDay day: Int) -> [PlannedStrength] {
        let i = day - firstDay
        return i >= 0 && i < strengthByDay.count ? strengthByDay[i] : []
    }
}

/// Running volume by week, for the high-mileage rule.
enum WeekVolume {
    /// Kilometres run in the 7 days from `monday`; cross-training, rest entries and races do not count.
    static func kilometres(weekStarting monday: LocalDate, in index: ScheduleIndex) -> Double {
        var total = 0.0
        for offset in 0..<7 { total += index.summary(atDay: monday.daysSinceEpoch + offset).km }
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
