/// The planner's working state: each day's kind and reasons as the weeks are decided.
struct PlanState {
    let facts: [DayFacts]
    let rules: RuleSettings
    let policy: LiftPolicy
    private(set) var kinds: [DayKind?]
    private(set) var reasons: [[Reason]]
    private(set) var blocks: [(block: TrainingBlock, week: Int)]
    /// Heavy days and days with the runner's own strength session: no heavy session goes beside them.
    private var heavyLike: [Bool]

    /// The activation circuit is a fixed routine that depends only on the equipment at hand that weekday
    /// (`SessionBuilder.activation`), so it is built once per weekday.
    private var activationByWeekday: [Session??] = Array(repeating: nil, count: 7)
    private var sessions = SessionCache()
    /// Reason texts that many days share, made once.
    private var lastPhaseReason: (key: ReasonKey, reason: Reason)?
    private var lastBlockReason: (key: ReasonKey, reason: Reason)?
    private var texts: [TextKey: String] = [:]

    /// Reason texts that depend on a few small values: a year's plan needs a handful of each, hundreds of times.
    enum TextKey: Hashable {
        case heavyNumber(Int, of: Int, Phase)
        case lightNumber(Int, of: Int, Phase)
        case stackAfter(RunType)
        case separateAfter(RunType)
        case separateClear
    }

    private mutating func text(_ key: TextKey) -> String {
        if let known = texts[key] { return known }
        let made: String
        switch key {
        case .heavyNumber(let number, let total, let phase):
            made = "Heavy lower-body session \(number) of \(total) this week (\(phase.rawValue) phase)."
        case .lightNumber(let number, let total, let phase):
            made = phase == .racePrep ? "Light power and stability session, \(number) of \(total) this week."
                                      : "Light session, \(number) of \(total) this week."
        case .stackAfter(let type):
            made = "\(type.rawValue.initialCapital) run today: lift heavy after it, so the easy days stay easy."
        case .separateAfter(let type):
            made = "Policy separate: at least \(rules.separateHours) h after the \(type.rawValue) run before lifting."
        case .separateClear:
            made = "Policy separate: no hard run in the last \(rules.separateHours) h."
        }
        texts[key] = made
        return made
    }

    init(facts: [DayFacts], rules: RuleSettings, policy: LiftPolicy) {
        self.facts = facts
        self.rules = rules
        self.policy = policy
        kinds = Array(repeating: nil, count: facts.count)
        reasons = Array(repeating: [], count: facts.count)
        blocks = Array(repeating: (.strength, 1), count: facts.count)
        heavyLike = facts.map { !$0.planned.isEmpty }
    }

    // MARK: One week

    mutating func planWeek(first: Int, highMileage: (volume: Double, mean: Double)?,
                           block: (block: TrainingBlock, week: Int)) {
        let week = first..<min(first + 7, facts.count)
        for i in week {
            blocks[i] = block
            // Most days end with three to eight reasons: one allocation each, not one per append.
            reasons[i].reserveCapacity(10)
        }

        for i in week {
            if let fixed = facts[i].fixedDecision(rules: rules) {
                kinds[i] = fixed.kind
                reasons[i] = fixed.reasons
            }
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
            let text = "High-mileage week: \(ReminderText.formatKm(high.volume)) km against a \(ReminderText.formatKm(high.mean)) km trailing mean, so at most \(target.sessions) maintenance session(s)."
            for i in week { reasons[i].append(Reason(.highMileage, text)) }
        }

        // Strength already in the runner's plan counts first.
        var sessions = 0
        var heavy = 0
        for i in week where !facts[i].planned.isEmpty {
            sessions += 1
            let title = facts[i].planned.map { "“\($0.title)”" }.joined(separator: ", ")
            if kinds[i] != nil {
                reasons[i].append(Reason(.plannedStrength, "Your plan has \(title) today; it counts toward the week, but today keep it easy."))
                continue
            }
            let blockers = heavyBlockers(i)
            if blockers.isEmpty && heavy < target.heavy {
                kinds[i] = .heavyLift
                heavy += 1
                reasons[i].append(Reason(.plannedStrength, "Your plan has \(title) today: it is this week's heavy session, and nothing heavy goes beside it."))
            } else {
                kinds[i] = .lightLift
                reasons[i].append(Reason(.plannedStrength, "Your plan has \(title) today: it counts toward the week; keep it light."))
                reasons[i] += blockers
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
        numberInDayOrder(week, target: target, phase: targetPhase)

        // Everything else rests, saying what kept a session away.
        let sessionDays = week.filter { kinds[$0] == .heavyLift || kinds[$0] == .lightLift }
            .map { facts[$0].date.weekday.name }
        let list = sessionDays.isEmpty ? "none this week" : "this week's are on " + sessionDays.joined(separator: ", ")
        let restReason = Reason(.rest, "No lift today (\(list)).")
        for i in week where kinds[i] == nil {
            kinds[i] = .rest
            reasons[i].insert(restReason, at: 0)
            reasons[i] += heavyBlockers(i)
        }

        // The shortfalls, on the days that could not take them.
        var shortfall: [Reason] = []
        if sessions < target.sessions {
            shortfall.append(Reason(.sessionsPerWeek, "Only \(sessions) of \(target.sessions) lift sessions fit this week: the other days are races, recovery, too close to a race, or kept clear by the policy.", outcome: .gaveWay))
        }
        if heavy < target.heavy {
            shortfall.append(Reason(.heavyPerWeek, "Only \(heavy) of \(target.heavy) heavy sessions fit this week: every other day is next to a key run, a race, another heavy day, or in a taper or post-race week.", outcome: .gaveWay))
        }
        if !shortfall.isEmpty {
            let restDays = week.filter { kinds[$0] == .rest || kinds[$0] == .lightLift }
            for i in restDays.isEmpty ? [week.lowerBound] : restDays { reasons[i] += shortfall }
        }
    }

    /// Sessions are placed best day first; their "n of m" counts follow the days of the week, so a runner
    /// reads session 2 before session 3. Heavy days count among the heavy ones, light days among all the
    /// week's sessions, the runner's own strength sessions included.
    private mutating func numberInDayOrder(_ week: Range<Int>, target: (sessions: Int, heavy: Int), phase: Phase) {
        var session = 0
        var heavyNumber = 0
        for i in week where kinds[i]?.isLift == true || !facts[i].planned.isEmpty {
            session += 1
            if kinds[i] == .heavyLift { heavyNumber += 1 }
            guard facts[i].planned.isEmpty, let first = reasons[i].first else { continue }
            if first.rule == RuleID.heavyPerWeek.rawValue {
                reasons[i][0] = Reason(.heavyPerWeek, text(.heavyNumber(heavyNumber, of: target.heavy, phase)))
            } else if first.rule == RuleID.sessionsPerWeek.rawValue {
                reasons[i][0] = Reason(.sessionsPerWeek, text(.lightNumber(session, of: target.sessions, phase)))
            }
        }
    }

    // MARK: Constraints

    /// What keeps heavy legs off a day. Cheap to compute; the words are made only for days that show them.
    enum HeavyBlock {
        case taper
        case postRace(Race, days: Int)
        case beforeKey(DayFacts.KeyTomorrow)
        case backToBack(yesterday: Bool)
        case separate(Run)
    }

    /// The rules that keep heavy legs off day `i`; empty when a heavy session may go there.
    func heavyBlocks(_ i: Int) -> [HeavyBlock] {
        var blocks: [HeavyBlock] = []
        visitHeavyBlocks(i) { blocks.append($0); return true }
        return blocks
    }

    /// The one place the rules against heavy legs are checked: hands each rule that holds on day `i` to
    /// `visit`, in order, until `visit` returns false.
    private func visitHeavyBlocks(_ i: Int, _ visit: (HeavyBlock) -> Bool) {
        let f = facts[i]
        if f.phase == .taper, !visit(.taper) { return }
        if let last = f.lastRace, last.days <= rules.postRaceNoHeavyDays,
           !visit(.postRace(last.race, days: last.days)) { return }
        if let key = f.keyTomorrow, !visit(.beforeKey(key)) { return }
        let before = i > 0 && heavyLike[i - 1]
        let after = i + 1 < facts.count && heavyLike[i + 1]
        if before || after, !visit(.backToBack(yesterday: before)) { return }
        if policy == .separate, let hard = f.recentHardRun { _ = visit(.separate(hard)) }
    }

    mutating func heavyBlockers(_ i: Int) -> [Reason] {
        heavyBlocks(i).map { block in
            switch block {
            case .taper:
                Reason(.taperLight, "Taper: nothing heavy, only light mobility and activation work.")
            case .postRace(let race, let days):
                Reason(.postRaceNoHeavy, "\(race.name) was \(days) day(s) ago: no heavy lifting yet.")
            case .beforeKey(let key):
                Reason(.noHeavyBeforeKey, key.noHeavyText)
            case .backToBack(let yesterday):
                Reason(.noHeavyBackToBack, yesterday ? "No heavy legs today: yesterday was a heavy day."
                                                     : "No heavy legs today: tomorrow is a heavy day.")
            case .separate(let hard):
                Reason(.policySeparate, text(.separateAfter(hard.type)))
            }
        }
    }

    private func isFree(_ i: Int) -> Bool { kinds[i] == nil }

    /// `heavyBlocks(i).isEmpty`, without building the list: the search for heavy days asks it often.
    func heavyAllowed(_ i: Int) -> Bool {
        var allowed = true
        visitHeavyBlocks(i) { _ in allowed = false; return false }
        return allowed
    }

    private func bestHeavyDay(in week: Range<Int>, gymOnly: Bool) -> Int? {
        var best: (index: Int, score: Int)?
        for i in week where isFree(i) && heavyAllowed(i) {
            let f = facts[i]
            let gym = f.isGymDay
            if gymOnly && !gym { continue }
            var score = 0
            switch policy {
            case .stack: score += f.hardWorkout != nil ? 100 : 0
            case .separate: score += 0
            }
            if f.runFree { score += 30 } else if !f.longRun && f.hardWorkout == nil { score += 20 }
            // Spread heavy days: two days apart is better than three in a row of work.
            if (i >= 2 && heavyLike[i - 2]) || (i + 2 < facts.count && heavyLike[i + 2]) { score -= 10 }
            if best.map({ score > $0.score }) ?? true { best = (i, score) }
        }
        return best?.index
    }

    private func bestLightDay(in week: Range<Int>) -> Int? {
        var best: (index: Int, score: Int)?
        for i in week where isFree(i) {
            let f = facts[i]
            if policy == .separate && f.recentHardRun != nil { continue }
            var score = f.isGymDay ? 40 : 0
            // With `stack`, a light session too goes on a hard-run day before an easy one: easy days stay easy.
            if f.runFree { score += 30 } else if f.longRun { score += 0 }
            else if f.hardWorkout == nil { score += policy == .stack ? 10 : 20 }
            else { score += policy == .stack ? 25 : 10 }
            if (i > 0 && kinds[i - 1]?.isLift == true) || (i + 1 < facts.count && kinds[i + 1]?.isLift == true) { score -= 15 }
            if best.map({ score > $0.score }) ?? true { best = (i, score) }
        }
        return best?.index
    }

    // MARK: Placing sessions

    private mutating func placeHeavy(_ i: Int, number: Int, of total: Int, phase: Phase) {
        let f = facts[i]
        kinds[i] = .heavyLift
        heavyLike[i] = true
        var r: [Reason] = []
        r.reserveCapacity(3)
        r.append(Reason(.heavyPerWeek, text(.heavyNumber(number, of: total, phase))))
        switch policy {
        case .stack:
            if let hard = f.hardWorkout {
                r.append(Reason(.policyStack, text(.stackAfter(hard.type))))
            } else {
                r.append(Reason(.policyStack, "No hard-run day this week could take the heavy session, so it goes on a day without one.", outcome: .gaveWay))
            }
        case .separate:
            r.append(Reason(.policySeparate, text(.separateClear)))
        }
        if f.isGymDay {
            r.append(Reason(.gymDays, "Gym day: the full session with equipment."))
        } else {
            r.append(Reason(.gymDays, "No gym day could take the heavy session: a bodyweight variant today.", outcome: .gaveWay))
        }
        reasons[i].insert(contentsOf: r, at: 0)
    }

    private mutating func placeLight(_ i: Int, number: Int, of total: Int, phase: Phase) {
        let f = facts[i]
        kinds[i] = .lightLift
        var r: [Reason] = []
        r.reserveCapacity(3)
        switch phase {
        case .taper: r.append(Reason(.taperLight, "Taper: one light session of mobility and activation."))
        case .racePrep, .base: r.append(Reason(.sessionsPerWeek, text(.lightNumber(number, of: total, phase))))
        }
        if policy == .separate { r.append(Reason(.policySeparate, text(.separateClear))) }
        if f.isGymDay {
            r.append(Reason(.gymDays, "Gym day: the session with equipment."))
        } else {
            r.append(Reason(.gymDays, "No gym today: a bodyweight variant."))
        }
        reasons[i].insert(contentsOf: r, at: 0)
        // Say why this day was not heavy.
        reasons[i] += heavyBlockers(i)
    }

    // MARK: The finished day

    mutating func dayPlan(at i: Int, profile: AthleteProfile, library: ExerciseLibrary) -> DayPlan {
        let f = facts[i]
        let kind = kinds[i] ?? .rest
        // The day's reasons move into its plan (each day is finished once), with room for its own.
        var dayReasons: [Reason] = []
        swap(&dayReasons, &reasons[i])
        dayReasons.reserveCapacity(dayReasons.count + 4)
        var day = DayPlan(date: f.date, phase: f.phase, block: blocks[i].block, blockWeek: blocks[i].week,
                          runs: f.runs, kind: kind, reasons: consume dayReasons)
        if kind == .recovery {
            day.reasons.append(Reason(.recoveryMobility, "Recovery day: the mobility routine for hips, calves and ankles."))
        }
        if kind.hasSession && !(kind.isLift && !f.planned.isEmpty) {
            day.session = sessions.session(for: day, profile: profile, library: library)
        }
        let preRace = f.nextRace.map { $0.days <= rules.preRaceActivationDays } ?? false
        if let key = f.keyRun {
            day.reasons.append(Reason(.keyRunActivation, Self.activationText(key.type)))
            day.activation = activation(for: day, weekday: f.weekdayIndex, profile: profile, library: library)
        } else if f.race != nil || (preRace && kind == .rest) {
            day.activation = activation(for: day, weekday: f.weekdayIndex, profile: profile, library: library)
        }
        let phaseKey = f.phaseReasonKey
        if lastPhaseReason?.key != phaseKey { lastPhaseReason = (phaseKey, f.phaseReason) }
        day.reasons.append(lastPhaseReason?.reason ?? f.phaseReason)
        let blockNumber = switch blocks[i].block { case .strength: 0; case .hypertrophy: 1; case .power: 2 }
        let blockKey = ReasonKey(a: blockNumber, b: blocks[i].week, c: 0)
        if lastBlockReason?.key != blockKey {
            let text = "\(blocks[i].block.rawValue.initialCapital) block, week \(blocks[i].week) of \(rules.blockWeeks)."
            lastBlockReason = (blockKey, Reason(.trainingBlock, text))
        }
        if let block = lastBlockReason { day.reasons.append(block.reason) }
        return day
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

    private mutating func activation(for day: DayPlan, weekday: Int, profile: AthleteProfile,
                                     library: ExerciseLibrary) -> Session? {
        if let known = activationByWeekday[weekday] { return known }
        let made = PlannerSessions.activation(for: day, profile: profile, library: library)
        activationByWeekday[weekday] = .some(made)
        return made
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
