import Foundation
import LegdayCore

/// A problem with what the runner typed or imported, said so they can fix it.
public struct LogInputError: Error, CustomStringConvertible, Hashable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// How loads and reps are written on the command line and in the CSV file: `16kg`, `35 lb`, `bw`; `8 8 7`,
/// `5x5`, `3x8 6`.
public enum LogNotation {
    static let kilogramWords: Set<String> = ["kg", "kgs", "kilo", "kilos"]
    static let poundWords: Set<String> = ["lb", "lbs", "pound", "pounds"]
    static let bodyweightWords: Set<String> = ["bw", "bodyweight"]

    /// Whether `word` is only a unit, so that `16 kg` typed as two words can be read as one load.
    public static func isUnit(_ word: String) -> Bool {
        let lower = word.lowercased()
        return kilogramWords.contains(lower) || poundWords.contains(lower)
    }

    /// A load: a number with its unit (`16kg`, `16.5 kg`, `35lb`, `35 lbs`), or `bw` for bodyweight. Pounds
    /// become kilograms, to the gram. The unit is required: a bare `16` could be kilograms, pounds or reps.
    public static func load(_ text: String) throws(LogInputError) -> Load {
        let lower = text.trimmingCharacters(in: .whitespaces).lowercased()
        if bodyweightWords.contains(lower) { return .bodyweight }
        let numberEnd = lower.firstIndex { !($0.isNumber || $0 == "." || $0 == "," || $0 == "-" || $0 == "+") } ?? lower.endIndex
        let numberText = lower[..<numberEnd].replacingOccurrences(of: ",", with: ".")
        let unitText = lower[numberEnd...].trimmingCharacters(in: .whitespaces)
        guard !numberText.isEmpty, let value = Double(numberText), value.isFinite else {
            throw LogInputError("\"\(text)\" is not a load: write it as 16kg, 35lb or bw (bodyweight)")
        }
        if kilogramWords.contains(unitText) { return .kilograms(value) }
        if poundWords.contains(unitText) {
            return .kilograms((value * WeightUnit.kilogramsPerPound * 1000).rounded() / 1000)
        }
        if unitText.isEmpty {
            throw LogInputError("\"\(text)\" has no unit: write \(numberText)kg or \(numberText)lb (or bw for bodyweight)")
        }
        throw LogInputError("\"\(text)\": unknown unit \"\(unitText)\"; use kg or lb (or bw for bodyweight)")
    }

    /// The reps of each set from words such as `8 8 7`, `8,8,7`, `5x5` (5 sets of 5) or `3x8 6`.
    public static func reps(_ words: [String]) throws(LogInputError) -> [Int] {
        var reps: [Int] = []
        let tokens = words.flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "," }) }
        for token in tokens {
            let parts = token.lowercased().split(omittingEmptySubsequences: false,
                                                  whereSeparator: { $0 == "x" || $0 == "×" || $0 == "*" })
            if parts.count == 1, let count = Int(parts[0]) {
                reps.append(count)
            } else if parts.count == 2, let sets = Int(parts[0]), let each = Int(parts[1]) {
                // Checked before expanding, so that 1000000x5 is an error and not a million-element list.
                guard sets >= 1 else { throw LogInputError("\"\(token)\": \(sets) sets; write sets x reps, as 5x5") }
                guard sets <= TrainingLogLimits.maximumSets else {
                    throw LogInputError("\(sets) sets is more than \(TrainingLogLimits.maximumSets)")
                }
                reps += Array(repeating: each, count: sets)
            } else {
                throw LogInputError("\"\(token)\" is not reps: write each set's reps (8 8 7) or sets x reps (5x5)")
            }
            guard reps.count <= TrainingLogLimits.maximumSets else {
                throw LogInputError("\(reps.count) sets is more than \(TrainingLogLimits.maximumSets)")
            }
        }
        if reps.isEmpty { throw LogInputError("no reps given: write each set's reps (8 8 7) or sets x reps (5x5)") }
        return reps
    }

    /// What `legday log EXERCISE …` says after the exercise, read.
    public struct Sets: Hashable, Sendable {
        public var load: Load
        public var reps: [Int]
        /// The unit the load was typed in (nil for bodyweight), to show it back as typed.
        public var typedUnit: WeightUnit?
    }

    /// What follows the exercise on `legday log EXERCISE LOAD REPS…`: the load (one word, or a number and
    /// its unit as two) and the reps, checked against `TrainingLogLimits`.
    public static func sets(_ words: [String]) throws(LogInputError) -> Sets {
        guard let first = words.first else {
            throw LogInputError("no load given: write EXERCISE LOAD REPS…, as goblet-squat 16kg 8 8 7")
        }
        var rest = Array(words.dropFirst())
        var loadText = first
        if let unit = rest.first, isUnit(unit), Double(first.replacingOccurrences(of: ",", with: ".")) != nil {
            loadText += unit
            rest.removeFirst()
        }
        let load = try load(loadText)
        let reps = try reps(rest)
        if let problem = TrainingLogLimits.problem(load: load, reps: reps) { throw LogInputError(problem) }
        let lower = loadText.lowercased()
        let typedUnit: WeightUnit? = load == .bodyweight ? nil
            : poundWords.contains(where: { lower.hasSuffix($0) }) ? .lb : .kg
        return Sets(load: load, reps: reps, typedUnit: typedUnit)
    }

    /// The name in `names` closest to `name` by edit distance, if it is close enough to be what was meant:
    /// within a third of its length (at least two edits), or one that contains it or is contained in it.
    public static func suggestion(for name: String, among names: [String]) -> String? {
        let typed = name.lowercased()
        let scored = names.map { ($0, editDistance(typed, $0.lowercased())) }
        if let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, typed.count / 3), best.1 < typed.count {
            return best.0
        }
        guard typed.count >= 4 else { return nil }
        return names.filter { $0.contains(typed) || typed.contains($0) }.min { $0.count < $1.count }
    }

    static func editDistance(_ a: String, _ b: String) -> Int { EditDistance.between(a, b) }
}
