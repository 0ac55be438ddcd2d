/// Where a value came from, so that every problem can be reported as `path:line:column: message`.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int = 1) {
        self.path = path
        self.line = line
        self.column = column
    }

    public var description: String { "\(path):\(line):\(column)" }
}

/// A problem found in an input file. Readers collect these and go on, so one bad line never loses the rest.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible, Error {
    public enum Severity: String, Sendable, Codable { case error, warning }

    public var location: SourceLocation
    public var message: String
    public var severity: Severity

    public init(_ location: SourceLocation, _ message: String, severity: Severity = .error) {
        self.location = location
        self.message = message
        self.severity = severity
    }

    /// `path:line:column: message`, the one format every legday error is printed in.
    public var description: String {
        severity == .error ? "\(location): \(message)" : "\(location): warning: \(message)"
    }
}

/// What kind of run a schedule entry is. The raw values are the names used in files and in JSON.
public enum RunType: String, CaseIterable, Hashable, Sendable, Codable {
    case easy, recovery, long, tempo, threshold, intervals, hills, fartlek, race, cross, rest

    /// Key runs are the hard or long ones a week is built around; the planner protects the days next to them.
    public var isKey: Bool {
        switch self {
        case .long, .tempo, .threshold, .intervals, .hills, .race: true
        default: false
        }
    }

    /// Hard workouts: key runs other than the long run and the race.
    public var isHardWorkout: Bool {
        switch self {
        case .tempo, .threshold, .intervals, .hills: true
        default: false
        }
    }
}

/// One run (or cross-training session, or planned rest) on one day.
public struct Run: Hashable, Sendable, Codable {
    public var date: LocalDate
    public var type: RunType
    public var distanceKm: Double?
    public var title: String
    /// Where the run was read from; nil for runs made in code.
    public var source: SourceLocation?

    public init(date: LocalDate, type: RunType, distanceKm: Double? = nil, title: String = "",
                source: SourceLocation? = nil) {
        self.date = date
        self.type = type
        self.distanceKm = distanceKm
        self.title = title
        self.source = source
    }

    public var isKey: Bool { type.isKey }
}

/// A strength or gym session that the runner's own plan already holds ("Strength Workout", "Gym A").
public struct PlannedStrength: Hashable, Sendable, Codable {
    public var date: LocalDate
    public var title: String
    public var source: SourceLocation?

    public init(date: LocalDate, title: String, source: SourceLocation? = nil) {
        self.date = date
        self.title = title
        self.source = source
    }
}

/// A note that spans days rather than being a run ("Week 11, weekly mileage: 54 miles", "Cycle: base").
public struct Annotation: Hashable, Sendable, Codable {
    public var first: LocalDate
    public var last: LocalDate
    public var text: String

    public init(first: LocalDate, last: LocalDate, text: String) {
        self.first = first
        self.last = last
        self.text = text
    }
}

/// What one part of a schedule entry is. The raw values are the names `legday schedule --format json` prints.
public enum EntryKind: String, CaseIterable, Hashable, Sendable, Codable {
    case run, race, strength, cross, rest, note, unknown
}

/// One part of an entry: "Strength + 5K easy run" has a run part and a strength part.
public struct EntryComponent: Hashable, Sendable, Codable {
    public var kind: EntryKind
    /// The run type, for runs and races only.
    public var type: RunType?
    public var distanceKm: Double?
    public var durationMin: Double?

    public init(_ kind: EntryKind, type: RunType? = nil, distanceKm: Double? = nil, durationMin: Double? = nil) {
        self.kind = kind
        self.type = type
        self.distanceKm = distanceKm
        self.durationMin = durationMin
    }
}

/// One schedule entry as legday read it: every dated item of every source becomes one of these, so nothing
/// is dropped. `legday schedule` prints them, `legday check` counts them, and the planner's runs, strength
/// sessions and notes are derived from them (`Schedule(entries:)`), so all three see the same reading.
public struct ReadEntry: Hashable, Sendable, Codable {
    public var date: LocalDate
    /// The last day of a note that spans days; `date` otherwise.
    public var lastDate: LocalDate
    public var title: String
    public var source: SourceLocation?
    /// Never empty. The first is the main part: a run when the entry holds one.
    public var components: [EntryComponent]
    /// A few words on what decided the reading ("title: '6x800'", "type column").
    public var why: String

    public init(date: LocalDate, lastDate: LocalDate? = nil, title: String, source: SourceLocation? = nil,
                components: [EntryComponent], why: String) {
        self.date = date
        self.lastDate = lastDate ?? date
        self.title = title
        self.source = source
        self.components = components.isEmpty ? [EntryComponent(.unknown)] : components
        self.why = why
    }

    public var main: EntryComponent { components[0] }
}

/// Everything read from the runner's schedule sources, merged.
public struct Schedule: Hashable, Sendable, Codable {
    /// Every entry as read, in date order. Empty for schedules made in code from runs.
    public var entries: [ReadEntry]
    /// Runs, races, cross-training and rest days; entries read as `unknown` are here too, as easy runs, so
    /// the planner counts their days as taken.
    public var runs: [Run]
    public var strength: [PlannedStrength]
    public var annotations: [Annotation]
    /// Entries read as `unknown` (also in `runs`); `legday check` lists them.
    public var unclassified: [Run]

    public init(runs: [Run] = [], strength: [PlannedStrength] = [], annotations: [Annotation] = [],
                unclassified: [Run] = []) {
        self.entries = []
        self.runs = runs
        self.strength = strength
        self.annotations = annotations
        self.unclassified = unclassified
    }

    /// The schedule the planner uses, derived from entries in date order.
    public init(entries: [ReadEntry]) {
        self.init()
        self.entries = entries
        for entry in entries {
            for component in entry.components {
                let run = { (type: RunType) in
                    Run(date: entry.date, type: type, distanceKm: component.distanceKm, title: entry.title,
                        source: entry.source)
                }
                switch component.kind {
                case .run: runs.append(run(component.type ?? .easy))
                case .race: runs.append(run(.race))
                case .cross: runs.append(run(.cross))
                case .rest: runs.append(run(.rest))
                case .strength:
                    strength.append(PlannedStrength(date: entry.date, title: entry.title, source: entry.source))
                case .note:
                    annotations.append(Annotation(first: entry.date, last: entry.lastDate, text: entry.title))
                case .unknown:
                    runs.append(run(.easy))
                    unclassified.append(run(.easy))
                }
            }
        }
    }

    /// Merges several sources into one schedule, runs in date order.
    public static func merged(_ parts: [Schedule]) -> Schedule {
        var result = Schedule()
        for part in parts {
            result.entries += part.entries
            result.runs += part.runs
            result.strength += part.strength
            result.annotations += part.annotations
            result.unclassified += part.unclassified
        }
        if parts.count > 1 {
            result.entries = result.entries.enumerated()
                .sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
        }
        result.runs.sort { $0.date < $1.date }
        result.strength.sort { $0.date < $1.date }
        return result
    }

    public func runs(on date: LocalDate) -> [Run] { runs.filter { $0.date == date } }
}

/// A race distance: the named ones the phase rules know, or any distance in kilometres.
public enum RaceDistance: Hashable, Sendable, Codable, CustomStringConvertible {
    case fiveK, tenK, half, marathon
    case km(Double)

    public init?(_ text: String) {
        switch text.lowercased() {
        case "5k": self = .fiveK
        case "10k": self = .tenK
        case "half", "half-marathon", "half marathon": self = .half
        case "marathon": self = .marathon
        default:
            guard let km = Double(text), km > 0, km < 1000 else { return nil }
            self = .km(km)
        }
    }

    public var kilometres: Double {
        switch self {
        case .fiveK: 5
        case .tenK: 10
        case .half: 21.0975
        case .marathon: 42.195
        case .km(let km): km
        }
    }

    public var description: String {
        switch self {
        case .fiveK: "5k"
        case .tenK: "10k"
        case .half: "half"
        case .marathon: "marathon"
        case .km(let km): "\(km) km"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let km = try? container.decode(Double.self) {
            self = .km(km)
        } else {
            let text = try container.decode(String.self)
            guard let distance = RaceDistance(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown race distance \(text)")
            }
            self = distance
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if case .km(let km) = self { try container.encode(km) } else { try container.encode(description) }
    }
}

/// How much a race matters, as training platforms mark it. Only an A race gets race preparation and a
/// taper; a B race a few easy days before it and the return after it; a C race is a hard session.
public enum RacePriority: String, CaseIterable, Hashable, Sendable, Codable {
    case a = "A", b = "B", c = "C"
}

public struct Race: Hashable, Sendable, Codable {
    public var date: LocalDate
    public var name: String
    public var distance: RaceDistance
    /// `priority` on `[[races]]`; nil lets the planner decide: a race inside a longer race's race
    /// preparation or taper is a tune-up (B), any other race an A race (`Races.priorities`).
    public var priority: RacePriority?

    public init(date: LocalDate, name: String, distance: RaceDistance, priority: RacePriority? = nil) {
        self.date = date
        self.name = name
        self.distance = distance
        self.priority = priority
    }
}
