import LegdayCore
import Testing

/// Random schedules, both policies, random gym days and races: every rule holds on every day, or the day's
/// reasons name the rule that gave way. The checks below are written from the rules in
/// docs/training-rules.md, not from the planner's code.
@Suite struct PlannerPropertyTests {
    struct Case {
        var request: PlanRequest
        var seed: UInt64
    }

    static func generate(seed: UInt64) -> Case {
        var rng = SeededRandom(seed: seed)
        let start = LocalDate(daysSinceEpoch: 20_000 + Int.random(in: 0..<700, using: &rng)).startOfWeek
        let weeks = Int.random(in: 6...30, using: &rng)
        var runs: [Run] = []
        var strength: [PlannedStrength] = []
        var races: [Race] = []
        let hardTypes: [RunType] = [.tempo, .threshold, .intervals, .hills, .fartlek]
        let easyTypes: [RunType] = [.easy, .recovery, .cross, .rest]
        let everyDayHard = Int.random(in: 0..<10, using: &rng) == 0
        let raceEveryWeekend = Int.random(in: 0..<10, using: &rng) == 0
        for w in 0..<weeks {
            let monday = start.adding(days: 7 * w)
            let longDay = Int.random(in: 0..<10, using: &rng) < 8 ? Int.random(in: 5...6, using: &rng)
                                                                   : Int.random(in: 0...6, using: &rng)
            for d in 0..<7 {
                let day = monday.adding(days: d)
                let roll = Int.random(in: 0..<10, using: &rng)
                if d == longDay && roll < 9 {
                    runs.append(Run(date: day, type: .long, distanceKm: Double(Int.random(in: 14...34, using: &rng))))
                } else if everyDayHard || roll < 3 {
                    runs.append(Run(date: day, type: hardTypes.randomElement(using: &rng)!,
                                    distanceKm: Double(Int.random(in: 6...14, using: &rng))))
                } else if roll < 7 {
                    runs.append(Run(date: day, type: easyTypes.randomElement(using: &rng)!,
                                    distanceKm: Double(Int.random(in: 3...12, using: &rng))))
                }
                if Int.random(in: 0..<12, using: &rng) == 0 {
                    strength.append(PlannedStrength(date: day, title: "Gym A"))
                }
            }
            if raceEveryWeekend || Int.random(in: 0..<14, using: &rng) == 0 {
                let distance: RaceDistance = [.fiveK, .tenK, .half, .marathon, .km(15)].randomElement(using: &rng)!
                let day = monday.adding(days: raceEveryWeekend ? 6 : Int.random(in: 0...6, using: &rng))
                if Int.random(in: 0..<2, using: &rng) == 0 {
                    let priority: RacePriority? = [nil, nil, .a, .b, .c].randomElement(using: &rng)!
                    races.append(Race(date: day, name: "Race \(w)", distance: distance, priority: priority))
                } else {
                    runs.append(Run(date: day, type: .race, distanceKm: distance.kilometres, title: "Race \(w)"))
                }
            }
        }
        var gymDays = Set<Weekday>()
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: gymDays = Set(Weekday.allCases)
        case 1: gymDays = [Weekday.allCases.randomElement(using: &rng)!]
        case 2: gymDays = []
        default: for day in Weekday.allCases where Bool.random(using: &rng) { gymDays.insert(day) }
        }
        let profile = AthleteProfile(policy: Bool.random(using: &rng) ? .stack : .separate, gymDays: gymDays)
        var rules = RuleSettings()
        if Int.random(in: 0..<4, using: &rng) == 0 { rules.baseHeavySessionsPerWeek = 2 }
        if Int.random(in: 0..<6, using: &rng) == 0 { rules.liftOnRestDays = true }
        if Int.random(in: 0..<6, using: &rng) == 0 { rules.minDaysOff = Int.random(in: 0...2, using: &rng) }
        let offset = Int.random(in: 0..<14, using: &rng)
        let range = DateRange(first: start.adding(days: offset), days: Int.random(in: 7...(7 * weeks), using: &rng))
        return Case(request: PlanRequest(schedule: Schedule(runs: runs, strength: strength), profile: profile,
                                         races: races, range: range, rules: rules, library: TestLibrary.library),
                    seed: seed)
    }

    @Test(arguments: 0..<300)
    func everyRuleHoldsOrGivesWay(seed: Int) {
        let c = Self.generate(seed: UInt64(seed) &* 7919 &+ 17)
        let plan = Planner.plan(c.request)
        let problems = RuleChecker(c.request).problems(in: plan)
        #expect(problems.isEmpty, "seed \(seed): \(problems.prefix(5).joined(separator: "\n"))")
    }

    /// The planner builds each distinct session once and reuses it; every day must still get exactly the
    /// session that `SessionBuilder` makes for that day on its own.
    @Test(arguments: 0..<60)
    func sharedSessionsEqualSessionsBuiltAlone(seed: Int) {
        var c = Self.generate(seed: UInt64(seed) &+ 50_021)
        c.request.profile.experience = ExperienceLevel.allCases[seed % 3]
        c.request.range = DateRange(first: c.request.range.first, days: 7 * 30)
        let plan = Planner.plan(c.request)
        var sessions = 0
        // The runner's own strength sessions stand in for legday's on their days.
        let ownStrength = Set(c.request.schedule.strength.map(\.date))
        for day in plan.days where day.kind.hasSession && !ownStrength.contains(day.date) {
            let alone = SessionBuilder.session(for: day, profile: c.request.profile, library: c.request.library)
            #expect(day.session == alone, "seed \(seed) \(day.date)")
            sessions += day.session == nil ? 0 : 1
        }
        #expect(sessions > 0, "seed \(seed): no session in 30 weeks")
    }

    /// "Light session, 2 of 3" comes before "3 of 3" in the week, and heavy sessions count up the same way,
    /// whatever order the planner placed them in.
    @Test(arguments: 0..<60)
    func sessionNumbersFollowTheDaysOfTheWeek(seed: Int) {
        let c = Self.generate(seed: UInt64(seed) &+ 70_003)
        let plan = Planner.plan(c.request)
        // A placed session's count is its day's first reason ("Light session, 2 of 3 this week.").
        func number(_ day: DayPlan, rule: String) -> Int? {
            guard day.kind == .heavyLift || day.kind == .lightLift, let first = day.reasons.first, first.rule == rule,
                  let of = first.text.range(of: " of ") else { return nil }
            let text = first.text
            return Int(text[..<of.lowerBound].split(separator: " ").last ?? "")
        }
        let weeks = Dictionary(grouping: plan.days, by: { $0.date.startOfWeek })
        for (monday, days) in weeks {
            let ordered = days.sorted { $0.date < $1.date }
            for rule in ["heavy-per-week", "sessions-per-week"] {
                let numbers = ordered.compactMap { number($0, rule: rule) }
                #expect(numbers == numbers.sorted() && Set(numbers).count == numbers.count,
                        "seed \(seed) week of \(monday) \(rule): \(numbers)")
            }
            // "n of m": m is what the week holds, never a session that is not there.
            guard ordered.count == 7 else { continue }
            let heavyDays = ordered.filter { $0.kind == .heavyLift }.count
            for day in ordered where day.reasons.first?.rule == "heavy-per-week" && day.kind == .heavyLift {
                #expect(day.reasons[0].text.contains(" of \(heavyDays) this week"), "seed \(seed) \(day.date): \(day.reasons[0].text)")
            }
        }
    }

    @Test(arguments: 0..<40)
    func aDaysPlanDoesNotDependOnTheRangeAskedFor(seed: Int) {
        let c = Self.generate(seed: UInt64(seed) &+ 90_001)
        let whole = Planner.plan(c.request)
        for day in whole.days.filter({ $0.date.day % 5 == 0 }) {
            var single = c.request
            single.range = DateRange(first: day.date, days: 1)
            let alone = Planner.plan(single)
            #expect(alone.days.first?.kind == day.kind, "seed \(seed) \(day.date)")
            #expect(alone.days.first?.reasons == day.reasons, "seed \(seed) \(day.date)")
        }
    }
}

/// The rules of docs/training-rules.md, checked day by day from the request alone.
struct RuleChecker {
    let request: PlanRequest
    let rules: RuleSettings
    var runsByDay: [LocalDate: [Run]] = [:]
    var racesByDay: [LocalDate: Race] = [:]
    var strengthDays: Set<LocalDate> = []
    let races: [Race]

    init(_ request: PlanRequest) {
        self.request = request
        self.rules = request.rules
        for run in request.schedule.runs { runsByDay[run.date, default: []].append(run) }
        var byDay: [LocalDate: Race] = [:]
        for run in request.schedule.runs where run.type == .race {
            byDay[run.date] = Race(date: run.date, name: run.title, distance: .km(run.distanceKm ?? 10))
        }
        for race in request.races { byDay[race.date] = race }
        racesByDay = byDay
        races = byDay.values.sorted { $0.date < $1.date }
        strengthDays = Set(request.schedule.strength.map(\.date))
        // A race's priority as docs/training-rules.md gives it: the one on [[races]], else B when a longer
        // race follows within that race's race preparation and taper, else A.
        let rules = request.rules
        func taperDays(_ race: Race) -> Int {
            let km = race.distance.kilometres
            return km >= 40 ? rules.taperDaysMarathon : km >= 20 ? rules.taperDaysHalf : rules.taperDaysShort
        }
        var priorities: [LocalDate: RacePriority] = [:]
        for race in races {
            let tuneUp = races.contains { later in
                later.date > race.date && later.priority != .c && later.distance.kilometres > race.distance.kilometres
                    && race.date.days(until: later.date) <= taperDays(later) + 7 * rules.racePrepWeeks
            }
            priorities[race.date] = race.priority ?? (tuneUp ? .b : .a)
        }
        self.priorities = priorities
    }

    var priorities: [LocalDate: RacePriority] = [:]
    func priority(_ race: Race) -> RacePriority { priorities[race.date] ?? .a }
    /// A and B races: easy days before, the return after.
    var guardedRaces: [Race] { races.filter { priority($0) != .c } }
    func isGuardedRace(_ d: LocalDate) -> Bool { racesByDay[d].map { priority($0) != .c } ?? false }
    func returnDays(_ race: Race) -> Int {
        let km = race.distance.kilometres
        return km >= 40 ? rules.returnDaysMarathon : km >= 20 ? rules.returnDaysHalf : rules.returnDaysShort
    }
    /// The A or B race whose return `d` is in, how many days after it, and the return's length.
    func returning(_ d: LocalDate) -> (race: Race, day: Int, of: Int)? {
        guard let last = guardedRaces.last(where: { $0.date < d }) else { return nil }
        let day = last.date.days(until: d)
        return day <= returnDays(last) ? (last, day, returnDays(last)) : nil
    }
    /// The schedule's own rest day: a rest entry and no run.
    func isScheduledRest(_ d: LocalDate) -> Bool {
        !runs(d).isEmpty && runs(d).allSatisfy { $0.type == .rest }
    }
    func isRunFree(_ d: LocalDate) -> Bool { runs(d).allSatisfy { $0.type == .rest } }

    func runs(_ d: LocalDate) -> [Run] { runsByDay[d] ?? [] }
    func isRace(_ d: LocalDate) -> Bool { racesByDay[d] != nil }
    func hasLong(_ d: LocalDate) -> Bool { runs(d).contains { $0.type == .long } }
    func hasKey(_ d: LocalDate) -> Bool { runs(d).contains { $0.isKey } || isRace(d) }
    func hasHard(_ d: LocalDate) -> Bool { runs(d).contains { $0.type.isHardWorkout } }
    func daysToNextRace(after d: LocalDate) -> Int? {
        guardedRaces.first { $0.date > d }.map { d.days(until: $0.date) }
    }
    func expectedPhase(_ d: LocalDate) -> Phase {
        guard let race = races.first(where: { $0.date >= d && priority($0) == .a }) else { return .base }
        let km = race.distance.kilometres
        let taper = km >= 40 ? rules.taperDaysMarathon : km >= 20 ? rules.taperDaysHalf : rules.taperDaysShort
        let left = d.days(until: race.date)
        return left <= taper ? .taper : left <= taper + 7 * rules.racePrepWeeks ? .racePrep : .base
    }

    func problems(in plan: Plan) -> [String] {
        var out: [String] = []
        var byDate: [LocalDate: DayPlan] = [:]
        for day in plan.days { byDate[day.date] = day }
        let known = Set(RuleID.allCases.map(\.rawValue))
        #expect(plan.days.count == request.range.count)

        for day in plan.days {
            let d = day.date
            func fail(_ what: String) { out.append("\(d.iso) \(day.kind.rawValue): \(what) \(day.reasons.map(\.rule))") }
            let yesterday = d.adding(days: -1), tomorrow = d.adding(days: 1)
            let preRace = daysToNextRace(after: d).map { $0 <= rules.preRaceActivationDays } ?? false

            for reason in day.reasons where !known.contains(reason.rule) { fail("unknown rule id \(reason.rule)") }
            if day.phase != expectedPhase(d) { fail("phase should be \(expectedPhase(d))") }
            if !(1...rules.blockWeeks).contains(day.blockWeek) { fail("block week \(day.blockWeek)") }

            // Race day, the day after a race, the days before a race, the day after the long run.
            if isRace(d) {
                if day.kind != .race { fail("race day must be race") }
            } else if isGuardedRace(yesterday) {
                if day.kind != .recovery { fail("day after a race must be recovery") }
                if preRace && !day.has("pre-race-activation-only", .gaveWay) { fail("pre-race rule gave way silently") }
            } else if preRace {
                if day.kind != .rest { fail("only activation before a race") }
                if day.activation == nil { fail("activation before a race") }
                if hasLong(yesterday) && !day.has("after-long-run-recovery", .gaveWay) { fail("after-long-run gave way silently") }
            } else if hasLong(yesterday) {
                if day.kind != .recovery { fail("day after the long run must be recovery") }
            } else if returning(d) != nil && !day.kind.isLiftDay && !strengthDays.contains(d) {
                if day.kind != .recovery { fail("a day of the return after a race without a lift must be recovery") }
                if day.reasons.first?.rule != "return-after-race" { fail("the return must speak first on its recovery days") }
            }
            // Lifts legday places (the runner's own sessions are theirs).
            if day.kind.isLiftDay && !strengthDays.contains(d) {
                if hasKey(tomorrow) { fail("a lift the day before a key run or race") }
                if hasLong(d) { fail("a lift on the long run's day") }
                if isScheduledRest(d) && !rules.liftOnRestDays { fail("a lift on the schedule's own rest day") }
                if let back = returning(d) {
                    if day.kind == .heavyLift { fail("heavy in the return after a race") }
                    if back.day <= (back.of + 1) / 2 { fail("a lift in the first half of the return after a race") }
                    let window = (1...back.of).map { back.race.date.adding(days: $0) }
                    let lifts = window.filter { byDate[$0].map { $0.kind.isLiftDay && !strengthDays.contains($0.date) } ?? false }
                    if lifts.count > 1 { fail("\(lifts.count) lifts in the return after a race") }
                }
            }
            // A light day holds no plyometrics and no %1RM load.
            if day.kind == .lightLift, let session = day.session {
                for item in session.exercises where item.exercise.pattern == .jump || item.load?.contains("1RM") == true {
                    fail("light day with \(item.exercise.id) \(item.load ?? "")")
                }
            }
            if day.kind == .race && !isRace(d) { fail("race kind without a race") }
            if day.kind == .recovery && day.session == nil { fail("recovery day without the mobility routine") }
            if runs(d).contains(where: { $0.isKey }) && day.activation == nil { fail("key run without activation") }
            if day.kind.hasSession == false && day.session != nil { fail("session on a \(day.kind) day") }
            if (day.kind == .heavyLift || day.kind == .lightLift) && !strengthDays.contains(d) && day.session == nil {
                fail("lift day without a session")
            }

            if day.kind == .heavyLift {
                if hasKey(tomorrow) { fail("heavy the day before a key run or race") }
                if byDate[yesterday]?.kind == .heavyLift || byDate[tomorrow]?.kind == .heavyLift { fail("heavy two days in a row") }
                if !strengthDays.contains(d) && (strengthDays.contains(yesterday) || strengthDays.contains(tomorrow)) {
                    fail("heavy beside the runner's own strength session")
                }
                if day.phase == .taper { fail("heavy in the taper") }
                if !strengthDays.contains(d) {
                    if request.profile.policy == .stack && !hasHard(d) && !day.has("policy-stack", .gaveWay) {
                        fail("stack: heavy off a hard-run day without saying so")
                    }
                    if !request.profile.gymDays.contains(d.weekday) && !day.has("gym-days", .gaveWay) {
                        fail("heavy off a gym day without saying so")
                    }
                }
            }
            if request.profile.policy == .separate && day.kind.isLiftDay && !strengthDays.contains(d) && hasHard(d) {
                fail("separate: lift on a hard-run day")
            }
        }

        // Weekly counts, on whole weeks inside the range.
        var monday = request.range.first.startOfWeek
        if monday < request.range.first { monday = monday.adding(days: 7) }
        while monday.adding(days: 6) <= request.range.last {
            let week = (0..<7).compactMap { byDate[monday.adding(days: $0)] }
            let sessions = week.filter { $0.kind.isLiftDay || strengthDays.contains($0.date) }.count
            let heavy = week.filter { $0.kind == .heavyLift }.count
            var target = Int.max, heavyTarget = Int.max
            for day in week where !isRace(day.date) {
                let t: (Int, Int) = switch day.phase {
                case .base: (rules.baseSessionsPerWeek, rules.baseHeavySessionsPerWeek)
                case .racePrep: (rules.racePrepSessionsPerWeek, rules.racePrepHeavySessionsPerWeek)
                case .taper: (rules.taperSessionsPerWeek, 0)
                }
                target = min(target, t.0)
                heavyTarget = min(heavyTarget, t.1)
            }
            if target == Int.max { target = 0; heavyTarget = 0 }
            if isHighMileage(monday) {
                target = min(target, rules.highMileageSessionsPerWeek)
                heavyTarget = min(heavyTarget, rules.highMileageHeavySessionsPerWeek, target)
                if !week.allSatisfy({ $0.has("high-mileage-week") }) { out.append("\(monday): high-mileage week not named") }
            }
            let planned = week.filter { strengthDays.contains($0.date) }.count
            if sessions > max(target, planned) { out.append("\(monday): \(sessions) sessions, target \(target)") }
            if heavy > heavyTarget { out.append("\(monday): \(heavy) heavy, target \(heavyTarget)") }
            if sessions < target && !week.contains(where: { $0.has("sessions-per-week", .gaveWay) }) {
                out.append("\(monday): \(sessions) of \(target) sessions without naming sessions-per-week")
            }
            if heavy < heavyTarget && !week.contains(where: { $0.has("heavy-per-week", .gaveWay) }) {
                out.append("\(monday): \(heavy) of \(heavyTarget) heavy without naming heavy-per-week")
            }
            // A block changes within a week only where the phase does, or after a race (the next phase).
            for (a, b) in zip(week, week.dropFirst())
            where a.phase == b.phase && !isRace(a.date) && (a.block != b.block || a.blockWeek != b.blockWeek) {
                out.append("\(monday): block changes within a week")
            }
            let blockOfPhase: [Phase: Set<TrainingBlock>] = [.base: [.hypertrophy, .strength], .racePrep: [.power], .taper: [.maintenance]]
            for day in week where !(blockOfPhase[day.phase] ?? []).contains(day.block) {
                out.append("\(day.date): \(day.block) block in the \(day.phase) phase")
            }
            // Days off: a day with no run and no lift. The week keeps `minDaysOff` of its run-free days
            // (all of them, when it has no more), the runner's own strength days aside.
            let runFree = week.filter { isRunFree($0.date) && !isRace($0.date) && !strengthDays.contains($0.date) }
            let off = runFree.filter { !$0.kind.isLiftDay }
            if off.count < min(rules.minDaysOff, runFree.count) {
                out.append("\(monday): \(off.count) days off, want \(rules.minDaysOff)")
            }
            monday = monday.adding(days: 7)
        }
        return out
    }

    func volume(_ monday: LocalDate) -> Double {
        var km = 0.0
        for offset in 0..<7 {
            for run in runs(monday.adding(days: offset)) where ![RunType.cross, .rest, .race].contains(run.type) {
                km += run.distanceKm ?? 0
            }
        }
        return km
    }

    func isHighMileage(_ monday: LocalDate) -> Bool {
        let n = rules.highMileageTrailingWeeks
        guard let earliest = request.schedule.runs.map(\.date).min(),
              earliest < monday.adding(days: -7 * n + 7) else { return false }
        let mean = (1...n).map { volume(monday.adding(days: -7 * $0)) }.reduce(0, +) / Double(n)
        return mean > 0 && volume(monday) > mean * rules.highMileageRatio
    }
}

extension DayKind {
    var isLiftDay: Bool { self == .heavyLift || self == .lightLift }
}
