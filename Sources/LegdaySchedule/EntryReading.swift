import LegdayCore

/// The rules of evidence: how one entry's title, type column, description and stated fields become the
/// components of a `ReadEntry` (see docs/schedules.md, "Reading an entry").
///
/// - The title decides. The type column (CSV) speaks where the title is silent, and the description only
///   fills what both left out: a run's type when none was named, its distance and time when neither was
///   given. A description never makes a race, a rest day or a note of an entry whose title says something.
/// - A race comes from a race word in the title ("race", "parkrun", 🏁), a race distance's name with nothing
///   else said ("Rome Marathon"), a stated type, or a configured race's day (applied by the builder).
/// - Errands and milestones ("register", ✈, ⚙) are notes; so are week and phase summaries with nothing else.
/// - "Strength + 5K easy run" is a run with a strength part; "Strength or Rest" is its most active
///   alternative; "PM: Optional XT" is dropped when the entry holds something else.
struct EntryReading {
    var components: [EntryComponent]
    var why: String
    /// The run's type was named by no word of its title nor stated: "16 km", "12 mi run" (for the long-run rule).
    var untypedRun = false

    /// What a reading's kinds make, before distances and times are filled in.
    private struct Parts {
        var runType: RunType?
        var run = false
        var race = false
        var strength = false
        var cross = false
        var rest = false

        var isEmpty: Bool { !run && !race && !strength && !cross && !rest }

        /// The most active part first: run or race, strength, cross-training, rest.
        func components(alternative: Bool) -> [EntryComponent] {
            var result: [EntryComponent] = []
            if race { result.append(EntryComponent(.race, type: .race)) } else if run {
                result.append(EntryComponent(.run, type: runType))
            }
            if strength { result.append(EntryComponent(.strength)) }
            if cross { result.append(EntryComponent(.cross)) }
            if result.isEmpty && rest { result.append(EntryComponent(.rest)) }
            return alternative ? Array(result.prefix(1)) : result
        }
    }

    /// `raceAllowed` is false for descriptions; `measured` says the text gave a distance or a time.
    private static func parts(_ kinds: TextReading.Kinds, measured: Bool, raceAllowed: Bool) -> Parts {
        var parts = Parts()
        let runTypes = kinds.types.subtracting([.cross, .rest, .race])
        parts.runType = KeywordMap.priority.first(where: runTypes.contains)
        parts.strength = kinds.strength
        // "Run: Core Stability" is a strength session: the bare word "run" makes a run only when no other
        // session is named.
        parts.run = !runTypes.isEmpty || (kinds.run && !kinds.strength && !kinds.types.contains(.cross))
        parts.race = raceAllowed && kinds.types.contains(.race)
        parts.cross = kinds.types.contains(.cross) || (kinds.walk && !parts.run)
        // "8 miles. Strength Workout": a distance standing alone beside a strength session is a run.
        if kinds.distanceAlone, parts.strength, !parts.cross { parts.run = true }
        parts.rest = kinds.types.contains(.rest)
        // "Rome Marathon", "Run Rome The Marathon": a race distance's name with no workout named.
        if raceAllowed, kinds.raceName != nil, runTypes.isEmpty, !parts.strength, !parts.cross, !kinds.summary {
            parts.race = true
        }
        // A distance or a time with no other word is a run.
        if parts.isEmpty, measured { parts.run = true }
        return parts
    }

    /// The kinds a text names: outside optional clauses, or the optional ones when that is all there is.
    private static func kinds(of reading: TextReading) -> TextReading.Kinds {
        let named = reading.kinds
        let anything = !named.types.isEmpty || named.strength || named.run || named.walk || named.raceName != nil
        return anything || reading.optionalKinds.isEmpty ? named : reading.optionalKinds
    }

    static func measured(_ reading: TextReading, inMiles: Bool) -> Bool {
        distance(reading, inMiles: inMiles) != nil || reading.durationMin != nil
    }

    static func distance(_ reading: TextReading, inMiles: Bool) -> Double? {
        var km = reading.distanceKm ?? (inMiles ? reading.bareMiles : nil)
        // "Intervals: 2k (x3)": in an interval session a short distance is the length of a repetition.
        if let value = km, value < 4, reading.kinds.types.contains(.intervals) { km = nil }
        return km
    }

    init(_ entry: ScheduleEntry, title: TextReading, typeColumn: TextReading?, description: TextReading,
         inMiles: Bool, isLastDay: Bool) {
        components = []
        why = ""
        if entry.isNote {
            components = [EntryComponent(.note)]
            why = entry.lastDate.map { "spans \(entry.date.days(until: $0) + 1) days" } ?? "a note"
            return
        }
        let titleKinds = EntryReading.kinds(of: title)
        if titleKinds.note {
            components = [EntryComponent(.note)]
            why = EntryReading.explain("title", title)
            return
        }
        // What the source states outright: legday's own types, and a CSV type column.
        var stated = Parts()
        var statedWhy: String?
        if entry.isStrength {
            stated.strength = true
            statedWhy = "type: strength"
        } else if let type = entry.type {
            switch type {
            case .race: stated.race = true
            case .cross: stated.cross = true
            case .rest: stated.rest = true
            default:
                stated.run = true
                stated.runType = type
            }
            statedWhy = "type: \(type.rawValue)"
        }
        let titleMeasured = EntryReading.measured(title, inMiles: inMiles)
        var titleParts = EntryReading.parts(titleKinds, measured: titleMeasured, raceAllowed: true)
        // A summary ("Week 3", "Marathon build") says nothing of a session unless a session word is there too.
        let summaryOnly = titleKinds.summary && titleKinds.types.isEmpty && !titleKinds.strength && !titleKinds.run
            && !titleKinds.walk
        if summaryOnly { titleParts = Parts() }

        var parts = titleParts
        var alternative = title.alternative
        var decidedBy = "title"
        var decidingReading = title
        if !stated.isEmpty {
            // A stated type gives way only to a title naming another kind of entry ("rest" in a column of
            // "Recovery").
            let titleKind = titleParts.components(alternative: true).first?.kind
            let statedKind = stated.components(alternative: true).first?.kind
            if titleKind == nil || titleKind == statedKind || (statedKind == .run && titleKind == .race) {
                let titleType = titleParts.runType
                parts = stated
                if statedKind == .run, titleKind == .run, stated.runType == nil { parts.runType = titleType }
                if stated.run || stated.race { parts.strength = parts.strength || titleParts.strength }
                alternative = false
                decidedBy = statedWhy ?? "type"
                decidingReading = TextReading()
            }
        }
        if parts.isEmpty, let typeColumn {
            let columnKinds = EntryReading.kinds(of: typeColumn)
            parts = EntryReading.parts(columnKinds, measured: false, raceAllowed: true)
            alternative = typeColumn.alternative
            decidedBy = "type column"
            decidingReading = typeColumn
        }
        let descriptionKinds = EntryReading.kinds(of: description)
        let descriptionMeasured = EntryReading.measured(description, inMiles: inMiles)
        if parts.isEmpty {
            parts = EntryReading.parts(descriptionKinds, measured: descriptionMeasured, raceAllowed: false)
            alternative = description.alternative
            decidedBy = "description"
            decidingReading = description
            if parts.isEmpty, summaryOnly || descriptionKinds.note {
                components = [EntryComponent(.note)]
                why = summaryOnly ? EntryReading.explain("title", title) : EntryReading.explain("description", description)
                return
            }
        }
        var result = parts.components(alternative: alternative)
        guard !result.isEmpty else {
            components = [EntryComponent(.unknown)]
            why = "no word of the vocabulary, no distance, no time"
            return
        }
        why = statedWhy != nil && decidedBy == statedWhy ? decidedBy : EntryReading.explain(decidedBy, decidingReading)

        // Fill the main part: the title first, then the type column, then the description.
        var main = result[0]
        guard main.kind != .rest else {
            components = result
            return
        }
        if main.kind == .run, main.type == nil {
            let fromColumn = typeColumn.flatMap { EntryReading.parts(EntryReading.kinds(of: $0), measured: false, raceAllowed: false).runType }
            let fromDescription = EntryReading.parts(descriptionKinds, measured: false, raceAllowed: false).runType
            untypedRun = true
            if let type = fromColumn ?? fromDescription {
                main.type = type
                why += fromColumn != nil ? "; type column" : "; description: \(type.rawValue)"
            }
        }
        main.distanceKm = entry.distanceKm ?? entry.bareDistance.map { inMiles ? $0 * 1.609344 : $0 }
        main.durationMin = entry.durationMin
        if main.distanceKm == nil && main.durationMin == nil {
            if titleMeasured {
                main.distanceKm = EntryReading.distance(title, inMiles: inMiles)
                main.durationMin = title.durationMin
            } else if descriptionMeasured, main.kind != .strength || decidedBy == "description" {
                main.distanceKm = EntryReading.distance(description, inMiles: inMiles)
                main.durationMin = description.durationMin
                why += "; description: measure"
            }
        }
        if main.kind == .race, main.distanceKm == nil {
            main.distanceKm = titleKinds.raceName
        }
        if main.kind == .run {
            main.type = main.type ?? .easy
            // A marathon-pace run of 18 km or more is a long run with miles at pace.
            if main.type == .tempo, let km = main.distanceKm, km >= 18 { main.type = .long }
            // The plan's final event, of a race distance and named by nothing else, is the race.
            if isLastDay, untypedRun, let km = main.distanceKm,
               [5.0, 10.0, 21.0975, 42.195].contains(where: { abs(km - $0) <= $0 * 0.03 }) {
                main = EntryComponent(.race, type: .race, distanceKm: km, durationMin: main.durationMin)
                why += "; the plan's last entry, a race distance"
            }
        }
        result[0] = main
        components = result
    }

    static func explain(_ source: String, _ reading: TextReading) -> String {
        var clues = reading.evidence.map { "'\($0)'" }
        if let km = reading.distanceKm { clues.append("\(km.formatted1) km") }
        if let minutes = reading.durationMin { clues.append("\(minutes.formatted1) min") }
        return clues.isEmpty ? source : "\(source): " + clues.prefix(4).joined(separator: ", ")
    }
}

extension Double {
    /// "8", "12.9": at most one decimal, none when whole.
    var formatted1: String {
        let rounded = (self * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
