import LegdayCore

/// A text split into lower-case words of letters and digits: "Tempo: 6.5-mile run" → tempo, 6, 5, mile, run.
///
/// A run of Chinese characters is a word of its own ("3公里慢跑" → 3, 公里慢跑), and the few emoji that say
/// what a session is (🏃 💪 🏁 😴 ✈ ⚙ …) are words too; other symbols separate words.
struct TextTokens {
    let words: [String]
    /// Whether each word was written in capitals: Daniels' "T" and coded workouts ("RB") count only then.
    let capitals: [Bool]

    /// Emoji that are words in `KeywordMap`.
    static let meaningfulEmoji: Set<Unicode.Scalar> = ["🏁", "😴", "💪", "🏃", "🚴", "🏊", "🧘", "✈", "⚙", "📌"]

    init(_ text: some StringProtocol) {
        var words: [String] = []
        var capitals: [Bool] = []
        var current = ""
        var currentIsChinese = false
        var allCapitals = true
        func finish() {
            if !current.isEmpty {
                words.append(current.lowercased())
                capitals.append(allCapitals && current.unicodeScalars.contains { $0.properties.isUppercase })
            }
            current = ""
            allCapitals = true
        }
        for scalar in text.unicodeScalars {
            if scalar == "×" {
                // "8×400" reads like "8x400".
                current.unicodeScalars.append("x")
                allCapitals = false
            } else if TextTokens.isChinese(scalar) {
                if !currentIsChinese { finish() }
                currentIsChinese = true
                current.unicodeScalars.append(scalar)
            } else if TextTokens.isLetter(scalar) || ("0"..."9").contains(scalar) {
                if currentIsChinese { finish() }
                currentIsChinese = false
                if scalar.isASCII ? ("a"..."z").contains(scalar) : scalar.properties.isLowercase { allCapitals = false }
                current.unicodeScalars.append(scalar)
            } else {
                finish()
                currentIsChinese = false
                if TextTokens.meaningfulEmoji.contains(scalar) {
                    words.append(String(scalar))
                    capitals.append(false)
                }
            }
        }
        finish()
        self.words = words
        self.capitals = capitals
    }

    /// A letter of any script; ASCII is answered without Unicode's property tables, which are slow.
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) : scalar.properties.isAlphabetic
    }

    static func isChinese(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }
}

/// What a piece of free text (a title, a description, a CSV cell) says about a session: the words and
/// signals it holds, its distance and its duration. How an entry's texts combine is `EntryReading`'s job.
struct TextReading: Equatable {
    /// The kinds of session one part of a text names.
    struct Kinds: Equatable {
        var types: Set<RunType> = []
        var strength = false
        /// "Run", "Lauf", 🏃: a run of no stated kind.
        var run = false
        /// A walk or a hike.
        var walk = false
        /// A race distance's name ("half marathon"), in kilometres.
        var raceName: Double?
        /// An errand or milestone ("register", ✈, ⚙).
        var note = false
        /// A week summary's or phase's words ("Week 3", "weekly mileage").
        var summary = false
        /// A clause that is nothing but a distance: "8 miles. Strength Workout" holds a run.
        var distanceAlone = false
        /// The text says there is no run ("No run today").
        var noRun = false

        var isEmpty: Bool {
            types.isEmpty && !strength && !run && !walk && raceName == nil && !note && !summary && !distanceAlone
                && !noRun
        }

        /// Nothing but perhaps a distance: "15 min", "8 km".
        var namesNothing: Bool {
            var rest = self
            rest.distanceAlone = false
            return rest.isEmpty
        }

        mutating func add(_ other: Kinds) {
            types.formUnion(other.types)
            strength = strength || other.strength
            run = run || other.run
            walk = walk || other.walk
            raceName = raceName ?? other.raceName
            note = note || other.note
            summary = summary || other.summary
            distanceAlone = distanceAlone || other.distanceAlone
            noRun = noRun || other.noRun
        }
    }

    /// What the text names outside optional clauses.
    var kinds = Kinds()
    /// What it names in clauses marked optional ("PM: Optional XT").
    var optionalKinds = Kinds()
    /// The text offers alternatives ("Strength or Rest").
    var alternative = false
    /// What it names before its first "or": the alternative an entry is read as.
    var firstAlternative = Kinds()
    /// A word that says "run" is there ("run", "jog", "Lauf", "easy run"): without one, "tempo" beside a
    /// swim or a ride describes that session.
    var runWord = false
    /// The largest distance written with a unit.
    var distanceKm: Double?
    /// The largest distance written as "3 m", which is miles in a plan in miles and nothing otherwise.
    var bareMiles: Double?
    /// A distance in the plan's unit: the sum of Daniels' segments ("2E+8M+1E" is 11).
    var planUnits: Double?
    /// How often miles and kilometres are written, to infer a plan's unit.
    var mileMentions = 0
    var kilometreMentions = 0
    var durationMin: Double?
    /// The text writes a distance or a time, even one that is only a part ("6x800m", "3' rec"): then a
    /// description does not add a time to it.
    var mentionsMeasure = false
    /// The phrases that were recognised, for `legday schedule`'s "why".
    var evidence: [String] = []

    /// The type the text names, by `KeywordMap.priority`; a race distance's name alone is a race.
    var type: RunType? {
        let named = kinds.types.isEmpty ? optionalKinds.types : kinds.types
        if let type = KeywordMap.priority.first(where: named.contains) { return type }
        return kinds.raceName != nil ? .race : nil
    }

    var isStrength: Bool { kinds.strength || (kinds.isEmpty && optionalKinds.strength) }

    var isEmpty: Bool {
        kinds.isEmpty && optionalKinds.isEmpty && distanceKm == nil && bareMiles == nil && durationMin == nil
            && planUnits == nil
    }

    init() {}

    /// Words that put a clause on another day than the entry's: its distance and time are not the session's.
    static let otherDayWords: Set<String> = ["tomorrow", "yesterday", "gestern", "übermorgen", "demain", "ayer"]

    /// Words that make a phrase say "run".
    static let runWords: Set<String> = ["run", "runs", "running", "jog", "jogging", "lauf", "laufen", "løp", "course",
                                        "carrera", "跑", "跑步", "慢跑", "轻松跑", "长跑", "shakeout", "c25k", "brick"]

    /// `longestPhrase` and the rest are `keywords`' derived values, passed in by callers that read many texts.
    init(_ text: String, keywords: KeywordMap, longestPhrase: Int? = nil, phraseStarts: Set<String>? = nil,
         chinesePhrases: [String]? = nil) {
        let longest = longestPhrase ?? keywords.longestPhrase
        let starts = phraseStarts ?? keywords.phraseStarts
        let chinese = chinesePhrases ?? keywords.chinesePhrases
        var sawRepetition = false
        var sawStrides = false
        var sawRepetitionLength = false
        // Words in parentheses ("10 km Easy (Recovery)") name the session only where the rest does not.
        var inParentheses = Kinds()
        // Daniels' segments, "2E+8M+1T": the amount of each pace.
        var segments: [Character: Double] = [:]
        var segmentCount = 0
        var beforeAlternative = true
        for (clause, parenthesised) in TextReading.clauses(of: text) {
            let words = TextTokens(clause)
            var found = Kinds()
            var optional = false
            var index = 0
            // Coded workouts ("RB 00:25:00") come with a time.
            lazy var clauseIsTimed = clause.contains(":") || clause.contains("min")
            func take(_ phrase: String) -> Bool {
                if let type = keywords.runTypes[phrase] {
                    found.types.insert(type)
                } else if keywords.strength.contains(phrase) {
                    found.strength = true
                } else if let signal = keywords.signals[phrase] {
                    switch signal {
                    case .run: found.run = true
                    case .walk: found.walk = true
                    case .raceName(let km): found.raceName = found.raceName ?? km
                    case .note: found.note = true
                    case .noRun: found.noRun = true
                    case .summary: found.summary = true
                    case .optional: optional = true
                    case .part: break
                    case .alternative:
                        alternative = true
                        if beforeAlternative {
                            firstAlternative.add(found)
                            beforeAlternative = false
                        }
                    }
                } else {
                    return false
                }
                if !runWord, found.run || phrase.split(separator: " ").contains(where: { TextReading.runWords.contains(String($0)) }) {
                    runWord = true
                }
                if evidence.count < 4 { evidence.append(phrase) }
                return true
            }
            while index < words.words.count {
                let word = words.words[index]
                var matched = 0
                // Longest phrase first, so "marathon pace" is read before "marathon".
                // Joining words is the costly part: try longer phrases only from a word that starts one.
                let maximum = starts.contains(word) ? min(longest, words.words.count - index) : 1
                for length in stride(from: maximum, through: 1, by: -1) {
                    let phrase = length == 1 ? word : words.words[index..<index + length].joined(separator: " ")
                    if take(phrase) {
                        matched = length
                        break
                    }
                }
                if matched == 0, let first = word.unicodeScalars.first, TextTokens.isChinese(first) {
                    // Chinese phrases are found inside the word, longest first.
                    var rest = Substring(word)
                    while !rest.isEmpty {
                        if let phrase = chinese.first(where: { rest.hasPrefix($0) }) {
                            _ = take(phrase)
                            rest = rest.dropFirst(phrase.count)
                        } else {
                            rest = rest.dropFirst()
                        }
                    }
                    matched = 1
                }
                if matched == 0, words.capitals[index], let segment = TextReading.danielsSegment(word) {
                    segments[segment.pace, default: 0] += segment.amount
                    segmentCount += 1
                    matched = 1
                }
                if matched == 0, words.capitals[index],
                   let code = TextReading.code(word, in: words.words, at: index, timed: clauseIsTimed) {
                    code.run ? found.types.insert(code.type) : found.types.insert(.cross)
                    if code.run { found.run = true }
                    if evidence.count < 4 { evidence.append(word.uppercased()) }
                    matched = 1
                }
                if matched == 0, TextReading.isRepetition(words.words, at: index) { sawRepetition = true }
                if word == "strides" { sawStrides = true }
                index += max(matched, 1)
            }
            var distance = DistanceScanner.scan(clause)
            // "Rest before the first 20 km tomorrow": a distance of another day is not this session's.
            if words.words.contains(where: TextReading.otherDayWords.contains) {
                distance.km = nil
                distance.bareMiles = nil
            }
            if found.isEmpty, distance.km != nil { found.distanceAlone = true }
            if distance.mentioned { mentionsMeasure = true }
            if distance.repetitionLength { sawRepetitionLength = true }
            if optional {
                optionalKinds.add(found)
            } else if parenthesised {
                inParentheses.add(found)
            } else {
                kinds.add(found)
            }
            if let km = distance.km { distanceKm = max(distanceKm ?? 0, km) }
            if let miles = distance.bareMiles { bareMiles = max(bareMiles ?? 0, miles) }
            mileMentions += distance.mileMentions
            kilometreMentions += distance.kilometreMentions
        }
        if kinds.types.subtracting([.cross, .rest]).isEmpty {
            kinds.add(inParentheses)
        } else {
            var rest = inParentheses
            rest.types = inParentheses.types.intersection([.cross, .rest])
            kinds.add(rest)
        }
        if !segments.isEmpty {
            // "2E+8M+1T+1E": the pace run longest names the session (marathon pace here); easy alone is easy.
            let paces: [(Character, RunType)] = [("m", .tempo), ("t", .threshold), ("i", .intervals), ("r", .intervals)]
            let hardest = paces.filter { segments[$0.0] != nil }.max { segments[$0.0]! < segments[$1.0]! }
            kinds.types.insert(hardest?.1 ?? .easy)
            kinds.run = true
            runWord = true
            // A lone "2T" inside a workout is a part of it; "2E+8M+1E" adds up to the session.
            if segmentCount >= 2 { planUnits = segments.values.reduce(0, +) }
            if evidence.count < 4 { evidence.append("Daniels' segments") }
        }
        // Repetitions ("6x800") make an interval session unless a word named a harder session
        // ("Threshold 3 x 2 km", "Hills: 6 x 200m" stay what they are) or they are strides after an easy run.
        // Easy words alone do not count: "400 m jog" and "90 s recovery" happen between the repetitions.
        let easyWords: Set<RunType> = [.easy, .recovery, .rest]
        if sawRepetition, !kinds.strength, kinds.types.isSubset(of: easyWords), !sawStrides {
            kinds.types.insert(.intervals)
            if evidence.count < 4 { evidence.append("repetitions") }
        }
        // "3: 600m resets", "400m repeats": a repetition's length with no word naming the session.
        if sawRepetitionLength, !sawRepetition, kinds.types.isEmpty, !kinds.strength, !sawStrides, !kinds.walk {
            kinds.types.insert(.intervals)
            if evidence.count < 4 { evidence.append("repetition length") }
        }
        if beforeAlternative { firstAlternative = kinds }
        let time = DurationScanner.scan(text, walking: kinds.walk || optionalKinds.walk)
        // The times inside Daniels' segments ("40 min E+3x(2T w/2 min rests)+2E") are parts of the session.
        durationMin = segmentCount >= 2 ? nil : time.minutes
        mentionsMeasure = mentionsMeasure || time.mentioned
    }

    /// "2E", "8M", "1T", "1.5I": a Daniels segment, an amount at a pace (in the plan's unit).
    static func danielsSegment(_ word: String) -> (pace: Character, amount: Double)? {
        guard let pace = word.last, "emtir".contains(pace), word.count >= 2,
              let amount = Double(word.dropLast()), amount > 0, amount < 100 else { return nil }
        return (pace, amount)
    }

    /// Daniels' paces written as capitals ("E", "T", "2T", "I", "R", "M") and coded workouts such as
    /// "RB 00:25:00" or "BB 01:00:00" (first letter run, bike or swim, second the kind; a time must follow).
    static func code(_ word: String, in words: [String], at index: Int, timed: @autoclosure () -> Bool) -> (run: Bool, type: RunType)? {
        let daniels: [String: RunType] = ["e": .easy, "m": .tempo, "t": .threshold, "i": .intervals, "r": .intervals]
        if let type = daniels[word] {
            // A capital M after a number is a unit ("3 M").
            if word == "m", index > 0, words[index - 1].allSatisfy(\.isNumber) { return nil }
            return (true, type)
        }
        guard word.allSatisfy(\.isLetter), word.count >= 2, word.count <= 3, timed() else { return nil }
        let scalars = Array(word)
        let kinds: [Character: RunType] = ["b": .easy, "f": .easy, "e": .easy, "a": .easy, "r": .recovery,
                                           "l": .long, "t": .tempo, "i": .intervals, "h": .hills]
        switch scalars[0] {
        case "r": return kinds[scalars[1]].map { (true, $0) }
        case "b", "s": return kinds[scalars[1]] != nil ? (false, .cross) : nil
        default: return nil
        }
    }

    /// Splits text where one part of a session ends and another begins: ". ; + & , : ( ) ! ?", dashes, a
    /// hyphen between spaces and line breaks, but not inside numbers ("22,7 km", "5:45", "3.5"). Each part
    /// says whether it stands in parentheses.
    static func clauses(of text: String) -> [(Substring, parenthesised: Bool)] {
        // Scalars, not characters: titles can be long, and nothing here needs grapheme clusters.
        let scalars = text.unicodeScalars
        var result: [(Substring, parenthesised: Bool)] = []
        var start = scalars.startIndex
        var previous: Unicode.Scalar?
        var depth = 0
        var index = scalars.startIndex
        func isDigit(_ scalar: Unicode.Scalar?) -> Bool { scalar.map(DistanceScanner.isDigit) ?? false }
        while index < scalars.endIndex {
            let character = scalars[index]
            let next = scalars.index(after: index)
            let following = next < scalars.endIndex ? scalars[next] : nil
            var breaks = false
            switch character {
            case ";", "+", "&", "(", ")", "[", "]", "（", "）", "!", "?", "—", "·", "\n", "|", "→":
                breaks = true
            case "–":
                // "5–6 km" is a range, "Tempo – 5K" two parts.
                breaks = !(isDigit(previous) && isDigit(following))
            case "-":
                breaks = previous == " " && following == " "
            case ".", ",", ":":
                breaks = !(isDigit(previous) && isDigit(following)) && !(character == "." && isDigit(previous))
            default:
                break
            }
            if breaks {
                if start < index { result.append((text[start..<index], depth > 0)) }
                start = next
                if character == "(" || character == "（" { depth += 1 }
                if (character == ")" || character == "）") && depth > 0 { depth -= 1 }
            }
            previous = character
            index = next
        }
        if start < text.endIndex { result.append((text[start...], depth > 0)) }
        return result
    }

    /// "6x800", "6x800m", "4 x 1 mile", "4 x Mile", "8×400": repetitions mean an interval session.
    static func isRepetition(_ words: [String], at index: Int) -> Bool {
        let word = words[index]
        let unitWords: Set<String> = ["mile", "miles", "km", "k", "kilometer", "kilometre"]
        func startsANumberOrUnit(_ i: Int) -> Bool {
            i < words.count && (words[i].first?.isNumber == true || unitWords.contains(words[i]))
        }
        if let x = word.firstIndex(of: "x"), x != word.startIndex,
           word[..<x].allSatisfy(\.isNumber),
           word[word.index(after: x)...].first?.isNumber ?? startsANumberOrUnit(index + 1) {
            return true
        }
        if word == "x", index > 0, words[index - 1].allSatisfy(\.isNumber), startsANumberOrUnit(index + 1) {
            return true
        }
        return false
    }
}

/// Finds distances written in text: "10 km", "6.5 mile run", "16 miles", "16K", "5,000m", "10-mile", "3公里",
/// "3. mi", "1500 yd".
///
/// Repetition lengths ("6x800m", "4 x 1 mile"), paces ("at 5K pace", "@ 10k") and warm-ups or cool-downs
/// ("2 km warm-up", "cool down 1 mile") are not distances of the session.
/// Metres count only from 1,000 up; shorter ones are almost always repetition lengths, and "3 m" is three
/// miles in a plan written in miles. When a text gives several distances, the largest is the session's
/// ("18 mi with the last 6 mi at marathon pace").
enum DistanceScanner {
    struct Found: Equatable {
        var km: Double?
        var bareMiles: Double?
        var mileMentions = 0
        var kilometreMentions = 0
        /// A distance was written, even one that is only a part of the session.
        var mentioned = false
        /// Metres from 100 to 999 ("3: 600m resets"): the length of a repetition, never a session.
        var repetitionLength = false
    }

    static func largestDistance(in text: String) -> Double? { scan(text[...]).km }

    static func scan(_ text: Substring) -> Found {
        var found = Found()
        guard text.unicodeScalars.contains(where: isDigit) else { return found }
        let scalars = Array(text.lowercased().unicodeScalars)
        var i = 0
        while i < scalars.count {
            guard isDigit(scalars[i]), i == 0 || !isLetterOrDigit(scalars[i - 1]) || TextTokens.isChinese(scalars[i - 1]) else {
                i += 1
                continue
            }
            let numberStart = i
            var (value, afterNumber) = readNumber(scalars, from: i)
            // A range, "18-21 km" or "5–6公里": its middle.
            if let low = value, afterNumber + 1 < scalars.count, scalars[afterNumber] == "-" || scalars[afterNumber] == "–",
               isDigit(scalars[afterNumber + 1]) {
                let (high, afterHigh) = readNumber(scalars, from: afterNumber + 1)
                if let high, high > low, afterHigh >= scalars.count || scalars[afterHigh] != ":" {
                    value = (low + high) / 2
                    afterNumber = afterHigh
                }
            }
            i = max(afterNumber, i + 1)
            guard let value else { continue }
            var j = afterNumber
            // "3. mi": a full stop between a number and its unit.
            if j + 1 < scalars.count, scalars[j] == ".", scalars[j + 1] == " " { j += 1 }
            while j < scalars.count, scalars[j] == " " || scalars[j] == "-" { j += 1 }
            var unit = ""
            if j < scalars.count, TextTokens.isChinese(scalars[j]) {
                // Chinese units are followed by more characters, not a space: "3公里慢跑".
                let two = String(String.UnicodeScalarView(scalars[j..<min(j + 2, scalars.count)]))
                unit = two == "公里" || two == "千米" ? two : (scalars[j] == "米" ? "米" : "")
                j += unit.unicodeScalars.count
            } else {
                while j < scalars.count, TextTokens.isLetter(scalars[j]), !TextTokens.isChinese(scalars[j]) {
                    unit.unicodeScalars.append(scalars[j])
                    j += 1
                }
            }
            guard let factor = kilometresPer(unit: unit) else { continue }
            found.mentioned = true
            if factor == 1.609344 { found.mileMentions += 1 } else if factor == 1 { found.kilometreMentions += 1 }
            if followsTimes(scalars, before: numberStart)
                || isPart(scalars, before: numberStart, after: j, racePaceUnit: unit == "k") { continue }
            if factor == 0.001 && value < 1000 {
                if value >= 100 { found.repetitionLength = true }
                if unit == "m", value <= 50 { found.bareMiles = max(found.bareMiles ?? 0, value * 1.609344) }
                continue
            }
            let km = value * factor
            guard km > 0, km < 1000 else { continue }
            found.km = max(found.km ?? 0, km)
        }
        found.km = found.km.map { ($0 * 1000).rounded() / 1000 }
        found.bareMiles = found.bareMiles.map { ($0 * 1000).rounded() / 1000 }
        return found
    }

    static func kilometresPer(unit: String) -> Double? {
        switch unit {
        case "k", "km", "kms", "kilometer", "kilometers", "kilometre", "kilometres", "k's", "kilómetros",
             "kilometros", "kilomètres", "kilometern", "公里", "千米": 1
        case "mi", "mile", "miles", "miler", "meile", "meilen", "millas": 1.609344
        case "m", "meter", "meters", "metre", "metres", "metros", "mètres", "米": 0.001
        case "yd", "yds", "yard", "yards": 0.0009144
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
    /// "at 5K pace", "around 10K effort", "@ 10k", "2 km warm-up", "warm up 2 km", "cool down 1 mile", "400 m jog". "Pace" after a
    /// distance names a pace only for race names ("5K pace") or after "at"; "6 mi pace" is six miles.
    static func isPart(_ s: [Unicode.Scalar], before start: Int, after end: Int, racePaceUnit: Bool) -> Bool {
        var k = end
        while k < s.count, s[k] == " " || s[k] == "-" { k += 1 }
        var next = ""
        while k < s.count, TextTokens.isLetter(s[k]), next.unicodeScalars.count < 16 { next.unicodeScalars.append(s[k]); k += 1 }
        var b = start - 1
        while b >= 0, s[b] == " " || s[b] == "-" || s[b] == ":" { b -= 1 }
        while b >= 0, s[b] == "~" || s[b] == " " { b -= 1 }
        if b >= 0, s[b] == "@" { return true }
        var previous = ""
        while b >= 0, TextTokens.isLetter(s[b]), previous.unicodeScalars.count < 16 {
            previous.unicodeScalars.insert(s[b], at: previous.unicodeScalars.startIndex)
            b -= 1
        }
        if next == "pace" || next == "effort" { return racePaceUnit || previous == "at" || previous == "around" }
        return partAfter.contains(next) || partBefore.contains(previous)
    }

    static let partAfter: Set<String> = ["warm", "warmup", "cool", "cooldown", "wu", "cd", "jog", "recovery"]
    static let partBefore: Set<String> = ["up", "warmup", "down", "cooldown", "wu", "cd"]

    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    static func isLetterOrDigit(_ c: Unicode.Scalar) -> Bool { isDigit(c) || TextTokens.isLetter(c) }
}
