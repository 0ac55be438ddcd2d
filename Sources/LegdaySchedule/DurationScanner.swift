/// Finds how long a session lasts in text: "40:00", "1:30:00", "90 min", "1h30", `3'`, `2'30"`, "40-45 min",
/// "five-minute warmup walk", "RB 00:25:00".
///
/// Paces ("4:15/km", "5:10-5:30 min/km", "@ 5:45") and recoveries ("3' rec", "2 min rests") are not the
/// session's time. The parts of a session add up: "Warm up 15 min, tempo 20 min" is 35 minutes. Repeated
/// parts count with their repetitions only in run/walk sessions ("run 1 min, walk 90 s × 8" is 20 minutes;
/// "two repetitions of the following: …"); in a workout, "6 x 3 min" describes the hard part, not the
/// session, and is left out. "A total of 20 minutes" is the time of its sentence.
enum DurationScanner {
    static func minutes(in text: String, walking: Bool) -> Double? { scan(text, walking: walking).minutes }

    /// The session's time, and whether any time is written at all (a part, a pace or a goal included).
    static func scan(_ text: String, walking: Bool) -> (minutes: Double?, mentioned: Bool) {
        // Most titles hold no time at all: look no further than that.
        guard text.unicodeScalars.contains(where: DistanceScanner.isDigit) || walking else { return (nil, false) }
        let scalars = Array(text.lowercased().unicodeScalars)
        var total: Double?
        var mentioned = false
        for sentence in sentences(scalars) {
            let (minutes, any) = sentenceMinutes(Array(scalars[sentence]), walking: walking)
            mentioned = mentioned || any
            if let minutes { total = (total ?? 0) + minutes }
        }
        return (total.map { ($0 * 100).rounded() / 100 }, mentioned)
    }

    /// One time written in the text and what surrounds it.
    private struct Written {
        var minutes: Double
        var start: Int
        var end: Int
        /// "6 x 3 min": one of several repetitions.
        var repeated = false
    }

    private static func sentenceMinutes(_ s: [Unicode.Scalar], walking: Bool) -> (Double?, Bool) {
        var times: [Written] = []
        var mentioned = false
        var i = 0
        while i < s.count {
            // A time starts a word, or follows the "x" of "6x3 min".
            guard i == 0 || !DistanceScanner.isLetterOrDigit(s[i - 1])
                || (s[i - 1] == "x" && DistanceScanner.isDigit(s[i])) else {
                i += 1
                continue
            }
            let clock = clockTime(s, at: i)
            if let time = clock ?? amount(s, at: i) {
                mentioned = true
                if !isPace(s, before: time.start, after: time.end), !isRecovery(s, after: time.end),
                   clock == nil || !inProgression(s, before: time.start, after: time.end),
                   !inWarmUpOrRecovery(s, around: time, walking: walking) {
                    var written = time
                    written.repeated = repetitionBefore(s, at: time.start) != nil
                        || (!walking && repetitionEarlierInGroup(s, before: time.start))
                    times.append(written)
                }
                i = max(time.end, i + 1)
            } else {
                i += 1
            }
        }
        guard !times.isEmpty else { return (nil, mentioned) }
        if let total = word("total", in: s), let stated = times.first(where: { $0.start > total }) {
            return (stated.minutes, true)
        }
        var sum = 0.0
        if walking {
            // "two repetitions of the following: …" repeats what follows it; "… × 8" what comes before.
            let ahead = repetitionsAhead(s)
            let behind = repetitionsBehind(s)
            for time in times {
                var factor = 1.0
                if let ahead, time.start > ahead.at { factor *= ahead.count }
                if let behind, time.end <= behind.at { factor *= behind.count }
                if time.repeated, let count = repetitionBefore(s, at: time.start) { factor *= count }
                sum += time.minutes * factor
            }
        } else {
            let counted = times.filter { !$0.repeated }
            guard !counted.isEmpty else { return (nil, true) }
            sum = counted.reduce(0) { $0 + $1.minutes }
        }
        return (sum > 0 ? sum : nil, true)
    }

    /// "40:00" (minutes and seconds), "1:30:00" and "00:25:00" (hours, minutes, seconds), "1:30" (hours and
    /// minutes when the first number is under 5). With `range`, "4:42-4:50" is one time.
    private static func clockTime(_ s: [Unicode.Scalar], at start: Int, range: Bool = true) -> Written? {
        var parts: [Int] = []
        var i = start
        while true {
            var digits = 0
            var value = 0
            while i < s.count, DistanceScanner.isDigit(s[i]), digits < 3 {
                value = value * 10 + Int(s[i].value - 48)
                digits += 1
                i += 1
            }
            guard digits > 0, parts.isEmpty || digits == 2 else { return nil }
            parts.append(value)
            guard i + 1 < s.count, s[i] == ":", DistanceScanner.isDigit(s[i + 1]), parts.count < 3 else { break }
            i += 1
        }
        guard parts.count >= 2 else { return nil }
        let minutes: Double
        if parts.count == 3 {
            minutes = Double(parts[0] * 60 + parts[1]) + Double(parts[2]) / 60
        } else if parts[0] < 5 {
            minutes = Double(parts[0] * 60 + parts[1])
        } else {
            minutes = Double(parts[0]) + Double(parts[1]) / 60
        }
        guard minutes > 0 else { return nil }
        // A range, "4:42-4:50" or "40:00-45:00", is one time (its middle): a pace before or after it makes
        // both halves a pace.
        guard range else { return Written(minutes: minutes, start: start, end: i) }
        // A chain of them ("1:00-1:10-1:20") is one range from its first to its last time, read in a loop:
        // a recursion would run as deep as a hostile title is long.
        var upper: Written?
        var end = i
        while end + 1 < s.count, s[end] == "-" || s[end] == "–", DistanceScanner.isDigit(s[end + 1]),
              let next = clockTime(s, at: end + 1, range: false) {
            upper = next
            end = next.end
        }
        return Written(minutes: upper.map { (minutes + $0.minutes) / 2 } ?? minutes, start: start, end: end)
    }

    /// "5:30 → 4:25", "start 5:50 -> finish 5:00": clock times joined by an arrow are the paces of a
    /// progression; a session's length does not progress.
    private static func inProgression(_ s: [Unicode.Scalar], before start: Int, after end: Int) -> Bool {
        func isClockDigit(_ k: Int) -> Bool { k >= 0 && k < s.count && DistanceScanner.isDigit(s[k]) }
        func arrowAfter(_ k: Int) -> Int? {
            var k = k
            while k < s.count, s[k] == " " { k += 1 }
            if k < s.count, s[k] == "→" { return k + 1 }
            if k + 1 < s.count, s[k] == "-" || s[k] == "=", s[k + 1] == ">" { return k + 2 }
            return nil
        }
        func nextNumber(from k: Int) -> Bool {
            // The other side may be named: "start 5:50 → finish 5:00".
            var k = k
            var letters = 0
            while k < s.count, s[k] == " " || TextTokens.isLetter(s[k]), letters < 12 {
                if s[k] != " " { letters += 1 }
                k += 1
            }
            return isClockDigit(k) && clockTime(s, at: k) != nil
        }
        if let after = arrowAfter(end), nextNumber(from: after) { return true }
        // Before: an arrow, perhaps a word ("finish"), and a clock time ending right before it.
        var b = start - 1
        var letters = 0
        while b >= 0, s[b] == " " || TextTokens.isLetter(s[b]), letters < 12 {
            if s[b] != " " { letters += 1 }
            b -= 1
        }
        var arrowStart: Int?
        if b >= 0, s[b] == "→" { arrowStart = b }
        if b >= 1, s[b] == ">", s[b - 1] == "-" || s[b - 1] == "=" { arrowStart = b - 1 }
        guard var k = arrowStart.map({ $0 - 1 }) else { return false }
        while k >= 0, s[k] == " " { k -= 1 }
        guard isClockDigit(k) else { return false }
        while k >= 0, DistanceScanner.isDigit(s[k]) || s[k] == ":" { k -= 1 }
        return s[(k + 1)...].contains(":") && clockTime(s, at: k + 1) != nil
    }

    /// A number (or a number's name, or a range "40-45") and a unit of time: "90 min", "2.5 minutes", "1h30",
    /// `3'`, `2'30"`, `45"`, "five-minute", "90 s", "20分钟".
    private static func amount(_ s: [Unicode.Scalar], at start: Int) -> Written? {
        var i = start
        var value: Double
        if DistanceScanner.isDigit(s[i]) {
            let (number, after) = DistanceScanner.readNumber(s, from: i)
            guard let number else { return nil }
            value = number
            i = after
            // A range: its middle.
            if i + 1 < s.count, s[i] == "-" || s[i] == "–", DistanceScanner.isDigit(s[i + 1]) {
                let (upper, afterUpper) = DistanceScanner.readNumber(s, from: i + 1)
                if let upper, upper > value {
                    value = (value + upper) / 2
                    i = afterUpper
                }
            }
        } else {
            var name = ""
            // Number names are short; a longer word is none.
            while i < s.count, TextTokens.isLetter(s[i]), !TextTokens.isChinese(s[i]), name.unicodeScalars.count < 10 {
                name.unicodeScalars.append(s[i])
                i += 1
            }
            guard let number = numberNames[name] else { return nil }
            value = number
        }
        if i < s.count, s[i] == "'" || s[i] == "’" {
            // 2'30": minutes, then perhaps seconds.
            var minutes = value
            var end = i + 1
            if end < s.count, DistanceScanner.isDigit(s[end]) {
                let (seconds, after) = DistanceScanner.readNumber(s, from: end)
                if let seconds, after < s.count, s[after] == "\"" || s[after] == "”" {
                    minutes += seconds / 60
                    end = after + 1
                }
            }
            return Written(minutes: minutes, start: start, end: end)
        }
        if i < s.count, s[i] == "\"" || s[i] == "”" {
            return Written(minutes: value / 60, start: start, end: i + 1)
        }
        while i < s.count, s[i] == " " || s[i] == "-" { i += 1 }
        var unit = ""
        while i < s.count, TextTokens.isLetter(s[i]), unit.unicodeScalars.count < 12 {
            unit.unicodeScalars.append(s[i])
            i += 1
            if unit == "分钟" || unit == "小时" || unit == "秒" { break }
        }
        if unit == "h" || unit == "hr", i < s.count, DistanceScanner.isDigit(s[i]) {
            // "1h30"
            let (minutes, after) = DistanceScanner.readNumber(s, from: i)
            if let minutes { return Written(minutes: value * 60 + minutes, start: start, end: after) }
        }
        guard let factor = minutesPer[unit] else { return nil }
        // "400s", "800s": repetitions named by their length, not seconds.
        if unit == "s", value >= 200, value.truncatingRemainder(dividingBy: 100) == 0, i - start <= 4 { return nil }
        return Written(minutes: value * factor, start: start, end: i)
    }

    static let minutesPer: [String: Double] = [
        "min": 1, "mins": 1, "minute": 1, "minutes": 1, "minuten": 1, "minutos": 1, "minutter": 1, "minutt": 1,
        "分钟": 1, "分": 1,
        "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60, "stunde": 60, "stunden": 60, "std": 60,
        "heure": 60, "heures": 60, "hora": 60, "horas": 60, "小时": 60,
        "s": 1.0 / 60, "sec": 1.0 / 60, "secs": 1.0 / 60, "second": 1.0 / 60, "seconds": 1.0 / 60,
        "sekunden": 1.0 / 60, "segundos": 1.0 / 60, "sekunder": 1.0 / 60, "secondes": 1.0 / 60, "秒": 1.0 / 60,
    ]

    static let numberNames: [String: Double] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
        "sixty": 60, "ninety": 90,
    ]

    /// "@ 5:45", "5:45/km", "5:10-5:30 min/km", "4:15 per km", "6 min/mile".
    private static func isPace(_ s: [Unicode.Scalar], before start: Int, after end: Int) -> Bool {
        var b = start - 1
        while b >= 0, s[b] == " " { b -= 1 }
        if b >= 0, s[b] == "@" { return true }
        var k = end
        // A range's second half: "5:10-5:30".
        if k + 1 < s.count, s[k] == "-" || s[k] == "–", DistanceScanner.isDigit(s[k + 1]) {
            k += 1
            while k < s.count, DistanceScanner.isDigit(s[k]) || s[k] == ":" { k += 1 }
        }
        while k < s.count, s[k] == " " { k += 1 }
        if k < s.count, s[k] == "/" { return true }
        let rest = String(String.UnicodeScalarView(s[k..<min(k + 8, s.count)]))
        return rest.hasPrefix("min/") || rest.hasPrefix("min /") || rest.hasPrefix("per ") || rest.hasPrefix("pace")
            || rest.hasPrefix("/")
    }

    /// "3' rec", "2 min rests", "90 s recovery", "1 min between": the pause, not the session.
    private static func isRecovery(_ s: [Unicode.Scalar], after end: Int) -> Bool {
        var k = end
        while k < s.count, s[k] == " " || s[k] == "-" { k += 1 }
        var next = ""
        while k < s.count, TextTokens.isLetter(s[k]), next.unicodeScalars.count < 16 { next.unicodeScalars.append(s[k]); k += 1 }
        return ["rec", "recovery", "recoveries", "rest", "rests", "pause", "break", "between"].contains(next)
    }

    /// Words of a clause that is a warm-up, a cool-down or a recovery: its time is not the session's
    /// ("15-20 min warm-up", "Brisk five-minute warmup walk", "with 3 min easy jog between").
    static let partWords: Set<String> = [
        "warm", "warmup", "cool", "cooldown", "wu", "cd", "rec", "recovery", "recoveries", "between", "rest",
        "rests", "pause", "einlaufen", "auslaufen", "échauffement", "calentamiento", "oppvarming", "热身", "放松",
        // A goal is not a session's time: "Sub 3:30 Goal", "1:30:00 target".
        "goal", "target", "sub", "under", "pb", "pr", "ziel", "objectif", "objetivo", "mål", "目标",
    ]

    /// Whether the clause around a time (between , ; : ( ) and the sentence's ends) is a warm-up, a
    /// cool-down or a recovery.
    private static func inWarmUpOrRecovery(_ s: [Unicode.Scalar], around time: Written, walking: Bool) -> Bool {
        // In a workout, a jog is the recovery between repetitions ("90s jog"); in a run/walk it is the run.
        func isPart(_ word: String) -> Bool {
            partWords.contains(word) || TextReading.otherDayWords.contains(word) || (!walking && word == "jog")
        }
        func isBoundary(_ k: Int) -> Bool {
            switch s[k] {
            case ",", ";", "(", ")", "/": true
            case ":": !(k > 0 && DistanceScanner.isDigit(s[k - 1]) && k + 1 < s.count && DistanceScanner.isDigit(s[k + 1]))
            default: false
            }
        }
        var first = time.start
        while first > 0, !isBoundary(first - 1) { first -= 1 }
        var last = time.end
        while last < s.count, !isBoundary(last) { last += 1 }
        func words(_ range: Range<Int>) -> [String] {
            var words: [String] = []
            var word = ""
            for k in range {
                if DistanceScanner.isLetterOrDigit(s[k]) {
                    word.unicodeScalars.append(s[k])
                } else if !word.isEmpty {
                    words.append(word)
                    word = ""
                }
            }
            if !word.isEmpty { words.append(word) }
            return words
        }
        if words(first..<last).contains(where: isPart) { return true }
        // A short label before a colon names what follows it: "Target: 4:30", "Warm-up: 15 min".
        if first > 0, s[first - 1] == ":" {
            var labelStart = first - 1
            while labelStart > 0, !isBoundary(labelStart - 1), s[labelStart - 1] != "." { labelStart -= 1 }
            let label = words(labelStart..<(first - 1))
            if label.count <= 3, label.contains(where: isPart) { return true }
        }
        return false
    }

    /// "10×1 min fast / 1 min easy": in a workout, times after a repetition count in the same group of
    /// parentheses are parts of the repetition.
    private static func repetitionEarlierInGroup(_ s: [Unicode.Scalar], before start: Int) -> Bool {
        var k = start - 1
        while k > 0, s[k] != "(", s[k] != ")", s[k] != ",", s[k] != ";", s[k] != "—", s[k] != "–", s[k] != "+" {
            if s[k] == "×" || (s[k] == "x" && DistanceScanner.isDigit(s[k - 1])
                && (k + 1 >= s.count || !TextTokens.isLetter(s[k + 1]))) { return true }
            k -= 1
        }
        return false
    }

    /// "6 x 3 min", "6x3 min", "2x(": the count of a repetition written right before `start`.
    private static func repetitionBefore(_ s: [Unicode.Scalar], at start: Int) -> Double? {
        var b = start - 1
        while b >= 0, s[b] == " " || s[b] == "(" { b -= 1 }
        guard b >= 0, s[b] == "x" || s[b] == "×" else { return nil }
        b -= 1
        while b >= 0, s[b] == " " { b -= 1 }
        var digits = ""
        while b >= 0, DistanceScanner.isDigit(s[b]) { digits.unicodeScalars.insert(s[b], at: digits.unicodeScalars.startIndex); b -= 1 }
        return Double(digits)
    }

    /// "two repetitions of", "3 sets of", "4 rounds": where it is written and how many.
    private static func repetitionsAhead(_ s: [Unicode.Scalar]) -> (at: Int, count: Double)? {
        let words = wordsWithPositions(s)
        for (index, item) in words.enumerated().dropFirst()
        where ["repetitions", "repetition", "repeats", "sets", "rounds", "times"].contains(item.word) {
            let previous = words[index - 1].word
            if let count = Double(previous) ?? numberNames[previous] { return (item.at, count) }
        }
        return nil
    }

    /// "… × 8", "… x 8" at the end of a list of times.
    private static func repetitionsBehind(_ s: [Unicode.Scalar]) -> (at: Int, count: Double)? {
        let words = wordsWithPositions(s)
        for (index, item) in words.enumerated() where (item.word == "x" || item.word == "×") && index + 1 < words.count {
            if let count = Double(words[index + 1].word), index > 0, Double(words[index - 1].word) == nil {
                return (item.at, count)
            }
        }
        return nil
    }

    private static func wordsWithPositions(_ s: [Unicode.Scalar]) -> [(word: String, at: Int)] {
        var words: [(word: String, at: Int)] = []
        var current = ""
        var start = 0
        for (i, scalar) in s.enumerated() {
            if scalar == "×" {
                if !current.isEmpty { words.append((current, start)); current = "" }
                words.append(("x", i))
            } else if DistanceScanner.isLetterOrDigit(scalar) {
                if current.isEmpty { start = i }
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append((current, start))
                current = ""
            }
        }
        if !current.isEmpty { words.append((current, start)) }
        return words
    }

    private static func word(_ wanted: String, in s: [Unicode.Scalar]) -> Int? {
        wordsWithPositions(s).first { $0.word == wanted }?.at
    }

    /// Sentences end at ". ; ! ?" and line breaks, but not at a decimal point.
    private static func sentences(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        for i in s.indices {
            let ends: Bool
            switch s[i] {
            case ";", "!", "?", "\n": ends = true
            case ".": ends = !(i > 0 && DistanceScanner.isDigit(s[i - 1]) && i + 1 < s.count && DistanceScanner.isDigit(s[i + 1]))
            default: ends = false
            }
            if ends {
                if start < i { result.append(start..<i) }
                start = i + 1
            }
        }
        if start < s.count { result.append(start..<s.count) }
        return result
    }
}
