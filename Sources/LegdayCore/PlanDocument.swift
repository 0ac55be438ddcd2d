/// The published JSON shapes of plans and reminders: `legday plan --format json`, webhook `data`, plugin
/// `reminder`. Fields may be added; none is ever renamed or removed. Keys are snake_case.
public enum PlanDocument {
    public struct PlanJSON: Codable, Sendable, Hashable {
        public var timezone: String
        public var days: [DayJSON]
    }

    public struct DayJSON: Codable, Sendable, Hashable {
        public var date: String
        public var weekday: String
        public var phase: String
        public var block: String
        public var blockWeek: Int
        public var runs: [RunJSON]
        public var kind: String
        /// The kind as a display shows it: "run only" for a day with runs and no lift (`kind` says rest).
        public var display: String
        public var session: SessionJSON?
        public var activation: SessionJSON?
        public var why: [String]
        public var rules: [RuleJSON]

        enum CodingKeys: String, CodingKey {
            case date, weekday, phase, block, blockWeek = "block_week", runs, kind, display, session, activation, why, rules
        }
    }

    public struct RunJSON: Codable, Sendable, Hashable {
        public var type: String
        public var distanceKm: Double?
        public var key: Bool
        public var title: String

        enum CodingKeys: String, CodingKey { case type, distanceKm = "distance_km", key, title }
    }

    public struct RuleJSON: Codable, Sendable, Hashable {
        public var rule: String
        public var outcome: String
        public var text: String
    }

    public struct SessionJSON: Codable, Sendable, Hashable {
        public var name: String
        public var estimatedMinutes: Int
        public var warmup: [ExerciseJSON]
        public var exercises: [ExerciseJSON]
        public var cooldown: [ExerciseJSON]

        enum CodingKeys: String, CodingKey {
            case name, estimatedMinutes = "estimated_minutes", warmup, exercises, cooldown
        }
    }

    public struct ExerciseJSON: Codable, Sendable, Hashable {
        public var id: String
        public var name: String
        public var sets: Int
        public var reps: String
        public var load: String?
        public var restSeconds: Int?
        public var tempo: String?
        public var muscles: [String]
        public var equipment: [String]
        public var positions: [PositionJSON]
        public var cues: [String]
        public var mistakes: [MistakeJSON]

        enum CodingKeys: String, CodingKey {
            case id, name, sets, reps, load, restSeconds = "rest_seconds", tempo, muscles, equipment, positions
            case cues, mistakes
        }
    }

    public struct PositionJSON: Codable, Sendable, Hashable {
        public var name: String
        public var text: String
        public var pose: Pose?
    }

    public struct MistakeJSON: Codable, Sendable, Hashable {
        public var fault: String
        public var fix: String
    }

    /// The reminder as notifiers publish it (webhook `data`, plugin `reminder`).
    public struct ReminderJSON: Codable, Sendable, Hashable {
        public var id: String
        public var date: String
        public var kind: String
        public var title: String
        /// The first screen of `body` (`Reminder.summary`): the day in one line, the main work, the why.
        public var summary: String
        public var body: String
        public var late: Bool
        public var day: DayJSON
        /// "daily", "evening" or "weekly" (added with the evening and weekly reminders; absent means daily).
        public var moment: String?
        /// A weekly reminder's seven days, Monday to Sunday; absent for the others.
        public var week: [DayJSON]?
    }

    public static func plan(_ plan: Plan) -> PlanJSON {
        PlanJSON(timezone: plan.timezone, days: plan.days.map(day))
    }

    public static func reminder(_ reminder: Reminder) -> ReminderJSON {
        ReminderJSON(id: reminder.id, date: reminder.date.iso, kind: reminder.kind.rawValue, title: reminder.title,
                     summary: reminder.summary, body: reminder.body, late: reminder.late, day: day(reminder.day),
                     moment: reminder.moment.rawValue, week: reminder.week.map { $0.map(day) })
    }

    public static func day(_ day: DayPlan) -> DayJSON {
        DayJSON(
            date: day.date.iso, weekday: day.date.weekday.rawValue, phase: day.phase.rawValue,
            block: day.block.rawValue, blockWeek: day.blockWeek,
            runs: day.runs.map { RunJSON(type: $0.type.rawValue, distanceKm: $0.distanceKm, key: $0.isKey, title: $0.title) },
            kind: day.kind.rawValue, display: day.displayKind, session: day.session.map(session),
            activation: day.activation.map(session),
            why: day.why,
            rules: day.reasons.map { RuleJSON(rule: $0.rule, outcome: $0.outcome.rawValue, text: $0.text) })
    }

    public static func session(_ session: Session) -> SessionJSON {
        SessionJSON(name: session.name, estimatedMinutes: session.estimatedMinutes,
                    warmup: session.warmup.map(exercise), exercises: session.exercises.map(exercise),
                    cooldown: session.cooldown.map(exercise))
    }

    public static func exercise(_ item: Prescription) -> ExerciseJSON {
        let e = item.exercise
        return ExerciseJSON(
            id: e.id, name: e.name, sets: item.sets, reps: item.reps, load: item.load,
            restSeconds: item.restSeconds, tempo: item.tempo ?? e.tempo,
            muscles: e.muscles.map(\.rawValue), equipment: e.equipment.map(\.rawValue),
            positions: e.positions.map { PositionJSON(name: $0.name, text: $0.text, pose: $0.pose) },
            cues: e.cues, mistakes: e.mistakes.map { MistakeJSON(fault: $0.fault, fix: $0.fix) })
    }
}
