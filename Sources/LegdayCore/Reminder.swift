/// A day's reminder, as every notifier receives it: a title, a plain-text body, and the day behind it.
public struct Reminder: Hashable, Sendable, Codable {
    /// Stable across restarts and retries: `<athlete>:<date>:daily`. Notifiers use it to avoid repeats.
    public var id: String
    public var date: LocalDate
    public var kind: DayKind
    public var title: String
    public var body: String
    public var day: DayPlan
    /// True when the reminder is sent after its time (the machine was off or asleep).
    public var late: Bool

    public init(id: String, date: LocalDate, kind: DayKind, title: String, body: String, day: DayPlan,
                late: Bool = false) {
        self.id = id
        self.date = date
        self.kind = kind
        self.title = title
        self.body = body
        self.day = day
        self.late = late
    }

    /// Builds the daily reminder for a planned day.
    public init(for day: DayPlan, athlete: String = "default", late: Bool = false) {
        self.init(id: "\(athlete):\(day.date.iso):daily", date: day.date, kind: day.kind,
                  title: ReminderText.title(for: day), body: ReminderText.body(for: day),
                  day: day, late: late)
    }
}

/// The words of a reminder. One place, so the journal, email, webhooks and `legday today` agree.
public enum ReminderText {
    public static func title(for day: DayPlan) -> String {
        let when = "\(day.date.weekday.name) \(day.date.iso)"
        switch day.kind {
        case .heavyLift, .lightLift:
            return "\(when): \(day.kind.label) day — \(day.session?.name ?? "strength")"
        case .recovery:
            return "\(when): Recovery day — \(day.session?.name ?? "mobility")"
        case .rest:
            return "\(when): Rest day — no lifting"
        case .race:
            return "\(when): Race day — good luck!"
        }
    }

    public static func body(for day: DayPlan) -> String {
        var lines: [String] = []
        if !day.runs.isEmpty {
            let runs = day.runs.map { run -> String in
                let distance = run.distanceKm.map { " \(formatKm($0)) km" } ?? ""
                return "\(run.type.rawValue)\(distance)"
            }
            lines.append("Runs: " + runs.joined(separator: ", "))
        }
        for why in day.why { lines.append("Why: \(why)") }
        if let activation = day.activation {
            lines.append("")
            lines.append("Before your run — \(activation.name):")
            for item in activation.allPrescriptions { lines.append("  • \(item.exercise.name): \(dose(item))") }
        }
        if let session = day.session {
            lines.append("")
            lines.append("\(session.name) (about \(session.estimatedMinutes) min)")
            let sections: [(String, [Prescription])] = [
                ("Warm-up", session.warmup), ("Main", session.exercises), ("Cool-down", session.cooldown),
            ]
            for (heading, items) in sections where !items.isEmpty {
                lines.append("")
                lines.append("\(heading):")
                for (n, item) in items.enumerated() {
                    lines += exerciseLines(item, number: n + 1)
                }
            }
        }
        return lines.joined(separator: "\n")
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
