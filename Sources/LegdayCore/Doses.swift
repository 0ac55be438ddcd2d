/// How much of an exercise: reps, a hold in seconds or a distance in metres, as a value the session builder
/// counts with and a reminder prints. Data files write it as text ("8", "8-10", "30 s", "40 m"), read once.
public struct Reps: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Unit: String, Hashable, Sendable { case reps, seconds, metres }

    public var low: Int
    public var high: Int
    public var unit: Unit
    /// Done on each leg or side in turn.
    public var perSide: Bool

    public init(_ low: Int, _ high: Int? = nil, unit: Unit = .reps, perSide: Bool = false) {
        self.low = low
        self.high = high ?? low
        self.unit = unit
        self.perSide = perSide
    }

    /// "8", "8-10", "30 s", "40 m", any of them followed by "per side"; nil for anything else.
    public init?(_ text: String) {
        var words = text.split(separator: " ")
        var perSide = false
        if words.count >= 3 && words.suffix(2) == ["per", "side"] {
            perSide = true
            words.removeLast(2)
        }
        var unit = Unit.reps
        if words.count == 2 {
            switch words[1] {
            case "s": unit = .seconds
            case "m": unit = .metres
            default: return nil
            }
            words.removeLast()
        }
        guard words.count == 1 else { return nil }
        let bounds = words[0].split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...2).contains(bounds.count), let low = bounds.first ?? nil, let high = bounds.last ?? nil,
              low > 0, high >= low else { return nil }
        self.init(low, high, unit: unit, perSide: perSide)
    }

    public func onEachSide(_ yes: Bool = true) -> Reps {
        var copy = self
        copy.perSide = yes
        return copy
    }

    public var description: String {
        let count = low == high ? "\(low)" : "\(low)-\(high)"
        let side = perSide ? " per side" : ""
        switch unit {
        case .reps: return count + side
        case .seconds: return "\(count) s" + side
        case .metres: return "\(count) m"
        }
    }

    /// Seconds of work in one set: the top of the range sets the time.
    func workSeconds(secondsPerRep: Int) -> Int {
        let one = switch unit {
        case .reps: high * secondsPerRep
        case .seconds: high
        case .metres: high  // about a metre a second, loaded
        }
        return perSide ? 2 * one : one
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let reps = Reps(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not reps: write 8, 8-10, 30 s or 40 m")
        }
        self = reps
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// The training doses: the one table of sets, reps, load and rest that every session is built from, read
/// from the library's `doses.json` (beside the exercises). docs/exercises.md explains each number.
public struct DoseTable: Hashable, Sendable, Codable {
    /// The %1RM ↔ repetition-maximum table: the heaviest load, as a share of the one-rep maximum, that
    /// can be lifted for so many reps. Load, reps and RPE of every loaded dose come out of it, so they
    /// never disagree.
    public var percentForReps: [RepMax] { storage.percentForReps }
    /// Doses by slot, block and day, first match wins; each gives weeks 1-4 of a block.
    public var doses: [Entry] { storage.doses }

    /// The table and what is worked out from it, in one shared box: every session context holds the
    /// table, and one reference counts less than five arrays.
    private final class Storage: Sendable {
        let percentForReps: [RepMax]
        let doses: [Entry]
        let words: [Words]
        let bucketEntries: [Int]
        let bucketStarts: [Int]

        init(percentForReps: [RepMax], doses: [Entry], words: [Words], bucketEntries: [Int], bucketStarts: [Int]) {
            self.percentForReps = percentForReps
            self.doses = doses
            self.words = words
            self.bucketEntries = bucketEntries
            self.bucketStarts = bucketStarts
        }
    }
    private let storage: Storage

    public struct RepMax: Hashable, Sendable, Codable {
        public let reps: Int
        public let percent: Int
    }

    public struct Entry: Hashable, Sendable, Codable {
        /// The slot kind: main, bridge, accessory, calf, core, antiRotation, carry, jump.
        public let slot: String
        /// One exercise's own dose within the slot, or nil for every exercise.
        public let exercise: String?
        /// A block name, or nil for every block.
        public let block: TrainingBlock?
        /// Heavy or light days only, or nil for both.
        public let heavy: Bool?
        /// Weeks 1 to 4 of the block; later weeks hold at week 4.
        public let weeks: [Dose]
    }

    public struct Dose: Hashable, Sendable, Codable {
        public let sets: Int
        public let reps: Reps
        /// Load as a share of the one-rep maximum (runners who know it; others get the RPE it means).
        public let percent: Int?
        /// Effort on a 1-10 scale when no %1RM is given: 10 - reps left in reserve.
        public let rpe: Int?
        /// Fixed load words ("bodyweight", "a band you can hold square").
        public let load: String?
        public let rest: Int
        public let secondsPerRep: Int?
        /// How to move, when it differs from the exercise's own tempo (power work: up as fast as possible).
        public let tempo: String?
    }

    // Each entry's words, week by week (`entry * 4 + week - 1`), are made once when the table is read: a
    // plan builds dozens of sessions and 10,000 plans share one library, so building a session makes no
    // text. Entry indices by slot, block and day, in table order, are one flat list: bucket `k` is
    // `bucketEntries[bucketStarts[k]..<bucketStarts[k + 1]]`, so a lookup compares few entries.

    /// Everything a prescription takes from one week of one entry. A class: a session reads it with one
    /// reference count rather than one per string.
    final class Words: Sendable {
        let sets: Int
        let rest: Int
        let tempo: String?
        /// Fixed load words from the table ("bodyweight", "a band you can hold square").
        let fixedLoad: String?
        let reps: String
        let repsPerSide: String
        let seconds: Int
        let secondsPerSide: Int
        /// "70% 1RM (about RPE 6, 4 reps in reserve)", for a dose given as %1RM.
        let percentLoad: String?
        /// "RPE 6: a weight that leaves 4 reps in reserve".
        let effortLoad: String
        /// For bodyweight moves a runner may load: when to pick up dumbbells, or put a weight across the hips.
        let weightInHands: String
        let weightAcrossHips: String

        init(sets: Int, rest: Int, tempo: String?, fixedLoad: String?, reps: String, repsPerSide: String, seconds: Int,
             secondsPerSide: Int, percentLoad: String?, effortLoad: String, weightInHands: String, weightAcrossHips: String) {
            self.sets = sets
            self.rest = rest
            self.tempo = tempo
            self.fixedLoad = fixedLoad
            self.reps = reps
            self.repsPerSide = repsPerSide
            self.seconds = seconds
            self.secondsPerSide = secondsPerSide
            self.percentLoad = percentLoad
            self.effortLoad = effortLoad
            self.weightInHands = weightInHands
            self.weightAcrossHips = weightAcrossHips
        }
    }

    public init(percentForReps: [RepMax], doses: [Entry]) {
        let rows = percentForReps.sorted { $0.reps < $1.reps }
        func maxReps(_ percent: Int) -> Int {
            rows.min { abs($0.percent - percent) < abs($1.percent - percent) }?.reps ?? 1
        }
        // Four weeks per entry, whatever the table gives (`problems` reports any other count): later weeks
        // hold at the last one given.
        let resting = Dose(sets: 1, reps: Reps(8), percent: nil, rpe: 6, load: "bodyweight", rest: 60, secondsPerRep: nil, tempo: nil)
        let words: [Words] = doses.flatMap { entry in
            (0..<4).map { week in entry.weeks.isEmpty ? resting : entry.weeks[min(week, entry.weeks.count - 1)] }.map { dose in
                let rpe = dose.percent.map { min(10, max(5, 10 - (maxReps($0) - dose.reps.high))) } ?? dose.rpe ?? 6
                let reserve = "\(10 - rpe) reps in reserve"
                let oneSided = dose.reps.unit == .reps ? dose.reps.onEachSide() : dose.reps
                let secondsPerRep = dose.secondsPerRep ?? 4
                return Words(
                    sets: dose.sets, rest: dose.rest, tempo: dose.tempo, fixedLoad: dose.load,
                    reps: dose.reps.description, repsPerSide: oneSided.description,
                    seconds: dose.reps.workSeconds(secondsPerRep: secondsPerRep),
                    secondsPerSide: oneSided.workSeconds(secondsPerRep: secondsPerRep),
                    percentLoad: dose.percent.map { "\($0)% 1RM (about RPE \(rpe), \(reserve))" },
                    effortLoad: "RPE \(rpe): a weight that leaves \(reserve)",
                    weightInHands: "RPE \(rpe): dumbbells in the hands once bodyweight leaves more than \(10 - rpe) in reserve",
                    weightAcrossHips: "RPE \(rpe): a weight across the hips once bodyweight leaves more than \(10 - rpe) in reserve")
            }
        }
        var buckets = [[Int]](repeating: [], count: TrainingTables.slotNames.count * 4 * 2)
        for (i, entry) in doses.enumerated() where !entry.weeks.isEmpty {
            guard let slot = TrainingTables.slotNames.firstIndex(of: entry.slot) else { continue }
            for block in TrainingBlock.allCases where entry.block == nil || entry.block == block {
                for heavy in [false, true] where entry.heavy == nil || entry.heavy == heavy {
                    buckets[Self.bucket(slot: slot, block: block, heavy: heavy)].append(i)
                }
            }
        }
        storage = Storage(percentForReps: rows, doses: doses, words: words, bucketEntries: Array(buckets.joined()),
                          bucketStarts: buckets.reduce(into: [0]) { $0.append($0.last! + $1.count) })
    }

    private static func bucket(slot: Int, block: TrainingBlock, heavy: Bool) -> Int {
        let b = switch block { case .strength: 0; case .hypertrophy: 1; case .power: 2; case .maintenance: 3 }
        return (slot * 4 + b) * 2 + (heavy ? 1 : 0)
    }

    private enum CodingKeys: String, CodingKey { case percentForReps, doses }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(percentForReps: try c.decode([RepMax].self, forKey: .percentForReps),
                  doses: try c.decode([Entry].self, forKey: .doses))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(percentForReps, forKey: .percentForReps)
        try c.encode(doses, forKey: .doses)
    }

    public static func == (a: DoseTable, b: DoseTable) -> Bool { a.percentForReps == b.percentForReps && a.doses == b.doses }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(percentForReps)
        hasher.combine(doses)
    }

    public static let empty = DoseTable(percentForReps: [], doses: [])

    /// The most reps a runner can do at `percent` of their one-rep maximum, from the table (between two
    /// rows, the nearer one).
    public func maxReps(atPercent percent: Int) -> Int {
        var best: (reps: Int, gap: Int)?
        for row in percentForReps {
            let gap = abs(row.percent - percent)
            if best.map({ gap < $0.gap }) ?? true { best = (row.reps, gap) }
        }
        return best?.reps ?? 1
    }

    /// The RPE of a set of `reps` at `percent`: 10 less the reps left in reserve, kept within 5-10.
    public func rpe(reps: Int, atPercent percent: Int) -> Int {
        min(10, max(5, 10 - (maxReps(atPercent: percent) - reps)))
    }

    /// The words of the first entry for this slot, exercise, block and day, in week `week` (1 to 4).
    func words(slot: Int, exercise: String, block: TrainingBlock, heavy: Bool, week: Int) -> Words? {
        let k = Self.bucket(slot: slot, block: block, heavy: heavy)
        let table = storage
        for i in table.bucketEntries[table.bucketStarts[k]..<table.bucketStarts[k + 1]]
        where table.doses[i].exercise.map({ $0 == exercise }) ?? true {
            return table.words[i * 4 + min(max(week, 1), 4) - 1]
        }
        return nil
    }
}

/// The session builder's tables, read with the exercises from `Resources/training` (docs/exercises.md): the
/// doses, the ladders of variants per movement and the fixed routines. The builder only chooses among them.
public struct TrainingTables: Hashable, Sendable {
    public let doses: DoseTable
    /// `ladders.json`: for each movement, lists of exercise ids, easiest first.
    public let ladders: [String: [[String]]]
    /// `routines.json`: the warm-up, cool-down, mobility routine, activation circuit and taper session.
    public let routines: [String: [RoutineItem]]

    public init(doses: DoseTable, ladders: [String: [[String]]], routines: [String: [RoutineItem]]) {
        self.doses = doses
        self.ladders = ladders
        self.routines = routines
    }

    public static let empty = TrainingTables(doses: .empty, ladders: [:], routines: [:])

    /// The ladder and routine names the builder fills its slots from, in `Ladder` and `Routine` order.
    public static let ladderNames = ["squat", "hinge", "singleLeg", "bridge", "hamstring", "calf", "core", "antiRotation",
                                     "carry", "jump"]
    public static let routineNames = ["warmup", "cooldown", "mobility", "activation", "taper"]
    static let slotNames = ["main", "accessory", "bridge", "calf", "core", "antiRotation", "carry", "jump"]

    /// What is wrong with the tables, if anything: a ladder, routine or slot the builder does not know or
    /// misses, an empty ladder or a dose without four weeks.
    public var problems: [String] {
        var out: [String] = []
        for name in Set(ladders.keys).symmetricDifference(Self.ladderNames) {
            out.append(ladders[name] == nil ? "no ladder \"\(name)\"" : "unknown ladder \"\(name)\"")
        }
        for name in Set(routines.keys).symmetricDifference(Self.routineNames) {
            out.append(routines[name] == nil ? "no routine \"\(name)\"" : "unknown routine \"\(name)\"")
        }
        for (name, lists) in ladders where lists.isEmpty || lists.contains(where: \.isEmpty) { out.append("ladder \"\(name)\" has an empty list") }
        for entry in doses.doses {
            if !Self.slotNames.contains(entry.slot) { out.append("dose for unknown slot \"\(entry.slot)\"") }
            if entry.weeks.count != 4 { out.append("dose for \(entry.slot) has \(entry.weeks.count) weeks, not 4") }
        }
        return out.sorted()
    }
}

/// A fixed item of a routine: which exercise and how much, as written in `routines.json`.
public struct RoutineItem: Hashable, Sendable, Codable {
    public let id: String
    public let sets: Int
    /// How much, in words ("6 per side", "10, 3 s pause at the top"): a routine's items are read, never counted.
    public let reps: String
    /// Seconds of work in one set, for the estimate.
    public let workSeconds: Int
}
