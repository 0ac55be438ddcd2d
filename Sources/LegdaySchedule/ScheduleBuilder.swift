import Foundation
import LegdayCore

/// One dated item as a reader found it, before its text is read.
struct ScheduleEntry {
    var date: LocalDate
    var title: String
    var description: String = ""
    /// A type the source states outright (TOML `type`, or a CSV type column holding a legday type name).
    var type: RunType?
    /// A distance the source states outright, in kilometres.
    var distanceKm: Double?
    /// The source said "strength" in its type field.
    var isStrength = false
    var source: SourceLocation?
    /// A CSV type column that is not a legday type name ("E", "HIC", "run"): read like a second title.
    var typeText = ""
    /// A distance column's bare number, in the plan's unit.
    var bareDistance: Double?
    /// A time the source states outright (a CSV duration column).
    var durationMin: Double?
    /// A note the source marks as one: an event spanning a week or more, a TOML `[[notes]]` table.
    var isNote = false
    /// The last day of such a note.
    var lastDate: LocalDate?
}

/// Turns entries into a `Schedule`: reads every entry (`EntryReading`), in the file's unit, keeps all of them
/// (`Schedule.entries`), and finds each week's long run. Also finds what `legday check` warns about in a file.
struct ScheduleBuilder {
    let keywords: KeywordMap
    let options: ScheduleReadOptions
    let path: String
    private let longestPhrase: Int
    private let phraseStarts: Set<String>
    private let chinesePhrases: [String]
    private var pending: [ScheduleEntry] = []
    /// Readings of texts seen before: exports repeat the same titles and notes week after week, and
    /// reading a text is the costliest step of reading a calendar.
    private var readings: [TextReading] = []
    private var readingOfText: [String: Int] = [:]
    /// What `build` found worth a warning.
    private(set) var warnings: [Diagnostic] = []

    init(keywords: KeywordMap, options: ScheduleReadOptions = ScheduleReadOptions(), path: String = "") {
        self.keywords = keywords
        self.options = options
        self.path = path
        self.longestPhrase = keywords.longestPhrase
        self.phraseStarts = keywords.phraseStarts
        self.chinesePhrases = keywords.chinesePhrases
    }

    mutating func add(_ entry: ScheduleEntry) {
        pending.append(entry)
    }

    /// A note spanning days, kept as one entry.
    mutating func add(_ annotation: Annotation, source: SourceLocation? = nil) {
        pending.append(ScheduleEntry(date: annotation.first, title: annotation.text, source: source, isNote: true,
                                     lastDate: annotation.last))
    }

    /// A title cut short by its exporter ("Wk7 Thu - 4 miles: 1 mi easy warm-up, 2 mi comfort") whose
    /// description begins with the same words is read with the description's first paragraph in its place.
    static func continued(_ title: String, by description: String) -> String {
        guard !description.isEmpty, title.utf8.count >= 24, description.utf8.count > title.utf8.count,
              title.utf8.count < 1000 else { return title }
        let cut = title.range(of: " - ", options: .backwards).map { title[$0.upperBound...] } ?? title[...]
        guard cut.count >= 12, description.hasPrefix(cut) else { return title }
        let paragraph = description.prefix { $0 != "\n" }
        return String(title[..<cut.startIndex]) + paragraph
    }

    /// A description up to its first blank line: what follows ("Effort guide: … TEMPO = …", links, general
    /// advice) is about the plan, not about this session.
    static func firstParagraph(of description: String) -> String {
        guard let blank = description.range(of: "\n\n") ?? description.range(of: "\r\n\r\n") else { return description }
        return String(description[..<blank.lowerBound])
    }

    /// The index in `readings` of a text's reading, read once per distinct text.
    private mutating func read(_ text: String) -> Int {
        if let known = readingOfText[text] { return known }
        let reading = text.isEmpty ? TextReading()
            : TextReading(HTMLEntities.decoded(text), keywords: keywords, longestPhrase: longestPhrase,
                          phraseStarts: phraseStarts, chinesePhrases: chinesePhrases)
        readings.append(reading)
        readingOfText[text] = readings.count - 1
        return readings.count - 1
    }

    /// What an entry's reading depends on: entries alike in all of it (exports repeat a week's entries for
    /// months) are read once.
    private struct EntryKey: Hashable {
        var title: Int
        var column: Int
        var description: Int
        var type: RunType?
        var isStrength: Bool
        var noteDays: Int?
        var distanceKm: Double?
        var bareDistance: Double?
        var durationMin: Double?
        var isLastDay: Bool
    }

    /// Reads every entry and returns the schedule, sorted by date, with inferred long runs.
    mutating func build() -> Schedule {
        // First every text, so that the plan's unit is known before any "3 m" is read.
        var texts: [(title: Int, column: Int, description: Int)] = []
        texts.reserveCapacity(pending.count)
        var miles = 0
        var kilometres = 0
        for entry in pending {
            let title = read(ScheduleBuilder.continued(entry.title, by: entry.description))
            let column = entry.typeText.isEmpty ? -1 : read(entry.typeText)
            let description = read(ScheduleBuilder.firstParagraph(of: entry.description))
            miles += readings[title].mileMentions + readings[description].mileMentions
            kilometres += readings[title].kilometreMentions + readings[description].kilometreMentions
            texts.append((title, column, description))
        }
        let inMiles = options.units.map { $0 == .miles } ?? (miles > kilometres)
        // The plan's last entry may be its race only when no race is configured (the runner named them) and
        // its title was not used before: a "5k" the plan has run every week is one more training run.
        let lastDay = options.races.isEmpty ? pending.lazy.filter { !$0.isNote }.map(\.date).max() : nil
        var titlesBeforeLastDay = Set<Int>()
        if let lastDay {
            for (entry, text) in zip(pending, texts) where entry.date < lastDay { titlesBeforeLastDay.insert(text.title) }
        }
        let raceDays = Dictionary(options.races.map { ($0.date, $0) }, uniquingKeysWith: { first, _ in first })

        var entries: [ReadEntry] = []
        var untyped: [Bool] = []
        entries.reserveCapacity(pending.count)
        var known: [EntryKey: EntryReading] = [:]
        for (entry, text) in zip(pending, texts) {
            let key = EntryKey(title: text.title, column: text.column, description: text.description, type: entry.type,
                               isStrength: entry.isStrength,
                               noteDays: entry.isNote ? entry.lastDate.map { entry.date.days(until: $0) } ?? 0 : nil,
                               distanceKm: entry.distanceKm, bareDistance: entry.bareDistance,
                               durationMin: entry.durationMin,
                               isLastDay: entry.date == lastDay && !titlesBeforeLastDay.contains(text.title))
            var reading: EntryReading
            if let seen = known[key] {
                reading = seen
            } else {
                reading = EntryReading(entry, title: readings[text.title],
                                       typeColumn: text.column < 0 ? nil : readings[text.column],
                                       description: readings[text.description], inMiles: inMiles,
                                       isLastDay: key.isLastDay)
                known[key] = reading
            }
            if let race = raceDays[entry.date], [.run, .race, .unknown].contains(reading.components[0].kind) {
                // A configured race's day: the run on it is the race.
                let main = reading.components[0]
                reading.components[0] = EntryComponent(.race, type: .race,
                                                       distanceKm: main.distanceKm ?? race.distance.kilometres,
                                                       durationMin: main.durationMin)
                reading.why = "[[races]] \(race.name)"
            }
            entries.append(ReadEntry(date: entry.date, lastDate: entry.lastDate, title: entry.title,
                                     source: entry.source, components: reading.components, why: reading.why))
            untyped.append(reading.untypedRun)
        }
        var order = Array(entries.indices)
        order.sort { (entries[$0].date, entries[$0].source?.line ?? 0, $0) < (entries[$1].date, entries[$1].source?.line ?? 0, $1) }
        entries = order.map { entries[$0] }
        untyped = order.map { untyped[$0] }
        LongRunInference.apply(to: &entries, untyped: untyped)
        SteadyRunInference.apply(to: &entries)
        warnings = ScheduleWarnings.find(in: entries, path: path)
        return Schedule(entries: entries)
    }
}

/// The week's longest run is its long run, even when the plan only says "16 km".
///
/// The week (Monday to Sunday) must have no run marked long and at least two runs (or races) with a
/// distance (or, lacking distances, with a time); the longest must be longer than every other and be a run
/// whose title named no type ("Run - 9.5 miles"). Runs whose titles name them easy, recovery or a workout
/// keep their names.
enum LongRunInference {
    static func apply(to entries: inout [ReadEntry], untyped: [Bool]) {
        var byWeek: [LocalDate: [Int]] = [:]
        for (index, entry) in entries.enumerated() where entry.main.kind == .run || entry.main.kind == .race {
            byWeek[entry.date.startOfWeek, default: []].append(index)
        }
        for indices in byWeek.values {
            guard !indices.contains(where: { entries[$0].main.type == .long }) else { continue }
            // By distance, or by time in a plan that gives no distances that week.
            var measured = indices.compactMap { index -> (index: Int, amount: Double)? in
                entries[index].main.distanceKm.map { (index, $0) }
            }
            if measured.count < 2 {
                measured = indices.compactMap { index in entries[index].main.durationMin.map { (index, $0) } }
            }
            measured.sort { $0.amount > $1.amount }
            guard measured.count >= 2 else { continue }
            let longest = measured[0].index
            guard untyped[longest], entries[longest].main.kind == .run, measured[0].amount > measured[1].amount
            else { continue }
            entries[longest].components[0].type = .long
            entries[longest].why += "; the week's clearly longest run"
        }
    }
}

/// "Steady" is an easy word, unless the plan itself puts its steady runs above its easy ones: a plan whose
/// easy and long runs say "HR 135-152" and whose steady runs say "HR 155-165" means a moderate, tempo-like
/// effort by "steady". Judged by the heart rates the file writes in its titles, and only when every steady
/// range starts at or above the top of every easy range.
enum SteadyRunInference {
    static func apply(to entries: inout [ReadEntry]) {
        var easyTop: Int?
        var steady: [(index: Int, low: Int)] = []
        for (index, entry) in entries.enumerated() where entry.main.kind == .run {
            guard let range = heartRate(in: entry.title) else { continue }
            let isSteady = TextTokens(entry.title).words.contains("steady")
            if isSteady, entry.main.type == .easy {
                steady.append((index, range.low))
            } else if !isSteady, [.easy, .long, .recovery].contains(entry.main.type) {
                easyTop = max(easyTop ?? 0, range.high)
            }
        }
        guard let easyTop, !steady.isEmpty, steady.allSatisfy({ $0.low >= easyTop }) else { return }
        for (index, _) in steady {
            entries[index].components[0].type = .tempo
            entries[index].why += "; steady above the plan's easy heart rate (\(easyTop))"
        }
    }

    /// "HR 155-165", "HR: 150–160", "hr 150": the range a title gives, if any.
    static func heartRate(in title: String) -> (low: Int, high: Int)? {
        let words = TextTokens(title).words
        guard let at = words.firstIndex(where: { $0 == "hr" || $0 == "bpm" }) else { return nil }
        let after = words[(at + 1)...].prefix(2).compactMap { Int($0) }
        let numbers = after.isEmpty ? words[..<at].suffix(2).compactMap { Int($0) } : after
        guard let low = numbers.first, (60...230).contains(low) else { return nil }
        let high = numbers.count > 1 && numbers[1] >= low && numbers[1] <= 230 ? numbers[1] : low
        return (low, high)
    }
}
