/// The planner's working state: each day's kind and reasons as the weeks are decided.
struct PlanState {
    let facts: [DayFacts]
    /// The runs and planned strength sessions of each day, which the facts do not copy.
    let index: ScheduleIndex
    let races: Races
    let rules: RuleSettings
    let policy: LiftPolicy
    private(set) var kinds: [DayKind?]
    private(set) var reasons: [[Reason]]
    private(set) var blocks: [(block: TrainingBlock, week: Int)]
    /// Heavy days and days with the runner's own strength session: no heavy session goes beside them.
    private var heavyLike: [Bool]
    /// Per race: whether the one light session of the return after it is placed.
    private var returnLightPlaced: [Bool]

    /// Sessions and the activation circuit, built once per plan for each set of equipment.
    private var sessions: SessionCache
    /// A reason every day of the week being planned carries (the high-mileage rule), if any.
    private var weekReason: Reason?

    init(facts: [DayFacts], index: ScheduleIndex, races: Races, rules: RuleSettings, profile: AthleteProfile,
         library: ExerciseLibrary) {
        self.facts = facts
        self.index = index
        self.races = races
        self.rules = rules
        policy = profile.policy
        sessions = SessionCache(profile: profile, library: library)
        kinds = Array(repeating: nil, count: facts.count)
        reasons = Array(repeating: [], count: facts.count)
        blocks = Array(repeating: (.strength, 1), count: facts.count)
        heavyLike = facts.map(\.hasPlannedStrength)
        returnLightPlaced = Array(repeating: false, count: races.all.count)
    }

    // MARK: One week

    /// Hands the sessions this plan built to the library, for the next plan of the same kind of athlete.
    func publishSessions() { sessions.publish() }

    mutating func planWeek(first: Int, highMileage: (volume: Double, mean: Double)?) {
        let week = first..<min(first + 7, facts.count)
        for i in week {
            blocks[i] = TrainingBlocks.block(on: facts[i].date, phase: facts[i].phase, phaseStart: facts[i].phaseStart,
                                             rules: rules)
            // Most days end with four to twelve reasons, the day plan's own included: one allocation
            // each, not one per append. Reasons are only ever added to this array, never swapped for another.
            reasons[i].reserveCapacity(12)
            kinds[i] = facts[i].fixedDecision(rules: rules, races: races, reasons: &reasons[i])
        }

        // The week's targets: the most restrictive phase among its days decides.
        var target = (sessions: Int.max, heavy: Int.max)
        var targetPhase = Phase.base
        for i in week where facts[i].race == nil {
            let t = Phases.weeklyTarget(facts[i].phase, rules: rules)
            if t.sessions < target.sessions || (t.sessions == target.sessions && t.heavy < target.heavy) {
                target = t
                targetPhase = facts[i].phase
            }
        }
        if target.sessions == Int.max { target = (0, 0) }
        if let high = highMileage {
            target.sessions = min(target.sessions, rules.highMileageSessionsPerWeek)
            target.heavy = min(target.heavy, rules.highMileageHeavySessionsPerWeek, target.sessions)
            let reason = Reason(.highMileage, .highMileage(km: high.volume, trailingMean: high.mean, sessions: target.sessions))
            // Days still free get it after whatever is placed on them (`appendWeekReason`).
            for i in week where kinds[i] != nil || facts[i].hasPlannedStrength { reasons[i].append(reason) }
            weekReason = reason
        } else {
            weekReason = nil
        }

        // Strength already in the runner's plan counts first.
        var sessions = 0
        var heavy = 0
        for i in week where facts[i].hasPlannedStrength {
            sessions += 1
            let title = index.strength(atDay: facts[i].date.daysSinceEpoch).map { "“\($0.title)”" }.joined(separator: ", ")
            if kinds[i] != nil {
                reasons[i].append(Reason(.plannedStrength, .plannedStrengthRest(titles: title)))
                continue
            }
            if let race = facts[i].lastRace?.race, facts[i].returnDays != nil { returnLightPlaced[race] = true }
            if heavyAllowed(i) && heavy < target.heavy {
                kinds[i] = .heavyLift
                heavy += 1
                reasons[i].append(Reason(.plannedStrength, .plannedStrengthHeavy(titles: title)))
            } else {
                kinds[i] = .lightLift
                reasons[i].append(Reason(.plannedStrength, .plannedStrengthLight(titles: title)))
                appendHeavyBlockers(i)
            }
        }

        // Heavy sessions: gym days first; a home day only when no gym day fits.
        let heavyWanted = max(0, min(target.heavy - heavy, target.sessions - sessions))
        var heavyPlaced = 0
        for gymOnly in [true, false] {
            while heavyPlaced < heavyWanted, let i = bestHeavyDay(in: week, gymOnly: gymOnly) {
                placeHeavy(i, number: heavy + heavyPlaced + 1, of: target.heavy, phase: targetPhase)
                heavyPlaced += 1
            }
        }
        heavy += heavyPlaced
        sessions += heavyPlaced

        while sessions < target.sessions, let i = bestLightDay(in: week) {
            sessions += 1
            placeLight(i, number: sessions, of: target.sessions, phase: targetPhase)
        }
        numberInDayOrder(week, target: target)

        // Everything else rests, saying what kept a session away; inside the return after a race it is a
        // recovery day with the mobility routine.
        var sessionDays: UInt8 = 0
        for i in week where kinds[i]?.isLift == true { sessionDays |= 1 << facts[i].weekdayIndex }
        let restReason = Reason(.rest, .noLift(sessionDays: sessionDays))
        let onlyDaysOff = daysOff(in: week) <= rules.minDaysOff
        for i in week where kinds[i] == nil {
            if let length = facts[i].returnDays, let last = facts[i].lastRace {
                // The return decided the day, so it speaks first; the other rules follow.
                kinds[i] = .recovery
                reasons[i].append(Block.returning(last.race, day: last.days, of: length).reason(races: races, separateHours: rules.separateHours))
            } else {
                kinds[i] = .rest
                reasons[i].append(restReason)
            }
            appendWeekReason(i)
            appendHeavyBlockers(i, skippingReturn: kinds[i] == .recovery)
            if onlyDaysOff && rules.minDaysOff > 0 && isDayOff(i) && !facts[i].isScheduledRest {
                reasons[i].append(Reason(.daysOff, .dayOff(minimum: rules.minDaysOff)))
            }
        }

        // The shortfalls, on the days that could not take them (or the Monday). Most weeks with a key run
        // or two fall short somewhere, so this makes no array.
        let sessionShortfall = sessions < target.sessions
            ? Reason(.sessionsPerWeek, .sessionShortfall(placed: sessions, of: target.sessions), outcome: .gaveWay) : nil
        let heavyShortfall = heavy < target.heavy
            ? Reason(.heavyPerWeek, .heavyShortfall(placed: heavy, of: target.heavy), outcome: .gaveWay) : nil
        if sessionShortfall != nil || heavyShortfall != nil {
            var named = false
            for i in week where kinds[i] == .rest || kinds[i] == .lightLift {
                appendShortfalls(sessionShortfall, heavyShortfall, to: i)
                named = true
            }
            if !named { appendShortfalls(sessionShortfall, heavyShortfall, to: week.lowerBound) }
        }
    }

    private mutating func appendShortfalls(_ sessions: Reason?, _ heavy: Reason?, to i: Int) {
        if let sessions { reasons[i].append(sessions) }
        if let heavy { reasons[i].append(heavy) }
    }

    /// Sessions are placed best day first; their "n of m" counts follow the days of the week, so a runner
    /// reads session 2 before session 3. Heavy days count among the heavy ones, light days among all the
    /// week's sessions, the runner's own strength sessions included.
    ///
    /// "of" is what the week holds, not what it wanted: "Light session, 2 of 2" in a week that wanted 3 but
    /// had room for 2 (the shortfall reason says so on the other days), never "2 of 3" with no third.
    private mutating func numberInDayOrder(_ week: Range<Int>, target: (sessions: Int, heavy: Int)) {
        var placed = (sessions: 0, heavy: 0)
        for i in week where kinds[i]?.isLift == true || facts[i].hasPlannedStrength {
            placed.sessions += 1
            if kinds[i] == .heavyLift { placed.heavy += 1 }
        }
        let target = placed
        var session = 0
        var heavyNumber = 0
        for i in week where kinds[i]?.isLift == true || facts[i].hasPlannedStrength {
            session += 1
            if kinds[i] == .heavyLift { heavyNumber += 1 }
            guard !facts[i].hasPlannedStrength, let first = reasons[i].first else { continue }
            // Each day names its own phase: a week's count may come from a phase that begins later in it.
            if first.ruleID == .heavyPerWeek {
                reasons[i][0] = Reason(.heavyPerWeek, .heavyNumber(heavyNumber, of: target.heavy, facts[i].phase))
            } else if first.ruleID == .sessionsPerWeek {
                reasons[i][0] = Reason(.sessionsPerWeek, .lightNumber(session, of: target.sessions, facts[i].phase))
            }
        }
    }

    // MARK: Constraints

    /// What keeps a lift, or only a heavy one, off a day. Cheap to compute; the words are made only for
    /// days that show them.
    enum Block {
        // Any lift.
        case scheduledRest
        case eve(DayFacts.KeyTomorrow)
        case returning(Races.Index, day: Int, of: Int)
        case longRun
        case separate(RunType)
        // Heavy only.
        case taper
        case backToBack(yesterday: Bool, ownSession: Bool)
    }

    /// The one place the rules against lifting are checked: hands each rule that holds on day `i` to
    /// `visit`, in order, until `visit` returns false. With `heavy` false only the rules against any lift.
    private func visitBlocks(_ i: Int, heavy: Bool, _ visit: (Block) -> Bool) {
        // Field by field: copying the day's facts each time cost more than the checks.
        if facts[i].isScheduledRest && !rules.liftOnRestDays, !visit(.scheduledRest) { return }
        if let key = facts[i].keyTomorrow, !visit(.eve(key)) { return }
        if let length = facts[i].returnDays, let last = facts[i].lastRace,
           heavy || last.days <= (length + 1) / 2 || returnLightPlaced[last.race],
           !visit(.returning(last.race, day: last.days, of: length)) { return }
        if facts[i].longRun, !visit(.longRun) { return }
        if policy == .separate, let hard = facts[i].recentHardRun, !visit(.separate(hard)) { return }
        guard heavy else { return }
        if facts[i].phase == .taper, !visit(.taper) { return }
        let before = i > 0 && heavyLike[i - 1]
        let after = i + 1 < facts.count && heavyLike[i + 1]
        if before || after {
            // Say whose session is beside today: a heavy day of legday's, or the runner's own.
            let own = before ? kinds[i - 1] != .heavyLift : kinds[i + 1] != .heavyLift
            _ = visit(.backToBack(yesterday: before, ownSession: own))
        }
    }

    /// Adds the rules that keep heavy legs off day `i` to its reasons, in words.
    mutating func appendHeavyBlockers(_ i: Int, skippingReturn: Bool = false) {
        // The day's list is taken out while the rules are visited, and the closure holds copies of what it
        // needs rather than `self`: either way round the whole state would be copied.
        var list: [Reason] = []
        swap(&list, &reasons[i])
        let races = races, hours = rules.separateHours
        visitBlocks(i, heavy: true) { block in
            if skippingReturn, case .returning = block { return true }
            list.append(block.reason(races: races, separateHours: hours))
            return true
        }
        swap(&list, &reasons[i])
    }

    /// Days of the week with no run, no race and no lift (rest, recovery and activation-only days count).
    func daysOff(in week: Range<Int>) -> Int {
        var count = 0
        for i in week where isDayOff(i) && kinds[i]?.isLift != true { count += 1 }
        return count
    }

    /// A day that is off unless a lift goes on it.
    private func isDayOff(_ i: Int) -> Bool {
        facts[i].runFree && facts[i].race == nil && !facts[i].hasPlannedStrength
    }

    /// Whether a session may go on day `i` and still leave the week its days off.
    private func keepsDaysOff(_ i: Int, in week: Range<Int>) -> Bool {
        !isDayOff(i) || daysOff(in: week) - 1 >= rules.minDaysOff
    }
}

extension PlanState.Block {
    func reason(races: Races, separateHours: Int) -> Reason {
        switch self {
        case .scheduledRest:
            Reason(.scheduledRest, "Your plan marks today as a rest day: no lift (rules.lift_on_rest_days = true changes that).")
        case .eve(let key):
            key.eveReason(races)
        case .returning(let race, let day, let length):
            Reason(.returnAfterRace, .returning(name: races[race].name, daysAgo: day, of: length))
        case .longRun:
            Reason(.longRunDay, "Long run today: no lift after it; tomorrow is for recovery.")
        case .separate(let hard):
            Reason(.policySeparate, .separateAfter(hard, hours: separateHours))
        case .taper:
            Reason(.taperLight, "Taper: nothing heavy, only light mobility and activation work.")
        case .backToBack(let yesterday, let own):
            switch (yesterday, own) {
            case (true, false): Reason(.noHeavyBackToBack, "No heavy legs today: yesterday was a heavy day.")
            case (false, false): Reason(.noHeavyBackToBack, "No heavy legs today: tomorrow is a heavy day.")
            case (true, true): Reason(.noHeavyBackToBack, "No heavy legs today: your own strength session was yesterday.")
            case (false, true): Reason(.noHeavyBackToBack, "No heavy legs today: your own strength session is tomorrow.")
            }
        }
    }
}

extension PlanState {
    private func isFree(_ i: Int) -> Bool { kinds[i] == nil }

    /// Whether a heavy session may go on day `i`, without building the reasons against it: the search for
    /// heavy days asks often.
    func heavyAllowed(_ i: Int) -> Bool {
        var allowed = true
        visitBlocks(i, heavy: true) { _ in allowed = false; return false }
        return allowed
    }

    /// Whether a light session may go on day `i`.
    func liftAllowed(_ i: Int) -> Bool {
        var allowed = true
        visitBlocks(i, heavy: false) { _ in allowed = false; return false }
        return allowed
    }

    private func bestHeavyDay(in week: Range<Int>, gymOnly: Bool) -> Int? {
        var best: (index: Int, score: Int)?
        for i in week where isFree(i) && heavyAllowed(i) && keepsDaysOff(i, in: week) {
            let gym = facts[i].isGymDay
            if gymOnly && !gym { continue }
            var score = 0
            switch policy {
            case .stack: score += facts[i].hardWorkout != nil ? 100 : 0
            case .separate: score += 0
            }
            if facts[i].runFree { score += 30 } else if !facts[i].longRun && facts[i].hardWorkout == nil { score += 20 }
            // Spread heavy days: two days apart is better than three in a row of work.
            if (i >= 2 && heavyLike[i - 2]) || (i + 2 < facts.count && heavyLike[i + 2]) { score -= 10 }
            if best.map({ score > $0.score }) ?? true { best = (i, score) }
        }
        return best?.index
    }

    private func bestLightDay(in week: Range<Int>) -> Int? {
        var best: (index: Int, score: Int)?
        for i in week where isFree(i) && liftAllowed(i) && keepsDaysOff(i, in: week) {
            var score = facts[i].isGymDay ? 40 : 0
            // With `stack`, light work goes after a run, an easy run before a hard one, so the days without
            // a run stay days off (seed 000); with `separate`, on a day without a run first.
            switch policy {
            case .stack: score += facts[i].runFree ? 10 : facts[i].hardWorkout == nil ? 30 : 20
            case .separate: score += facts[i].runFree ? 30 : 20
            }
            // Spread the sessions: each neighbouring lift day counts against a day.
            if i > 0 && kinds[i - 1]?.isLift == true { score -= 15 }
            if i + 1 < facts.count && kinds[i + 1]?.isLift == true { score -= 15 }
            if best.map({ score > $0.score }) ?? true { best = (i, score) }
        }
        return best?.index
    }

    // MARK: Placing sessions

    private mutating func placeHeavy(_ i: Int, number: Int, of total: Int, phase: Phase) {
        kinds[i] = .heavyLift
        heavyLike[i] = true
        let policyReason = switch policy {
        case .stack:
            if let hard = facts[i].hardWorkout {
                Reason(.policyStack, .stackAfter(hard))
            } else {
                Reason(.policyStack, "No hard-run day this week could take the heavy session, so it goes on a day without one.", outcome: .gaveWay)
            }
        case .separate:
            Reason(.policySeparate, .separateClear(hours: rules.separateHours))
        }
        let gymReason = facts[i].isGymDay
            ? Reason(.gymDays, "Gym day: the full session with equipment.")
            : Reason(.gymDays, "No gym day could take the heavy session: a bodyweight variant today.", outcome: .gaveWay)
        reasons[i].append(Reason(.heavyPerWeek, .heavyNumber(number, of: total, phase)))
        reasons[i].append(policyReason)
        reasons[i].append(gymReason)
        appendWeekReason(i)
    }

    private mutating func placeLight(_ i: Int, number: Int, of total: Int, phase: Phase) {
        kinds[i] = .lightLift
        if let race = facts[i].lastRace?.race, facts[i].returnDays != nil { returnLightPlaced[race] = true }
        let countReason = facts[i].phase == .taper
            ? Reason(.taperLight, "Taper: one light session of mobility and activation.")
            : Reason(.sessionsPerWeek, .lightNumber(number, of: total, phase))
        let gymReason = facts[i].isGymDay
            ? Reason(.gymDays, "Gym day: the session with equipment.")
            : Reason(.gymDays, "No gym today: a bodyweight variant.")
        reasons[i].append(countReason)
        if policy == .separate { reasons[i].append(Reason(.policySeparate, .separateClear(hours: rules.separateHours))) }
        reasons[i].append(gymReason)
        appendWeekReason(i)
        // Say why this day was not heavy.
        appendHeavyBlockers(i)
    }

    /// A free day's reasons start with what was placed on it; the week's own reason (a high-mileage week)
    /// follows them.
    private mutating func appendWeekReason(_ i: Int) {
        if let weekReason { reasons[i].append(weekReason) }
    }

    // MARK: The finished day

    @inline(__always)
    mutating func dayPlan(at i: Int) -> DayPlan {
        let kind = kinds[i] ?? .rest
        let sessionDay = Context.Day(date: facts[i].date, kind: kind, phase: facts[i].phase, block: blocks[i].block,
                                     blockWeek: blocks[i].week)
        // The day's reasons move into its plan: each day is finished once.
        var dayReasons: [Reason] = []
        swap(&dayReasons, &reasons[i])
        if kind == .recovery {
            dayReasons.append(Reason(.recoveryMobility, "Recovery day: the mobility routine for hips, calves and ankles."))
        }
        var session: Session?
        if kind.hasSession && !(kind.isLift && facts[i].hasPlannedStrength) {
            session = sessions.session(for: sessionDay)
        }
        var activation: Session?
        let preRace = facts[i].nextRace.map { $0.days <= rules.preRaceActivationDays } ?? false
        if let key = facts[i].keyRun {
            dayReasons.append(Reason(.keyRunActivation, Self.activationText(key)))
            activation = sessions.activation(for: sessionDay)
        } else if facts[i].race != nil || (preRace && kind == .rest) {
            activation = sessions.activation(for: sessionDay)
        }
        dayReasons.append(facts[i].phaseReason(races))
        dayReasons.append(Reason(.trainingBlock, .trainingBlock(blocks[i].block, week: blocks[i].week, of: rules.blockWeeks)))
        return DayPlan(date: facts[i].date, phase: facts[i].phase, block: blocks[i].block, blockWeek: blocks[i].week,
                       runs: index.runs(atDay: facts[i].date.daysSinceEpoch), kind: kind, session: session,
                       activation: activation, reasons: dayReasons)
    }
}

extension PlanState {
    /// Fixed words per run type, so the most common reasons cost no allocation.
    static func activationText(_ type: RunType) -> String {
        switch type {
        case .race: "Key run today (race): the activation circuit before it."
        case .long: "Key run today (long run): the activation circuit before it."
        case .tempo: "Key run today (tempo run): the activation circuit before it."
        case .threshold: "Key run today (threshold run): the activation circuit before it."
        case .intervals: "Key run today (intervals run): the activation circuit before it."
        case .hills: "Key run today (hills run): the activation circuit before it."
        default: "Run today: the activation circuit before it."
        }
    }
}

extension DayKind {
    /// Heavy and light lift days.
    var isLift: Bool { self == .heavyLift || self == .lightLift }
}

extension String {
    /// "tempo" → "Tempo", without Foundation.
    var initialCapital: String { prefix(1).uppercased() + dropFirst() }
}
