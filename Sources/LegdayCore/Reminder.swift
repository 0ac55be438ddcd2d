/// A day's reminder, as every notifier receives it: a title, the summary a runner reads in thirty seconds,
/// the whole plain-text body (the summary first, then the details), and the day behind it.
public struct Reminder: Hashable, Sendable, Codable {
    /// Stable across restarts and retries: `<athlete>:<date>:daily`. Notifiers use it to avoid repeats.
    public var id: String
    public var date: LocalDate
    public var kind: DayKind
    public var title: String
    /// The first screen: the day in one line, the main work one line per exercise, the why in one
    /// sentence (`ReminderText.summary`). `body` begins with it.
    public var summary: String
    public var body: String
    public var day: DayPlan
    /// True when the reminder is sent after its time (the machine was off or asleep).
    public var late: Bool
    /// When it is sent: the morning of its day, the evening before, or the week ahead (ReminderMoments.swift).
    public var moment: ReminderMoment
    /// The seven days of a `weekly` reminder, Monday to Sunday; nil for the others.
    public var week: [DayPlan]?

    public init(id: String, date: LocalDate, kind: DayKind, title: String, summary: String? = nil, body: String,
                day: DayPlan, late: Bool = false, moment: ReminderMoment = .daily, week: [DayPlan]? = nil) {
        self.id = id
        self.date = date
        self.kind = kind
        self.title = title
        self.summary = summary ?? body.components(separatedBy: "\n\n").first ?? body
        self.body = body
        self.day = day
        self.late = late
        self.moment = moment
        self.week = week
    }

    /// Builds the daily reminder for a planned day.
    public init(for day: DayPlan, athlete: String = "default", late: Bool = false) {
        self.init(id: "\(athlete):\(day.date.iso):daily", date: day.date, kind: day.kind,
                  title: ReminderText.title(for: day), summary: ReminderText.summary(for: day),
                  body: ReminderText.body(for: day), day: day, late: late)
    }

    private enum CodingKeys: String, CodingKey { case id, date, kind, title, summary, body, day, late, moment, week }

    /// Reminders stored before `summary` existed (an outbox written by an older legday) take it from the body;
    /// before `moment` existed, every reminder was `daily`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), date: try c.decode(LocalDate.self, forKey: .date),
                  kind: try c.decode(DayKind.self, forKey: .kind), title: try c.decode(String.self, forKey: .title),
                  summary: try c.decodeIfPresent(String.self, forKey: .summary),
                  body: try c.decode(String.self, forKey: .body), day: try c.decode(DayPlan.self, forKey: .day),
                  late: try c.decodeIfPresent(Bool.self, forKey: .late) ?? false,
                  moment: try c.decodeIfPresent(ReminderMoment.self, forKey: .moment) ?? .daily,
                  week: try c.decodeIfPresent([DayPlan].self, forKey: .week))
    }
}

/// The words of a reminder. One place, so the journal, email, webhooks, plugins and `legday today` agree,
/// and all of them put first what a runner needs in thirty seconds.
public enum ReminderText {
    public static func title(for day: DayPlan) -> String {
        let when = "\(day.date.weekday.name) \(day.date.iso)"
        switch day.kind {
        case .heavyLift, .lightLift:
            return "\(when): \(day.kind.label) day — \(day.session?.name ?? "strength")"
        case .recovery:
            return "\(when): Recovery day — \(day.session?.name ?? "mobility")"
        case .rest:
            return day.hasRunning ? "\(when): Run only — no lifting" : "\(when): Rest day — no lifting"
        case .race:
            return "\(when): Race day — good luck!"
        }
    }

    /// "Heavy lift after your intervals · 5 exercises · about 35 min", "Run only: easy 8 km · no lift today".
    public static func headline(for day: DayPlan) -> String {
        let runs = day.runs.map(runText).joined(separator: " + ")
        let key = day.runs.first(where: \.isKey) ?? day.runs.first
        switch day.kind {
        case .heavyLift, .lightLift, .recovery:
            guard let session = day.session else { return day.kind.label }
            let count = session.exercises.count
            let things = day.kind == .recovery ? (count == 1 ? "move" : "moves") : (count == 1 ? "exercise" : "exercises")
            var head = day.kind.label
            if let key, day.kind != .recovery, key.type != .rest, key.type != .cross { head += " after your \(noun(key.type))" }
            return "\(head) · \(count) \(things) · about \(session.estimatedMinutes) min"
        case .rest:
            return day.hasRunning ? "Run only: \(runs) · no lift today" : "Rest day · nothing to do"
        case .race:
            return "Race day\(key.map { ": \(runText($0))" } ?? "") · no lifting"
        }
    }

    /// "Goblet squat 4 × 6 @ RPE 7": an exercise of the main work in one line.
    public static func mainLine(_ item: Prescription) -> String {
        // The load's first words ("RPE 8" of "RPE 8: a weight that leaves 2 reps in reserve"); the details say the rest.
        let load = item.load.map { $0.split(separator: ":", maxSplits: 1).first.map(String.init) ?? $0 }
        return "\(item.exercise.name) \(item.sets) × \(item.reps)" + (load.map { " @ \($0)" } ?? "")
    }

    /// The reason that decided the day, as one sentence.
    public static func because(for day: DayPlan) -> String? {
        let reasons = day.reasons.filter { $0.rule != RuleID.askAboutYesterday.rawValue }
        return (reasons.first(where: { $0.outcome == .applied }) ?? reasons.first)?.text
    }

    /// The first screen: headline, the main work one line per exercise, and the why.
    public static func summary(for day: DayPlan) -> String {
        var lines = [headline(for: day)]
        for item in day.session?.exercises ?? [] { lines.append("  " + mainLine(item)) }
        if let because = because(for: day) { lines.append("Why: \(because)") }
        // The log hears what was done: yesterday's question, and the line that logs today's session.
        for question in day.reasons where question.rule == RuleID.askAboutYesterday.rawValue { lines.append(question.text) }
        if day.session != nil { lines.append("Done? legday log --date \(day.date.iso) done (or partial, or skipped)") }
        return lines.joined(separator: "\n")
    }

    /// Exercises shown with their positions, cues and mistakes: the main work always; warm-up,
    /// cool-down and activation only in a block's first week, when they are new to the runner.
    public static func detailed(_ day: DayPlan) -> [(heading: String, items: [Prescription])] {
        var sections: [(String, [Prescription])] = []
        if let session = day.session { sections.append(("How to do the main work", session.exercises)) }
        if day.blockWeek == 1 {
            let newThisBlock = (day.activation?.allPrescriptions ?? []) + (day.session?.warmup ?? [])
                + (day.session?.cooldown ?? [])
            var seen = Set(day.session?.exercises.map(\.exercise.id) ?? [])
            let fresh = newThisBlock.filter { seen.insert($0.exercise.id).inserted }
            if !fresh.isEmpty { sections.append(("New this block", fresh)) }
        }
        return sections
    }

    /// The summary, then the details: the day's runs, activation, warm-up and cool-down one line each,
    /// the main exercises in full, and the other reasons.
    public static func body(for day: DayPlan) -> String {
        var lines = [summary(for: day)]
        var compact: [String] = []
        if !day.runs.isEmpty { compact.append("Runs: " + day.runs.map(runText).joined(separator: ", ")) }
        if let activation = day.activation {
            compact.append("Before your run (\(activation.name.lowercased())): " + oneLine(activation.allPrescriptions))
        }
        if let session = day.session {
            if !session.warmup.isEmpty { compact.append("Warm-up: " + oneLine(session.warmup)) }
            if !session.cooldown.isEmpty { compact.append("Cool-down: " + oneLine(session.cooldown)) }
        }
        if !compact.isEmpty { lines += [""] + compact }
        for (heading, items) in detailed(day) where !items.isEmpty {
            lines += ["", "\(heading):"]
            for (n, item) in items.enumerated() { lines += exerciseLines(item, number: n + 1) }
        }
        let others = day.reasons.filter { $0.rule != RuleID.askAboutYesterday.rawValue }.map(\.text).filter { $0 != because(for: day) }
        if !others.isEmpty { lines += ["", "Also:"] + others.map { "  • \($0)" } }
        return lines.joined(separator: "\n")
    }

    /// A run type as a runner names the session: "easy run", "intervals", "hill session".
    static func noun(_ type: RunType) -> String {
        switch type {
        case .easy, .long, .tempo, .threshold, .recovery: "\(type.rawValue) run"
        case .hills: "hill session"
        case .intervals, .fartlek, .race: type.rawValue
        case .cross: "cross-training"
        case .rest: "rest"
        }
    }

    /// "intervals 10 km"
    public static func runText(_ run: Run) -> String {
        run.type.rawValue + (run.distanceKm.map { " \(formatKm($0)) km" } ?? "")
    }

    /// "Dead bug 1 × 6 per side · Inchworm 1 × 6": a list of exercises on one line.
    public static func oneLine(_ items: [Prescription]) -> String {
        items.map { "\($0.exercise.name) \($0.sets) × \($0.reps)" }.joined(separator: " · ")
    }

    /// "3 × 8-12, 70% 1RM, rest 90 s"
    public static func dose(_ item: Prescription) -> String {
        var parts = ["\(item.sets) × \(item.reps)"]
        if let load = item.load { parts.append(load) }
        if let tempo = item.tempo ?? item.exercise.tempo { parts.append("tempo \(tempo)") }
        if let rest = item.restSeconds { parts.append("rest \(rest) s") }
        return parts.joined(separator: ", ")
    }

    static func exerciseLines(_ item: Prescription, number: Int) -> [String] {
        var lines = ["\(number). \(item.exercise.name) — \(dose(item))"]
        for position in item.exercise.positions {
            lines.append("   \(position.name.prefix(1).uppercased() + position.name.dropFirst()): \(position.text)")
        }
        for cue in item.exercise.cues { lines.append("   Cue: \(cue)") }
        for mistake in item.exercise.mistakes { lines.append("   Watch: \(mistake.fault) → \(mistake.fix)") }
        if let note = item.note { lines.append("   Note: \(note)") }
        return lines
    }

    public static func formatKm(_ km: Double) -> String {
        km == km.rounded() ? String(Int(km)) : String((km * 10).rounded() / 10)
    }
}
