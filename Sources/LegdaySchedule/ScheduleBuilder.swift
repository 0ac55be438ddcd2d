import LegdayCore

/// One dated item as a reader found it, before the text is read for a run type and distance.
struct ScheduleEntry {
    var date: LocalDate
    var title: String
    var description: String = ""
    /// A type the source states outright (a CSV or TOML `type` column); text is not consulted then.
    var type: RunType?
    /// A distance the source states outright.
    var distanceKm: Double?
    /// The source said "strength" in its type column.
    var isStrength = false
    var source: SourceLocation?
}

/// Turns entries into a `Schedule`: reads run types and distances from titles, separates strength sessions,
/// keeps what it cannot classify apart, and finds each week's long run.
struct ScheduleBuilder {
    let keywords: KeywordMap
    private let longestPhrase: Int
    private let phraseStarts: Set<String>
    private(set) var schedule = Schedule()
    /// Readings of texts seen before: exports repeat the same titles and notes week after week, and
    /// reading a text is the costliest step of reading a calendar.
    private var readings: [String: TextReading] = [:]

    init(keywords: KeywordMap) {
        self.keywords = keywords
        self.longestPhrase = keywords.longestPhrase
        self.phraseStarts = keywords.phraseStarts
    }

    mutating func add(_ entry: ScheduleEntry) {
        if entry.isStrength {
            schedule.strength.append(PlannedStrength(date: entry.date, title: entry.title, source: entry.source))
            return
        }
        var reading = TextReading(type: entry.type, distanceKm: entry.distanceKm)
        if entry.type == nil || entry.distanceKm == nil {
            // The title speaks first; the description only fills in what the title left out, and not at all
            // for a strength session ("Squats 3x8" in a gym session's notes is not an interval run).
            let fromTitle = read(entry.title)
            var found = fromTitle
            if fromTitle.isEmpty {
                found = read(entry.description)
            } else if !fromTitle.isStrength || fromTitle.type != nil,
                      fromTitle.type == nil || fromTitle.distanceKm == nil {
                let fromText = read(entry.description)
                found.type = fromTitle.type ?? fromText.type
                found.distanceKm = fromTitle.distanceKm ?? fromText.distanceKm
            }
            if reading.type == nil { reading.type = found.type }
            if reading.distanceKm == nil { reading.distanceKm = found.distanceKm }
            reading.isStrength = found.isStrength
        }
        if reading.isStrength {
            schedule.strength.append(PlannedStrength(date: entry.date, title: entry.title, source: entry.source))
        }
        // A distance with no keyword is still plainly a run: an easy one, until the week says otherwise.
        let type = reading.type ?? (reading.distanceKm != nil ? .easy : nil)
        let run = Run(date: entry.date, type: type ?? .easy, distanceKm: reading.distanceKm,
                      title: entry.title, source: entry.source)
        if type != nil {
            schedule.runs.append(run)
        } else if !reading.isStrength {
            schedule.unclassified.append(run)
        }
    }

    private mutating func read(_ text: String) -> TextReading {
        if let known = readings[text] { return known }
        let reading = TextReading(text, keywords: keywords, longestPhrase: longestPhrase, phraseStarts: phraseStarts)
        readings[text] = reading
        return reading
    }

    mutating func add(_ annotation: Annotation) {
        schedule.annotations.append(annotation)
    }

    /// The finished schedule, sorted by date, with inferred long runs.
    func build() -> Schedule {
        var result = schedule
        result.runs.sort { ($0.date, $0.source?.line ?? 0) < ($1.date, $1.source?.line ?? 0) }
        result.strength.sort { ($0.date, $0.source?.line ?? 0) < ($1.date, $1.source?.line ?? 0) }
        result.unclassified.sort { ($0.date, $0.source?.line ?? 0) < ($1.date, $1.source?.line ?? 0) }
        result.annotations.sort { ($0.first, $0.last) < ($1.first, $1.last) }
        LongRunInference.apply(to: &result.runs)
        return result
    }
}

/// The week's clearly longest run is its long run, even when the plan only says "Easy 16 miles".
///
/// "Clearly" means: the week has no run marked long, at least two runs with a distance, and the longest is an
/// easy run at least `margin` times the next longest. Races and workouts are never relabelled.
enum LongRunInference {
    static let margin = 1.25

    static func apply(to runs: inout [Run]) {
        var byWeek: [LocalDate: [Int]] = [:]
        for (index, run) in runs.enumerated() { byWeek[run.date.startOfWeek, default: []].append(index) }
        for indices in byWeek.values {
            guard !indices.contains(where: { runs[$0].type == .long }) else { continue }
            let measured = indices.compactMap { index -> (index: Int, km: Double)? in
                guard runs[index].type != .cross, let km = runs[index].distanceKm else { return nil }
                return (index, km)
            }.sorted { $0.km > $1.km }
            guard measured.count >= 2 else { continue }
            let longest = measured[0].index
            guard runs[longest].type == .easy, measured[0].km >= margin * measured[1].km else { continue }
            runs[longest].type = .long
        }
    }
}
