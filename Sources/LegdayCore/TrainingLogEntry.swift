import Foundation

// What the runner did, as values: the training log's records. The store (LegdayLog) reads and writes them;
// the planner will take a `TrainingHistory` as one more input, so these stay free of any I/O.

/// How a planned session went.
public enum SessionStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case done, partial, skipped
}

/// A unit of weight as the runner writes it. Loads are kept in kilograms; pounds are only for reading and
/// showing.
public enum WeightUnit: String, CaseIterable, Hashable, Sendable, Codable {
    case kg, lb

    /// The international avoirdupois pound, exactly.
    public static let kilogramsPerPound = 0.45359237
}

/// What was lifted: the body alone, or a weight in kilograms.
public enum Load: Hashable, Sendable {
    case bodyweight
    case kilograms(Double)

    public var kilograms: Double? {
        if case .kilograms(let kg) = self { return kg }
        return nil
    }

    /// "16 kg", "35 lb", "bodyweight": at most two decimals, none when whole.
    public func text(in unit: WeightUnit = .kg) -> String {
        guard let kg = kilograms else { return "bodyweight" }
        let value = unit == .kg ? kg : kg / WeightUnit.kilogramsPerPound
        return "\(Load.number(value)) \(unit.rawValue)"
    }

    /// A weight with at most two decimals and no trailing zeros: 16, 15.88, 2.5.
    public static func number(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        if hundredths.truncatingRemainder(dividingBy: 100) == 0 { return String(Int(hundredths / 100)) }
        var text = String(format: "%.2f", hundredths / 100)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}

/// One `legday log done|partial|skipped`: how the day's planned session went.
public struct SessionLogEntry: Hashable, Sendable {
    public var date: LocalDate
    public var status: SessionStatus
    /// Rate of perceived exertion, 1-10.
    public var rpe: Int?
    public var note: String?
    /// The id of the reminder that named the session (`<athlete>:<date>:daily`), so a notifier's "Done"
    /// button and the CLI log against the same thing.
    public var sessionID: String
    public var loggedAt: Date

    public init(date: LocalDate, status: SessionStatus, rpe: Int? = nil, note: String? = nil, sessionID: String,
                loggedAt: Date) {
        self.date = date
        self.status = status
        self.rpe = rpe
        self.note = note
        self.sessionID = sessionID
        self.loggedAt = loggedAt
    }
}

/// One `legday log EXERCISE LOAD REPS…`: the sets of one exercise at one load.
public struct SetLogEntry: Hashable, Sendable {
    public var date: LocalDate
    /// An id from the exercise library (`goblet-squat`).
    public var exerciseID: String
    public var load: Load
    /// Reps of each set, in order: [8, 8, 7].
    public var reps: [Int]
    public var loggedAt: Date

    public init(date: LocalDate, exerciseID: String, load: Load, reps: [Int], loggedAt: Date) {
        self.date = date
        self.exerciseID = exerciseID
        self.load = load
        self.reps = reps
        self.loggedAt = loggedAt
    }

    /// "8, 8, 7", or "5 × 5" when every set has the same reps.
    public var repsText: String {
        if reps.count > 1, Set(reps).count == 1 { return "\(reps.count) × \(reps[0])" }
        return reps.map(String.init).joined(separator: ", ")
    }
}

/// One thing in the log.
public enum TrainingLogEntry: Hashable, Sendable {
    case session(SessionLogEntry)
    case sets(SetLogEntry)

    public var date: LocalDate {
        switch self {
        case .session(let entry): entry.date
        case .sets(let entry): entry.date
        }
    }

    public var loggedAt: Date {
        switch self {
        case .session(let entry): entry.loggedAt
        case .sets(let entry): entry.loggedAt
        }
    }
}

/// The limits past which a logged number cannot be right: a typo, not a training day.
public enum TrainingLogLimits {
    public static let rpe = 1...10
    public static let maximumKilograms = 500.0
    public static let maximumReps = 100
    public static let maximumSets = 20

    /// Why a set entry's numbers cannot be right, or nil when they can.
    public static func problem(load: Load, reps: [Int]) -> String? {
        if let kg = load.kilograms {
            if !kg.isFinite { return "the load is not a number" }
            if kg < 0 { return "the load \(Load.number(kg)) kg is negative" }
            if kg == 0 { return "the load is 0 kg; write bw for bodyweight" }
            if kg > maximumKilograms { return "\(Load.number(kg)) kg is over \(Int(maximumKilograms)) kg" }
        }
        if reps.isEmpty { return "no reps given" }
        if reps.count > maximumSets { return "\(reps.count) sets is more than \(maximumSets)" }
        if let bad = reps.first(where: { $0 <= 0 }) { return "a set of \(bad) reps: every set needs at least 1" }
        if let bad = reps.first(where: { $0 > maximumReps }) { return "\(bad) reps is more than \(maximumReps)" }
        return nil
    }

    public static func problem(rpe: Int) -> String? {
        self.rpe.contains(rpe) ? nil : "RPE \(rpe) is outside 1-10"
    }
}

/// What the runner did over a stretch of days, as the planner will read it: the session status each day
/// (the last one logged for a day counts) and every set, in the order logged.
public struct TrainingHistory: Hashable, Sendable {
    public var sessions: [LocalDate: SessionLogEntry]
    public var sets: [SetLogEntry]

    public init(sessions: [LocalDate: SessionLogEntry] = [:], sets: [SetLogEntry] = []) {
        self.sessions = sessions
        self.sets = sets
    }

    /// The entries in a list as the store returns them (in the order logged): a later status for a day
    /// replaces an earlier one.
    public init(_ entries: [TrainingLogEntry]) {
        self.init()
        for entry in entries {
            switch entry {
            case .session(let session): sessions[session.date] = session
            case .sets(let set): sets.append(set)
            }
        }
    }

    /// Every entry by date; on a day, the session status first, then the sets in the order logged.
    public var entries: [TrainingLogEntry] {
        let days = Set(sessions.keys).union(sets.map(\.date)).sorted()
        let setsByDay = Dictionary(grouping: sets, by: \.date)
        return days.flatMap { day -> [TrainingLogEntry] in
            (sessions[day].map { [TrainingLogEntry.session($0)] } ?? []) + (setsByDay[day] ?? []).map(TrainingLogEntry.sets)
        }
    }
}
