import LegdayCore

/// A title split into lower-case words of letters and digits: "Tempo: 6.5-mile run" → tempo, 6, 5, mile, run.
struct TextTokens {
    let words: [String]

    init(_ text: some StringProtocol) {
        var words: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar == "×" {
                // "8×400" reads like "8x400".
                current.unicodeScalars.append("x")
            } else if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        self.words = words
    }
}

/// What a piece of free text says about a session.
struct TextReading: Equatable {
    var type: RunType?
    var distanceKm: Double?
    var isStrength = false

    var isEmpty: Bool { type == nil && distanceKm == nil && !isStrength }

    init(type: RunType? = nil, distanceKm: Double? = nil, isStrength: Bool = false) {
        self.type = type
        self.distanceKm = distanceKm
        self.isStrength = isStrength
    }

    /// `longestPhrase` is `keywords.longestPhrase`, passed in by callers that read many texts.
    init(_ text: String, keywords: KeywordMap, longestPhrase: Int? = nil, phraseStarts: Set<String>? = nil) {
        let words = TextTokens(text).words
        var types: Set<RunType> = []
        var consumedMarathon = false
        var sawRepetition = false
        var index = 0
        let longest = longestPhrase ?? keywords.longestPhrase
        let starts = phraseStarts ?? keywords.phraseStarts
        while index < words.count {
            var matched = 0
            // Longest phrase first, so "marathon pace" is read before "marathon".
            // Joining words is the costly part: try longer phrases only from a word that starts one.
            let maximum = starts.contains(words[index]) ? min(longest, words.count - index) : 1
            for length in stride(from: maximum, through: 1, by: -1) {
                let phrase = words[index..<index + length].joined(separator: " ")
                if let type = keywords.runTypes[phrase] {
                    types.insert(type)
                    if phrase.contains("marathon") && type != .race { consumedMarathon = true }
                    matched = length
                    break
                }
                if keywords.strength.contains(phrase) {
                    isStrength = true
                    matched = length
                    break
                }
            }
            if matched == 0, TextReading.isRepetition(words, at: index) { sawRepetition = true }
            index += max(matched, 1)
        }
        // Repetitions ("6x800") make an interval session unless a word named a harder session
        // ("Threshold 3 x 2 km" stays threshold) or they are strides after an easy run. Easy words alone do
        // not count: "400 m jog" and "90 s recovery" describe what happens between the repetitions.
        let easyWords: Set<RunType> = [.easy, .recovery, .rest]
        if sawRepetition, !isStrength, types.isSubset(of: easyWords), !words.contains("strides") {
            types.insert(.intervals)
        }
        type = KeywordMap.priority.first(where: types.contains)
        distanceKm = DistanceScanner.largestDistance(in: text)
        if distanceKm == nil, !consumedMarathon {
            // A named race distance counts only when no number was written.
            if words.contains("marathon") {
                distanceKm = zip(words, words.dropFirst()).contains { $0 == "half" && $1 == "marathon" }
                    ? RaceDistance.half.kilometres : RaceDistance.marathon.kilometres
            }
        }
    }

    /// "6x800", "6x800m", "4 x 1 mile", "8×400": repetitions mean an interval session.
    static func isRepetition(_ words: [String], at index: Int) -> Bool {
        let word = words[index]
        if let x = word.firstIndex(of: "x"), x != word.startIndex,
           word[..<x].allSatisfy(\.isNumber),
           word[word.index(after: x)...].first?.isNumber ?? (index + 1 < words.count && words[index + 1].first?.isNumber == true) {
            return true
        }
        if word == "x", index > 0, index + 1 < words.count,
           words[index - 1].allSatisfy(\.isNumber), words[index + 1].first?.isNumber == true {
            return true
        }
        return false
    }
}

/// Finds distances written in text: "10 km", "6.5 mile run", "16 miles", "16K", "5,000m", "10-mile".
///
/// Repetition lengths ("6x800m", "4 x 1 mile"), paces ("at 5K pace") and warm-ups or cool-downs
/// ("2 km warm-up", "cool down 1 mile") are not distances of the session.
/// Metres count only from 1,000 up; shorter ones are almost always repetition lengths. When a title gives
/// several distances, the largest is the session's ("18 mi with the last 6 mi at marathon pace").
enum DistanceScanner {
    static func largestDistance(in text: String) -> Double? {
        let scalars = Array(text.lowercased().unicodeScalars)
        var best: Double?
        var i = 0
        while i < scalars.count {
            guard isDigit(scalars[i]), i == 0 || !isLetterOrDigit(scalars[i - 1]) else {
                i += 1
                continue
            }
            let numberStart = i
            let (value, afterNumber) = readNumber(scalars, from: i)
            i = max(afterNumber, i + 1)
            guard let value else { continue }
            var j = afterNumber
            while j < scalars.count, scalars[j] == " " || scalars[j] == "-" { j += 1 }
            var unit = ""
            while j < scalars.count, scalars[j].properties.isAlphabetic { unit.unicodeScalars.append(scalars[j]); j += 1 }
            guard let factor = kilometresPer(unit: unit) else { continue }
            if factor == 0.001 && value < 1000 { continue }
            if followsTimes(scalars, before: numberStart)
                || isPart(scalars, before: numberStart, after: j, racePaceUnit: unit == "k") { continue }
            let km = value * factor
            guard km > 0, km < 1000 else { continue }
            best = max(best ?? 0, km)
        }
        return best.map { ($0 * 1000).rounded() / 1000 }
    }

    static func kilometresPer(unit: String) -> Double? {
        switch unit {
        case "k", "km", "kms", "kilometer", "kilometers", "kilometre", "kilometres", "k's": 1
        case "mi", "mile", "miles", "miler": 1.609344
        case "m", "meter", "meters", "metre", "metres": 0.001
        default: nil
        }
    }

    /// Reads "16", "6.5", "10,5" (a decimal comma) or "5,000" (a thousands separator).
    static func readNumber(_ s: [Unicode.Scalar], from start: Int) -> (Double?, Int) {
        var i = start
        var digits = ""
        while i < s.count, isDigit(s[i]) { digits.unicodeScalars.append(s[i]); i += 1 }
        if i + 1 < s.count, s[i] == "," || s[i] == ".", isDigit(s[i + 1]) {
            var k = i + 1
            var fraction = ""
            while k < s.count, isDigit(s[k]) { fraction.unicodeScalars.append(s[k]); k += 1 }
            if s[i] == ",", fraction.count == 3 {
                digits += fraction
            } else {
                digits += "." + fraction
            }
            i = k
        }
        return (Double(digits), i)
    }

    static func followsTimes(_ s: [Unicode.Scalar], before index: Int) -> Bool {
        var k = index - 1
        while k >= 0, s[k] == " " { k -= 1 }
        guard k >= 0, s[k] == "x" || s[k] == "×" else { return false }
        k -= 1
        while k >= 0, s[k] == " " { k -= 1 }
        return k >= 0 && isDigit(s[k])
    }

    /// Whether the words around a distance make it a part of the session rather than all of it:
    /// "at 5K pace", "2 km warm-up", "warm up 2 km", "cool down 1 mile", "400 m jog". "Pace" after a
    /// distance names a pace only for race names ("5K pace") or after "at"; "6 mi pace" is six miles.
    static func isPart(_ s: [Unicode.Scalar], before start: Int, after end: Int, racePaceUnit: Bool) -> Bool {
        var k = end
        while k < s.count, s[k] == " " || s[k] == "-" { k += 1 }
        var next = ""
        while k < s.count, s[k].properties.isAlphabetic { next.unicodeScalars.append(s[k]); k += 1 }
        var b = start - 1
        while b >= 0, s[b] == " " || s[b] == "-" || s[b] == ":" { b -= 1 }
        var previous = ""
        while b >= 0, s[b].properties.isAlphabetic { previous.unicodeScalars.insert(s[b], at: previous.unicodeScalars.startIndex); b -= 1 }
        if next == "pace" { return racePaceUnit || previous == "at" }
        return partAfter.contains(next) || partBefore.contains(previous)
    }

    static let partAfter: Set<String> = ["warm", "warmup", "cool", "cooldown", "wu", "cd", "jog", "recovery"]
    static let partBefore: Set<String> = ["up", "warmup", "down", "cooldown", "wu", "cd"]

    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    static func isLetterOrDigit(_ c: Unicode.Scalar) -> Bool { isDigit(c) || c.properties.isAlphabetic }
}
