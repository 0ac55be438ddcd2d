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
        var earliest: LocalDate?
        for run in request.schedule.runs where earliest.map({ run.date < $0 }) ?? true { earliest = run.date }

        var start = range.first.startOfWeek
        if let earliest, earliest < start {
            start = max(earliest, range.first.adding(days: -364)).startOfWeek
        }
        let end = range.last.startOfWeek.adding(days: 6)
        let lookback = 7 * max(rules.highMileageTrailingWeeks, 1)
        // Facts run a week past the end, so the last Sunday sees the next Monday as any other day would.
        let index = ScheduleIndex(request.schedule, first: start.adding(days: -lookback), last: end.adding(days: 8))
        let races = allRaces(request)
        let gym = Weekday.allCases.map { request.profile.gymDays.contains($0) }
        let facts = dayFacts(from: start, to: end.adding(days: 7), index: index, races: races, gymDays: gym,
                             rules: rules)

        var state = PlanState(facts: facts, rules: rules, policy: request.profile.policy)
        var volumes: [Int: Double] = [:]
        func volume(_ monday: LocalDate) -> Double {
            if let known = volumes[monday.daysSinceEpoch] { return known }
            let km = WeekVolume.kilometres(weekStarting: monday, in: index)
            volumes[monday.daysSinceEpoch] = km
            return km
        }
        var monday = start
        while monday <= end {
            let first = start.days(until: monday)
            let high = WeekVolume.highMileage(weekStarting: monday, weeklyVolumes: volume,
                                              earliestRun: index.earliestRun, rules: rules)
            let nextRace = facts[first].phaseRace
            let block = TrainingBlocks.block(weekStarting: monday, nextRace: nextRace, rules: rules)
            state.planWeek(first: first, highMileage: high, block: block)
            monday = monday.adding(days: 7)
        }

        var days: [DayPlan] = []
        days.reserveCapacity(range.count)
        for date in range {
            days.append(state.dayPlan(at: start.days(until: date), profile: request.profile, library: request.library))
        }
        return Plan(timezone: request.profile.timezone, days: days)
    }

    /// Configured races and races in the schedule, by date; a configured race wins over a schedule entry
    /// on the same day.
    static func allRaces(_ request: PlanRequest) -> [Race] {
        var byDay: [Int: Race] = [:]
        for run in request.schedule.runs where run.type == .race {
            let distance = run.distanceKm.map { RaceDistance.km($0) } ?? .tenK
            byDay[run.date.daysSinceEpoch] = Race(date: run.date, name: run.title.isEmpty ? "Race" : run.title,
                                                  distance: distance)
        }
        for race in request.races { byDay[race.date.daysSinceEpoch] = race }
        return byDay.values.sorted { $0.date < $1.date }
    }

    /// The facts of every day from `start` to `end`, in one pass over the days and one over the races.
    static func dayFacts(from start: LocalDate, to end: LocalDate, index: ScheduleIndex, races: [Race],
                         gymDays: [Bool], rules: RuleSettings) -> [DayFacts] {
        var facts: [DayFacts] = []
        facts.reserveCapacity(start.days(until: end) + 1)
        var nextIndex = 0
        var date = start
        while date <= end {
            while nextIndex < races.count && races[nextIndex].date < date { nextIndex += 1 }
            let today = nextIndex < races.count && races[nextIndex].date == date ? races[nextIndex] : nil
            let afterIndex = today == nil ? nextIndex : nextIndex + 1
            let next = afterIndex < races.count ? races[afterIndex] : nil
            let last = nextIndex > 0 ? races[nextIndex - 1] : nil
            let phaseRace = today ?? next
            let phase = phaseRace.map { Phases.phase(daysToRace: date.days(until: $0.date), race: $0, rules: rules) } ?? .base

            let tomorrow = date.adding(days: 1)
            var keyTomorrow: DayFacts.KeyTomorrow?
            if let next, next.date == tomorrow {
                keyTomorrow = .race(next)
            } else if let run = index.runs(on: tomorrow).first(where: { $0.isKey }) {
                keyTomorrow = .run(run)
            }
            var recentHard: Run?
            for back in 0..<rules.separateDays where recentHard == nil {
                recentHard = index.runs(on: date.adding(days: -back)).first { $0.type.isHardWorkout }
            }
            // 1970-01-01 was a Thursday (index 3).
            let weekday = ((date.daysSinceEpoch % 7) + 7 + 3) % 7
            facts.append(DayFacts(
                date: date, weekdayIndex: weekday, isGymDay: gymDays[weekday], runs: index.runs(on: date), planned: index.strength(on: date), race: today,
                nextRace: next.map { ($0, date.days(until: $0.date)) },
                lastRace: last.map { ($0, $0.date.days(until: date)) },
                phase: phase, phaseRace: phaseRace,
                longRunYesterday: index.runs(on: date.adding(days: -1)).first { $0.type == .long },
                keyTomorrow: keyTomorrow, recentHardRun: recentHard))
            date = tomorrow
        }
        return facts
    }
}
