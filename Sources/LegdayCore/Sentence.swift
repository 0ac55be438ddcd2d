/// Every sentence the planner says that carries a value (a race's name, a count, a distance), in one place.
///
/// A plan holds a year of days and each day several reasons, but a runner reads one day at a time: the
/// planner stores what a reason says as a `Sentence` (a few words of data) and the words are made only when
/// someone reads `Reason.text`. Sentences without a value are plain string literals (`Sentence.words`),
/// which cost nothing to store either.
enum Sentence: Hashable, Sendable {
    /// Fixed words, written in the planner as a string literal.
    case words(String)

    // Days a rule fixes (DayFacts.fixedDecision).
    case raceDay(name: String, distance: RaceDistance)
    case dayAfterRace(name: String)
    case activationOnly(race: String, inDays: Int)
    case recoveryBeforeActivation(race: String, inDays: Int)
    case recoveryAfterLongRun(km: Double?)

    // The phase and the block (every day).
    case basePhase(race: String, weeksAway: Int)
    case racePrepPhase(race: String, weeksAway: Int)
    case taperPhase(race: String, daysAway: Int)
    case trainingBlock(TrainingBlock, week: Int, of: Int)

    // A week's sessions (PlanState.planWeek).
    case heavyNumber(Int, of: Int, Phase)
    case lightNumber(Int, of: Int, Phase)
    case stackAfter(RunType)
    case separateAfter(RunType, hours: Int)
    case separateClear(hours: Int)
    case highMileage(km: Double, trailingMean: Double, sessions: Int)
    case plannedStrengthRest(titles: String)
    case plannedStrengthHeavy(titles: String)
    case plannedStrengthLight(titles: String)
    /// The week's session days, Monday first, as bits 0 (Monday) to 6 (Sunday).
    case noLift(sessionDays: UInt8)
    case sessionShortfall(placed: Int, of: Int)
    case heavyShortfall(placed: Int, of: Int)

    // What keeps a lift or heavy legs off a day (PlanState.appendHeavyBlockers).
    case returning(name: String, daysAgo: Int, of: Int)
    case raceTomorrow(name: String)
    case dayOff(minimum: Int)
    case racePriority(RacePriority)

    var text: String {
        switch self {
        case .words(let text):
            text
        case .raceDay(let name, let distance):
            "Race day: \(name) (\(distance)). No lifting; activation before the start."
        case .dayAfterRace(let name):
            "The day after \(name): recovery, with the mobility routine."
        case .activationOnly(let race, let days):
            "\(race) is in \(days) day(s): nothing but a short activation circuit."
        case .recoveryBeforeActivation(let race, let days):
            "\(race) is in \(days) day(s), but recovery from yesterday's race comes first; the mobility routine is all."
        case .recoveryAfterLongRun(let km):
            "Long run yesterday\(km.map { " (\(ReminderText.formatKm($0)) km)" } ?? ""): today is for recovery."
        case .basePhase(let race, let weeks):
            "Base phase: \(race) is \(weeks) weeks away, building raw strength."
        case .racePrepPhase(let race, let weeks):
            "Race preparation: \(race) in \(weeks) weeks, shifting toward power and stability."
        case .taperPhase(let race, let days):
            "Taper: \(race) in \(days) days."
        case .trainingBlock(let block, let week, let weeks):
            "\(block.rawValue.initialCapital) block, week \(week) of \(weeks)."
        case .heavyNumber(let number, let total, let phase):
            "Heavy lower-body session \(number) of \(total) this week (\(phase.rawValue) phase)."
        case .lightNumber(let number, let total, let phase):
            phase == .racePrep ? "Light power and stability session, \(number) of \(total) this week."
                               : "Light session, \(number) of \(total) this week."
        case .stackAfter(let type):
            "\(type.rawValue.initialCapital) run today: lift heavy after it, so the easy days stay easy."
        case .separateAfter(let type, let hours):
            "Policy separate: at least \(hours) h after the \(type.rawValue) run before lifting."
        case .separateClear(let hours):
            "Policy separate: no hard run in the last \(hours) h."
        case .highMileage(let km, let mean, let sessions):
            "High-mileage week: \(ReminderText.formatKm(km)) km against a \(ReminderText.formatKm(mean)) km trailing mean, so at most \(sessions) maintenance session(s)."
        case .plannedStrengthRest(let titles):
            "Your plan has \(titles) today; it counts toward the week, but today keep it easy."
        case .plannedStrengthHeavy(let titles):
            "Your plan has \(titles) today: it is this week's heavy session, and nothing heavy goes beside it."
        case .plannedStrengthLight(let titles):
            "Your plan has \(titles) today: it counts toward the week; keep it light."
        case .noLift(let days):
            days == 0 ? "No lift today (none this week)."
                : "No lift today (this week's are on \(Weekday.allCases.filter { days & 1 << $0.index != 0 }.map(\.name).joined(separator: ", ")))."
        case .sessionShortfall(let placed, let target):
            "Only \(placed) of \(target) lift sessions fit this week; each other day's reasons say what kept a session away."
        case .heavyShortfall(let placed, let target):
            "Only \(placed) of \(target) heavy sessions fit this week; each other day's reasons say what kept heavy legs away."
        case .returning(let name, let days, let length):
            "\(name) was \(days) day(s) ago: \(length) days of return, with mobility and nothing heavy or plyometric; at most one light session, from day \((length + 1) / 2 + 1)."
        case .raceTomorrow(let name):
            "\(name) tomorrow: no lifting today, at most activation."
        case .dayOff(let minimum):
            "A day off: no run and no lift, so the week keeps \(minimum == 1 ? "one" : String(minimum)) (rules.min_days_off)."
        case .racePriority(.a):
            "An A race: the goal the phases count down to."
        case .racePriority(.b):
            "A B race (a tune-up): easy days before it and a return after it, but no taper."
        case .racePriority(.c):
            "A C race: run it as a hard session; no taper and no return."
        }
    }
}
