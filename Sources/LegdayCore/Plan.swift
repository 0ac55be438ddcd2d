/// What a day is for, as far as lifting goes. The raw values are the names in JSON, the journal and docs.
public enum DayKind: String, CaseIterable, Hashable, Sendable, Codable {
    case heavyLift = "heavy-lift"
    case lightLift = "light-lift"
    case recovery
    case rest
    case race

    /// Lift and recovery days carry a session; rest and race days do not.
    public var hasSession: Bool {
        switch self {
        case .heavyLift, .lightLift, .recovery: true
        case .rest, .race: false
        }
    }

    public var label: String {
        switch self {
        case .heavyLift: "Heavy lift"
        case .lightLift: "Light lift"
        case .recovery: "Recovery"
        case .rest: "Rest"
        case .race: "Race"
        }
    }
}

/// The training phase, set by the distance to the next race (seed 004's periodisation).
public enum Phase: String, CaseIterable, Hashable, Sendable, Codable {
    case base
    case racePrep = "race-prep"
    case taper
}

/// The 4-6 week training block that decides sets, reps and load (seed 004: strength, hypertrophy, power),
/// and the taper's maintenance (`TrainingBlocks`).
public enum TrainingBlock: String, CaseIterable, Hashable, Sendable, Codable {
    case strength, hypertrophy, power, maintenance
}

/// A rule's say on one day: the rule's id (as in docs/training-rules.md) and what it decided.
///
/// The words are made when `text` is read (see `Sentence`): a plan holds hundreds of reasons and a reader
/// looks at a few. Two reasons are equal when their rule, words and outcome are.
public struct Reason: Hashable, Sendable, Codable {
    public enum Outcome: String, Hashable, Sendable, Codable {
        /// The rule decided or shaped the day.
        case applied
        /// The rule could not hold because another one won; the text says which.
        case gaveWay = "gave-way"
    }

    /// What a reason says: a planner rule and its sentence, whose words are made on demand, or a rule and
    /// words as written (by a plugin, a test, or a decoded plan).
    enum Words: Sendable {
        case said(RuleID, Sentence)
        case written(rule: String, text: String)
    }

    public let outcome: Outcome
    let words: Words

    public var rule: String {
        switch words {
        case .said(let rule, _): rule.rawValue
        case .written(let rule, _): rule
        }
    }

    public var text: String {
        switch words {
        case .said(_, let sentence): sentence.text
        case .written(_, let text): text
        }
    }

    /// The planner rule behind this reason, when the planner gave it.
    var ruleID: RuleID? {
        if case .said(let rule, _) = words { rule } else { RuleID(rawValue: rule) }
    }

    public init(rule: String, _ text: String, outcome: Outcome = .applied) {
        self.words = .written(rule: rule, text: text)
        self.outcome = outcome
    }

    init(_ rule: RuleID, _ sentence: Sentence, outcome: Outcome = .applied) {
        self.words = .said(rule, sentence)
        self.outcome = outcome
    }

    public static func == (a: Reason, b: Reason) -> Bool {
        a.rule == b.rule && a.outcome == b.outcome && a.text == b.text
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rule)
        hasher.combine(text)
        hasher.combine(outcome)
    }

    private enum CodingKeys: String, CodingKey { case rule, text, outcome }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(rule: try container.decode(String.self, forKey: .rule), try container.decode(String.self, forKey: .text),
                  outcome: try container.decode(Outcome.self, forKey: .outcome))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rule, forKey: .rule)
        try container.encode(text, forKey: .text)
        try container.encode(outcome, forKey: .outcome)
    }
}

/// One exercise in a session, with how much of it to do. Constant fields, like `DayPlan`'s: a session
/// builds many and moves each into its list without a copy.
public struct Prescription: Hashable, Sendable, Codable {
    public let exercise: Exercise
    public let sets: Int
    /// Reps as people write them: "8-12", "6 per side", "30 s".
    public let reps: String
    /// Load guidance: "70-85% 1RM", "RPE 7", "bodyweight".
    public let load: String?
    public let restSeconds: Int?
    public let tempo: String?
    public let note: String?

    public init(exercise: Exercise, sets: Int, reps: String, load: String? = nil, restSeconds: Int? = nil,
                tempo: String? = nil, note: String? = nil) {
        self.exercise = exercise
        self.sets = sets
        self.reps = reps
        self.load = load
        self.restSeconds = restSeconds
        self.tempo = tempo
        self.note = note
    }
}

/// What to do on a lift or recovery day.
///
/// A value like any other, kept in one shared immutable box: a plan gives the same session to many days,
/// and a day that holds one counts one reference instead of one per field.
public struct Session: Hashable, Sendable, Codable {
    private final class Storage: Sendable {
        let name: String
        let warmup: [Prescription]
        let exercises: [Prescription]
        let cooldown: [Prescription]
        let estimatedMinutes: Int

        init(name: String, warmup: [Prescription], exercises: [Prescription], cooldown: [Prescription],
             estimatedMinutes: Int) {
            self.name = name
            self.warmup = warmup
            self.exercises = exercises
            self.cooldown = cooldown
            self.estimatedMinutes = estimatedMinutes
        }
    }

    private let storage: Storage

    public init(name: String, warmup: [Prescription] = [], exercises: [Prescription],
                cooldown: [Prescription] = [], estimatedMinutes: Int) {
        storage = Storage(name: name, warmup: warmup, exercises: exercises, cooldown: cooldown,
                          estimatedMinutes: estimatedMinutes)
    }

    /// Whether both are the one session built once and shared (not merely equal), for the tests of
    /// `SharedSessions`.
    public func isSameStorage(as other: Session) -> Bool { storage === other.storage }

    public var name: String { storage.name }
    public var warmup: [Prescription] { storage.warmup }
    public var exercises: [Prescription] { storage.exercises }
    public var cooldown: [Prescription] { storage.cooldown }
    public var estimatedMinutes: Int { storage.estimatedMinutes }

    /// Every prescription in the order a runner does them.
    public var allPrescriptions: [Prescription] { warmup + exercises + cooldown }

    public static func == (a: Session, b: Session) -> Bool {
        a.storage === b.storage || (a.name == b.name && a.warmup == b.warmup && a.exercises == b.exercises
            && a.cooldown == b.cooldown && a.estimatedMinutes == b.estimatedMinutes)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(warmup)
        hasher.combine(exercises)
        hasher.combine(cooldown)
        hasher.combine(estimatedMinutes)
    }

    private enum CodingKeys: String, CodingKey { case name, warmup, exercises, cooldown, estimatedMinutes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name), warmup: try c.decode([Prescription].self, forKey: .warmup),
                  exercises: try c.decode([Prescription].self, forKey: .exercises),
                  cooldown: try c.decode([Prescription].self, forKey: .cooldown),
                  estimatedMinutes: try c.decode(Int.self, forKey: .estimatedMinutes))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(warmup, forKey: .warmup)
        try c.encode(exercises, forKey: .exercises)
        try c.encode(cooldown, forKey: .cooldown)
        try c.encode(estimatedMinutes, forKey: .estimatedMinutes)
    }
}

/// The plan for one day: a value the planner makes whole. Its fields are constants, which also lets a
/// plan's array take each day without copying it.
public struct DayPlan: Hashable, Sendable, Codable {
    public let date: LocalDate
    public let phase: Phase
    public let block: TrainingBlock
    /// The week within the block, from 1; progression within a block follows it.
    public let blockWeek: Int
    /// The day's runs: a slice of the plan's one array of runs, so a year of days copies none.
    public let runs: ArraySlice<Run>
    public let kind: DayKind
    public let session: Session?
    /// Pre-run activation for key-run days (seed 004), whatever the day kind.
    public let activation: Session?
    public let reasons: [Reason]

    public init(date: LocalDate, phase: Phase, block: TrainingBlock = .strength, blockWeek: Int = 1,
                runs: ArraySlice<Run>, kind: DayKind, session: Session? = nil, activation: Session? = nil,
                reasons: [Reason] = []) {
        self.date = date
        self.phase = phase
        self.block = block
        self.blockWeek = blockWeek
        self.runs = runs
        self.kind = kind
        self.session = session
        self.activation = activation
        self.reasons = reasons
    }


    /// A day whose runs are an array of their own, as tests and plugins build them.
    public init(date: LocalDate, phase: Phase, block: TrainingBlock = .strength, blockWeek: Int = 1,
                runs: [Run], kind: DayKind, session: Session? = nil, activation: Session? = nil,
                reasons: [Reason] = []) {
        self.init(date: date, phase: phase, block: block, blockWeek: blockWeek, runs: runs[...], kind: kind,
                  session: session, activation: activation, reasons: reasons)
    }

    /// The one-line explanations, in the order the rules spoke.
    public var why: [String] { reasons.map(\.text) }

    /// Whether the day holds a run to do (a planned rest or cross-training session is none).
    public var hasRunning: Bool { runs.contains { $0.type != .rest && $0.type != .cross } }

    /// The kind as a runner reads it in a table or a calendar: a day with runs and no lift is "run only",
    /// never "rest", which reads as a day off. The JSON keeps `kind` and adds this as `display`.
    public var displayKind: String {
        switch kind {
        case .heavyLift: "heavy lift"
        case .lightLift: "light lift"
        case .recovery: "recovery"
        case .rest: hasRunning ? "run only" : "rest"
        case .race: "race"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case date, phase, block, blockWeek, runs, kind, session, activation, reasons
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(date: try c.decode(LocalDate.self, forKey: .date), phase: try c.decode(Phase.self, forKey: .phase),
                  block: try c.decode(TrainingBlock.self, forKey: .block), blockWeek: try c.decode(Int.self, forKey: .blockWeek),
                  runs: try c.decode([Run].self, forKey: .runs), kind: try c.decode(DayKind.self, forKey: .kind),
                  session: try c.decodeIfPresent(Session.self, forKey: .session),
                  activation: try c.decodeIfPresent(Session.self, forKey: .activation),
                  reasons: try c.decode([Reason].self, forKey: .reasons))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(date, forKey: .date)
        try c.encode(phase, forKey: .phase)
        try c.encode(block, forKey: .block)
        try c.encode(blockWeek, forKey: .blockWeek)
        try c.encode(Array(runs), forKey: .runs)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(session, forKey: .session)
        try c.encodeIfPresent(activation, forKey: .activation)
        try c.encode(reasons, forKey: .reasons)
    }
}

/// A plan: one `DayPlan` per day of a date range.
public struct Plan: Hashable, Sendable, Codable {
    public var timezone: String
    public var days: [DayPlan]

    public init(timezone: String, days: [DayPlan]) {
        self.timezone = timezone
        self.days = days
    }

    public subscript(date: LocalDate) -> DayPlan? { days.first { $0.date == date } }
}
