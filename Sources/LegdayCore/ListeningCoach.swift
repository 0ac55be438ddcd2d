/// The log as the planner reads it (`TrainingHistory` is the store's value, TrainingLogEntry.swift).
extension TrainingHistory {
    /// Whether anything at all was logged: a runner who never logs is planned as before, never as one who
    /// skips everything.
    public var isEmpty: Bool { sessions.isEmpty && sets.isEmpty }

    /// Done or partly done: the day counts as trained.
    public func trained(on date: LocalDate) -> Bool {
        if let status = sessions[date]?.status { return status != .skipped }
        return sets.contains { $0.date == date }
    }

    /// The last day trained before `date`, if any.
    public func lastTrained(before date: LocalDate) -> LocalDate? {
        let days = sessions.values.filter { $0.status != .skipped }.map(\.date) + sets.map(\.date)
        return days.filter { $0 < date }.max()
    }

    /// The most recent sets of `exerciseID` logged before `date`.
    public func lastSets(of exerciseID: String, before date: LocalDate) -> SetLogEntry? {
        sets.last { $0.exerciseID == exerciseID && $0.date < date }
    }
}

/// The plan after it hears the log (seed 004's progressive overload; docs/training-rules.md, "What the log
/// changes"): a pure function of the plan and the history, run by the planner last.
///
/// - A heavy session skipped, or not logged by the day after, is re-placed on the first day from `today`
///   in the same week where every rule allows a heavy day: a day without a lift (or a light one, which it
///   replaces), without a key or long run,
///   not the eve of a key run, long run or race, not the day after a race, and next to no other heavy day;
///   none: it is dropped, and the day says why.
/// - Nothing trained for two weeks (when the runner logs at all) makes the week a re-entry week: its heavy
///   days become light before the loads climb again.
/// - Each main exercise with logged sets gets today's target by double progression (`Progression`).
enum ListeningCoach {
    /// `today` is the first day not yet over: a heavy session planned before it and not logged was missed
    /// (unknown counts as not done for re-placing).
    static func adjust(_ days: [DayPlan], history: TrainingHistory, today: LocalDate) -> [DayPlan] {
        guard !history.isEmpty else { return days }
        let log = Log(history: history, today: today)
        var days = days
        reenter(&days, history: log)
        replace(&days, history: log)
        askAboutYesterday(&days, history: log)
        for i in days.indices where days[i].date >= today {
            days[i] = withTargets(days[i], history: log)
        }
        return days
    }

    /// The history with the day it is read on.
    struct Log {
        var history: TrainingHistory
        var today: LocalDate
        var sessions: [LocalDate: SessionLogEntry] { history.sessions }
        func trained(on date: LocalDate) -> Bool { history.trained(on: date) }
        func lastTrained(before date: LocalDate) -> LocalDate? { history.lastTrained(before: date) }
        func lastSets(of id: String, before date: LocalDate) -> SetLogEntry? { history.lastSets(of: id, before: date) }
    }

    static func rebuilt(_ day: DayPlan, kind: DayKind? = nil, session: Session?? = nil, adding reasons: [Reason]) -> DayPlan {
        DayPlan(date: day.date, phase: day.phase, block: day.block, blockWeek: day.blockWeek, runs: day.runs,
                kind: kind ?? day.kind, session: session ?? day.session, activation: day.activation,
                reasons: reasons + day.reasons)
    }

    // MARK: Re-entry

    /// Days without training before the week a re-entry week begins.
    static let reentryGap = 14

    static func reenter(_ days: inout [DayPlan], history: Log) {
        let monday = history.today.startOfWeek
        let last = history.lastTrained(before: monday)
        guard last.map({ $0.days(until: monday) > reentryGap }) ?? true else { return }
        let since = last.map { "since \($0.weekday.name) \($0.iso)" } ?? "yet"
        for i in days.indices where days[i].date >= history.today && days[i].date < monday.adding(days: 7)
            && days[i].kind == .heavyLift {
            days[i] = rebuilt(days[i], kind: .lightLift, adding: [Reason(
                rule: RuleID.reentryWeek.rawValue,
                "Re-entry week: nothing logged \(since), so a light session first; the loads climb again next week.")])
        }
    }

    // MARK: Re-placing a missed heavy session

    static func replace(_ days: inout [DayPlan], history: Log) {
        let byDate = Dictionary(days.enumerated().map { ($1.date, $0) }, uniquingKeysWith: { first, _ in first })
        let missed = days.filter { day in
            day.kind == .heavyLift && day.date < history.today && day.date.startOfWeek == history.today.startOfWeek
                && !history.trained(on: day.date)
        }
        for day in missed {
            let why = history.sessions[day.date]?.status == .skipped ? "you skipped it" : "it was not logged as done"
            let candidates = days.indices.filter { i in
                days[i].date >= history.today && days[i].date.startOfWeek == day.date.startOfWeek
                    && allowsHeavy(at: i, in: days, byDate: byDate)
            }
            if let target = candidates.first {
                let instead = days[target].kind == .lightLift ? ", in place of the light session" : ""
                days[target] = rebuilt(days[target], kind: .heavyLift, session: .some(day.session), adding: [Reason(
                    rule: RuleID.missedSessionMoved.rawValue,
                    "Moved from \(day.date.weekday.name): \(why). The first day this week every rule allows a heavy "
                        + "session\(instead).")])
            } else if let first = days.firstIndex(where: { $0.date >= history.today && $0.date.startOfWeek == day.date.startOfWeek }) {
                days[first] = rebuilt(days[first], adding: [Reason(
                    rule: RuleID.missedSessionDropped.rawValue,
                    "\(day.date.weekday.name)'s heavy session was missed (\(why)) and no day left this week allows it: "
                        + "dropped rather than squeezed next to a key run.", outcome: .gaveWay)])
            }
        }
    }

    /// A rest, run-only or light day where a heavy session breaks no rule: no key or long run on it, none and no
    /// race the next day, no race the day before, no heavy day either side, outside the taper.
    static func allowsHeavy(at i: Int, in days: [DayPlan], byDate: [LocalDate: Int]) -> Bool {
        let day = days[i]
        guard day.kind == .rest || day.kind == .lightLift, day.phase != .taper, !day.runs.contains(where: \.isKey)
        else { return false }
        if let next = byDate[day.date.adding(days: 1)].map({ days[$0] }) {
            if next.kind == .heavyLift || next.kind == .race || next.runs.contains(where: \.isKey) { return false }
        }
        if let before = byDate[day.date.adding(days: -1)].map({ days[$0] }) {
            if before.kind == .heavyLift || before.kind == .race { return false }
        }
        return true
    }

    // MARK: Asking

    /// The rule id of the question about yesterday's session, which the reminder shows in its summary.
    static let askRule = RuleID.askAboutYesterday.rawValue

    /// Yesterday held a session and nothing was logged for it: today's reminder asks, with the line to type.
    static func askAboutYesterday(_ days: inout [DayPlan], history: Log) {
        let yesterday = history.today.adding(days: -1)
        guard let was = days.first(where: { $0.date == yesterday }), was.session != nil,
              history.sessions[yesterday] == nil, !history.trained(on: yesterday),
              let i = days.firstIndex(where: { $0.date == history.today }) else { return }
        let question = Reason(rule: askRule, "Yesterday's \(was.displayKind) session is not logged: "
            + "legday log --date \(yesterday.iso) done (or partial, or skipped)")
        days[i] = DayPlan(date: days[i].date, phase: days[i].phase, block: days[i].block, blockWeek: days[i].blockWeek,
                          runs: days[i].runs, kind: days[i].kind, session: days[i].session, activation: days[i].activation,
                          reasons: days[i].reasons + [question])
    }

    // MARK: Today's targets

    static func withTargets(_ day: DayPlan, history: Log) -> DayPlan {
        guard let session = day.session, day.kind.isLift else { return day }
        var changed = false
        let exercises = session.exercises.map { item -> Prescription in
            guard let last = history.lastSets(of: item.exercise.id, before: day.date),
                  let target = Progression.target(for: item, last: last, lastRPE: history.sessions[last.date]?.rpe)
            else { return item }
            changed = true
            return Prescription(exercise: item.exercise, sets: item.sets, reps: item.reps, load: item.load,
                                restSeconds: item.restSeconds, tempo: item.tempo,
                                note: [target, item.note].compactMap { $0 }.joined(separator: ". "))
        }
        guard changed else { return day }
        let targeted = Session(name: session.name, warmup: session.warmup, exercises: exercises, cooldown: session.cooldown,
                               estimatedMinutes: session.estimatedMinutes)
        return rebuilt(day, session: .some(targeted), adding: [])
    }
}

/// Double progression (seed 004's progressive overload): hold the load while the reps climb to the top of the
/// range; when every set reached the top at or below the target effort, raise the load one step and start
/// again at the bottom; when the last session felt harder than the target, hold.
public enum Progression {
    /// "Last time 16 kg × 8, 8, 7 → today 16 kg × 8, 8, 8", or nil when the prescription has no rep range
    /// to climb (a hold, a carry).
    public static func target(for item: Prescription, last: SetLogEntry, lastRPE: Int?) -> String? {
        guard let range = repRange(item.reps) else { return nil }
        let lastText = "Last time \(last.load.text()) × \(last.reps.map(String.init).joined(separator: ", "))"
        let sets = max(item.sets, 1)
        func reps(_ n: Int) -> String { Array(repeating: String(n), count: sets).joined(separator: ", ") }
        if let lastRPE, let goal = targetRPE(item.load), lastRPE > goal {
            return "\(lastText) at RPE \(lastRPE) → today \(last.load.text()) × \(reps(min(last.reps.max() ?? range.upperBound, range.upperBound))), the same load"
        }
        if last.reps.count >= sets, last.reps.allSatisfy({ $0 >= range.upperBound }) {
            guard let kg = last.load.kilograms, let next = nextLoad(after: kg, for: item.exercise) else {
                return "\(lastText) → today every set at the top: try the harder variant or add a set"
            }
            return "\(lastText) → today \(Load.kilograms(next).text()) × \(reps(range.lowerBound))"
        }
        return "\(lastText) → today \(last.load.text()) × \(reps(range.upperBound))"
    }

    /// "8-12" → 8...12, "8" → 8...8, "6 per side" → 6...6; nil for times and distances ("30 s", "20 m").
    public static func repRange(_ text: String) -> ClosedRange<Int>? {
        let words = text.split(separator: " ")
        guard let first = words.first, !words.dropFirst().contains(where: { ["s", "sec", "m", "min", "steps"].contains($0) })
        else { return nil }
        let parts = first.split(whereSeparator: { $0 == "-" || $0 == "–" }).compactMap { Int($0) }
        guard let low = parts.first, low > 0 else { return nil }
        let high = parts.count > 1 ? max(parts[1], low) : low
        return low...high
    }

    /// "RPE 7" (also "RPE 7-8", the upper) in a load's words.
    static func targetRPE(_ load: String?) -> Int? {
        guard let load, let at = load.range(of: "RPE ") else { return nil }
        let digits = load[at.upperBound...].prefix { $0.isNumber || $0 == "-" }
        return digits.split(separator: "-").compactMap { Int($0) }.max()
    }

    /// The sizes people find in gyms and homes: the next one up is the step.
    static let dumbbells: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38,
                                      40, 42.5, 45, 47.5, 50]
    static let kettlebells: [Double] = [4, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 36, 40, 44, 48]

    /// The next load: 2.5 kg more on a barbell (or a machine), the next dumbbell or kettlebell size.
    public static func nextLoad(after kg: Double, for exercise: Exercise) -> Double? {
        let gear = Set(exercise.equipment)
        if gear.contains(.barbell) || gear.contains(.legPress) || gear.contains(.plate) { return kg + 2.5 }
        if gear.contains(.kettlebell) { return kettlebells.first { $0 > kg + 0.01 } }
        if gear.contains(.dumbbell) { return dumbbells.first { $0 > kg + 0.01 } }
        return nil
    }
}
