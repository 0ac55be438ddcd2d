/// Decides every day's kind and session. A pure function of its request: no I/O, no clock.
///
/// The plan is made a week (Monday to Sunday) at a time. Within a week, days that a rule fixes come first
/// (race, recovery, the days before a race); then strength sessions already in the runner's plan; then heavy
/// sessions on the best free days; then light ones; every other day rests. Weeks are planned from the start
/// of the schedule (at most a year before the range), so a day's plan does not depend on the dates asked for.
public enum Planner {
    public static func plan(_ request: PlanRequest) -> Plan {
        let rules = request.rules.normalised
        let range = request.range
        let earliest = request.schedule.runs.lazy.map(\.date).min()

        var start = range.first.startOfWeek
        if let earliest, earliest < start {
            start = max(earliest, range.first.adding(days: -364)).startOfWeek
        }
        let end = range.last.startOfWeek.adding(days: 6)
        let lookback = 7 * max(rules.highMileageTrailingWeeks, 1)
        // Facts run a week past the end, so the last Sunday sees the next Monday as any other day would.
        let index = ScheduleIndex(request.schedule, first: start.adding(days: -lookback), last: end.adding(days: 8))
        let races = Races(all: allRaces(request), rules: rules)
        let gym = Weekday.allCases.map { request.profile.gymDays.contains($0) }
        // Blocks count from the runner's own first week (athlete.start, else the schedule's earliest run),
        // never from where the asked range begins: `today` for one day and `plan` for a season must name the
        // same block week.
        let anchor = request.profile.start ?? request.schedule.runs.lazy.map(\.date).min() ?? start
        let facts = dayFacts(from: start, to: end.adding(days: 7), anchor: anchor, index: index,
                             races: races, gymDays: gym, rules: rules)

        var state = PlanState(facts: facts, index: index, races: races, rules: rules, profile: request.profile,
                              library: request.library)
        var monday = start
        while monday <= end {
            let first = start.days(until: monday)
            let high = WeekVolume.highMileage(weekStarting: monday,
                                              weeklyVolumes: { WeekVolume.kilometres(weekStarting: $0, in: index) },
                                              earliestRun: earliest, rules: rules)
            state.planWeek(first: first, highMileage: high)
            monday = monday.adding(days: 7)
        }

        var days: [DayPlan] = []
        days.reserveCapacity(range.count)
        for date in range {
            days.append(state.dayPlan(at: start.days(until: date)))
        }
        state.publishSessions()
        if let history = request.history {
            days = ListeningCoach.adjust(days, history: history.log, today: history.today)
        }
        return Plan(timezone: request.profile.timezone, days: days)
    }

    /// Configured races and races in the schedule, by date; a configured race wins over a schedule entry
    /// on the same day.
    static func allRaces(_ request: PlanRequest) -> [Race] {
        var byDay: [Int: Race] = [:]
        let runs = request.schedule.runs
        // By index: looking at a run's type this way copies no run.
        for i in runs.indices where runs[i].type == .race {
            let run = runs[i]
            let distance = run.distanceKm.map { RaceDistance.km($0) } ?? .tenK
            byDay[run.date.daysSinceEpoch] = Race(date: run.date, name: run.title.isEmpty ? "Race" : run.title,
                                                  distance: distance)
        }
        for race in request.races { byDay[race.date.daysSinceEpoch] = race }
        return byDay.values.sorted { $0.date < $1.date }
    }

    /// The facts of every day from `start` to `end`, in one pass over the days and one over the races.
    /// `anchor` is the first day of base training when no race came before (the plan's first week).
    static func dayFacts(from start: LocalDate, to end: LocalDate, anchor: LocalDate, index: ScheduleIndex,
                         races: Races, gymDays: [Bool], rules: RuleSettings) -> [DayFacts] {
        var facts: [DayFacts] = []
        facts.reserveCapacity(start.days(until: end) + 1)
        // Days are counted as integers here: this loop runs for every day of every plan. Each list of race
        // days has its own cursor: every race, the A and B races, and the A races.
        let raceDays = races.all.map(\.date.daysSinceEpoch)
        let guarded = races.all.indices.filter { races.isGuarded($0) }
        let goals = races.all.indices.filter { races.isGoal($0) }
        // Each race's taper, build-up (race preparation and taper) and return, in days, worked out once.
        let taperDays = races.all.map { Phases.taperDays(for: $0.distance, rules: rules) }
        let buildUpDays = races.all.map { Phases.buildUpDays(for: $0.distance, rules: rules) }
        let returnLength = races.all.map { Phases.returnDays(for: $0.distance, rules: rules) }
        let anchorDay = anchor.daysSinceEpoch
        var nextAny = 0, nextGuarded = 0, nextGoal = 0
        // Yesterday, today and tomorrow's runs, moved along one day at a time.
        var yesterday = index.summary(atDay: start.daysSinceEpoch - 1)
        var today = index.summary(atDay: start.daysSinceEpoch)
        for day in start.daysSinceEpoch...end.daysSinceEpoch {
            let tomorrow = index.summary(atDay: day + 1)
            defer { (yesterday, today) = (today, tomorrow) }
            while nextAny < raceDays.count && raceDays[nextAny] < day { nextAny += 1 }
            while nextGuarded < guarded.count && raceDays[guarded[nextGuarded]] < day { nextGuarded += 1 }
            while nextGoal < goals.count && raceDays[goals[nextGoal]] < day { nextGoal += 1 }
            let race = nextAny < raceDays.count && raceDays[nextAny] == day ? nextAny : nil
            let afterToday = race == nil ? nextAny : nextAny + 1
            let raceTomorrow = afterToday < raceDays.count && raceDays[afterToday] == day + 1 ? afterToday : nil

            // The next A or B race after today, and the last one before it.
            let guardedToday = nextGuarded < guarded.count && raceDays[guarded[nextGuarded]] == day
            let after = guardedToday ? nextGuarded + 1 : nextGuarded
            let next = after < guarded.count ? (race: guarded[after], days: raceDays[guarded[after]] - day) : nil
            let last = nextGuarded > 0 ? (race: guarded[nextGuarded - 1], days: day - raceDays[guarded[nextGuarded - 1]]) : nil
            let returnDays = last.flatMap { $0.days <= returnLength[$0.race] ? returnLength[$0.race] : nil }

            // The phase counts to the next A race, on or after today (`Phases.phase`, in days); base begins
            // after the last A race.
            let phaseRace = nextGoal < goals.count ? goals[nextGoal] : nil
            let date = LocalDate(daysSinceEpoch: day)
            var phase = Phase.base
            var phaseStart = nextGoal > 0 ? max(anchorDay, raceDays[goals[nextGoal - 1]] + 1) : anchorDay
            if let r = phaseRace {
                let daysToRace = raceDays[r] - day
                if daysToRace <= taperDays[r] {
                    phase = .taper
                    phaseStart = raceDays[r] - taperDays[r]
                } else if daysToRace <= buildUpDays[r] {
                    phase = .racePrep
                    phaseStart = raceDays[r] - buildUpDays[r]
                }
            }

            var keyTomorrow: DayFacts.KeyTomorrow?
            if let raceTomorrow {
                keyTomorrow = .race(raceTomorrow)
            } else if let key = tomorrow.keyRun {
                keyTomorrow = .run(key)
            }
            var recentHard: RunType?
            for back in 0..<rules.separateDays where recentHard == nil {
                recentHard = index.summary(atDay: day - back).hardWorkout
            }
            let weekday = date.weekdayIndex
            facts.append(DayFacts(
                date: date, weekdayIndex: weekday, isGymDay: gymDays[weekday],
                hasPlannedStrength: index.hasStrength(atDay: day), isScheduledRest: today.scheduledRest,
                race: race, nextRace: next, lastRace: last, returnDays: returnDays,
                phase: phase, phaseRace: phaseRace, phaseStart: LocalDate(daysSinceEpoch: phaseStart), longRunYesterday: yesterday.longRun,
                keyTomorrow: keyTomorrow, recentHardRun: recentHard, today: today))
        }
        return facts
    }
}
