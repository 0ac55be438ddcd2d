import LegdayCore

/// The rules of evidence: how one entry's title, type column, description and stated fields become the
/// components of a `ReadEntry` (see docs/schedules.md, "Reading an entry").
///
/// - The title decides. The type column (CSV) speaks where the title is silent, and the description's
///   first paragraph only fills what both left out: a run's type when the title gives neither type nor
///   measure, its distance when the title gives none, its time when the title writes no measure at all.
///   A description never makes a race, a rest day or a note of an entry whose title says something.
/// - A race comes from a race word in the title ("race", 🏁), a race distance's name with no workout named
///   ("Rome Marathon", "parkrun"), a stated type, the file's last entry at a race distance (when no race is
///   configured and its title is new to the plan), or a configured race's day (applied by the builder).
/// - Errands and milestones ("register", ✈, ⚙) are notes; so are week and phase summaries with nothing else.
/// - "Strength + 5K easy run" is a run with a strength part; "Strength or Rest" is its first alternative;
///   optional parts ("PM: Optional XT") follow the others.
struct EntryReading {
    var components: [EntryComponent]
    var why: String
    /// The run's type was named by no word of its title nor stated: "16 km", "12 mi run" (for the long-run rule).
    var untypedRun = false

    /// An easy run longer than this is a long run.
    static let longRunMinutes = 90.0

    /// A run's time and distance must agree: no session is run faster than this many minutes a kilometre
    /// (a time shorter than that is the time of an effort inside it: "Climb 30 min — 11 km") nor slower than
    /// the other (a longer time is a misread pace or goal: "12 km 4:50" is no run of 4 h 50, unless the
    /// distance is a repetition's, under 4 km: "1000m (1:20:00)"). Only for
    /// measures read from text: a distance or time a source states in a column of its own stays as stated.
    static let plausibleMinutesPerKm = 3.5...20.0

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
    private static func parts(_ kinds: TextReading.Kinds, runWord: Bool, measured: Bool, raceAllowed: Bool) -> Parts {
        var parts = Parts()
        let runTypes = kinds.types.subtracting([.cross, .rest, .race])
        parts.runType = KeywordMap.priority.first(where: runTypes.contains)
        parts.strength = kinds.strength
        parts.cross = kinds.types.contains(.cross)
        // "Run: Core Stability" is a strength session: the bare word "run" makes a run only when no other
        // session is named. "Natation — tempo": beside a swim or a ride, a pace with no word of running
        // describes that session.
        parts.run = (!runTypes.isEmpty && (runWord || !parts.cross)) || (kinds.run && !kinds.strength && !parts.cross)
        parts.race = raceAllowed && kinds.types.contains(.race)
        parts.cross = parts.cross || (kinds.walk && !parts.run)
        // "8 miles. Strength Workout": a distance standing alone beside a strength session is a run.
        if kinds.distanceAlone, parts.strength, !parts.cross { parts.run = true }
        // "No run today" is a day off running.
        parts.rest = kinds.types.contains(.rest) || kinds.noRun
        // "Rome Marathon", "Run Rome The Marathon": a race distance's name with no workout named.
        if raceAllowed, kinds.raceName != nil, runTypes.isEmpty, !parts.strength, !parts.cross, !kinds.summary {
            parts.race = true
        }
        // A distance or a time with no other word is a run.
        if parts.isEmpty, measured { parts.run = true }
        return parts
    }

    /// What a text names as components: the first of alternatives ("Strength or Rest" is strength), and
    /// optional parts after the others ("Strength + optional recovery jog"), or alone when nothing else is
    /// named ("Optional: 20 min jog").
    private static func components(_ reading: TextReading, measured: Bool, raceAllowed: Bool) -> [EntryComponent] {
        func read(_ kinds: TextReading.Kinds, measured: Bool) -> Parts {
            parts(kinds, runWord: reading.runWord, measured: measured, raceAllowed: raceAllowed)
        }
        let optional = read(reading.optionalKinds, measured: false)
        if read(reading.kinds, measured: false).isEmpty, !optional.isEmpty {
            return read(reading.optionalKinds, measured: measured).components(alternative: reading.alternative)
        }
        var main = read(reading.kinds, measured: measured)
        if reading.alternative {
            let first = read(reading.firstAlternative, measured: false)
            if !first.isEmpty { main = first }
        }
        var result = main.components(alternative: reading.alternative)
        if !result.isEmpty {
            for part in optional.components(alternative: false) where !result.contains(where: { $0.kind == part.kind }) {
                result.append(EntryComponent(part.kind))
            }
        }
        return result
    }

    static func measured(_ reading: TextReading, inMiles: Bool) -> Bool {
        distance(reading, inMiles: inMiles) != nil || reading.durationMin != nil
    }

    static func distance(_ reading: TextReading, inMiles: Bool) -> Double? {
        // Daniels' segments ("2E+8M+1E") before a bare "m", which they also look like.
        let segments = reading.planUnits.map { inMiles ? $0 * 1.609344 : $0 }
        var km = reading.distanceKm ?? segments ?? (inMiles ? reading.bareMiles : nil)
        // "Intervals: 2k (x3)": in an interval session a short distance is the length of a repetition.
        if let value = km, value < 4, reading.kinds.types.contains(.intervals), segments == nil { km = nil }
        return km
    }

    /// The run type a text names, if any (never a race).
    private static func runType(_ reading: TextReading) -> RunType? {
        let types = reading.kinds.types.subtracting([.cross, .rest, .race])
        return KeywordMap.priority.first(where: types.contains)
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
        if title.kinds.note {
            components = [EntryComponent(.note)]
            why = EntryReading.explain("title", title)
            return
        }
        // What the source states outright: legday's own types, and a CSV type column of type names.
        var stated: EntryComponent?
        if entry.isStrength {
            stated = EntryComponent(.strength)
        } else if let type = entry.type {
            switch type {
            case .race: stated = EntryComponent(.race, type: .race)
            case .cross: stated = EntryComponent(.cross)
            case .rest: stated = EntryComponent(.rest)
            default: stated = EntryComponent(.run, type: type)
            }
        }
        let titleMeasured = EntryReading.measured(title, inMiles: inMiles)
        // A summary ("Week 3", "Marathon build") says nothing of a session unless a session word is there too.
        let titleKinds = title.kinds
        let summaryOnly = titleKinds.summary && titleKinds.types.isEmpty && !titleKinds.strength && !titleKinds.run
            && !titleKinds.walk
        var result = summaryOnly ? [] : EntryReading.components(title, measured: titleMeasured, raceAllowed: true)
        // "Evening session — 15 min" with the description "No run today": a measure alone makes no run when
        // the description says there is none; the description says what it is.
        if description.kinds.noRun, title.kinds.namesNothing,
           title.optionalKinds.isEmpty, result.first?.kind == .run {
            result = []
        }
        var decidedBy = "title"
        var decidingReading = title
        if let stated {
            // A stated type gives way only to a title naming another kind of entry ("rest" in a column of
            // "Recovery"); a run keeps the strength part its title names.
            let titleKind = result.first?.kind
            if titleKind == nil || titleKind == stated.kind || (stated.kind == .run && titleKind == .race) {
                let titleType = result.first?.type
                var main = stated
                if main.kind == .run, main.type == nil { main.type = titleType }
                result = [main] + result.dropFirst().filter { $0.kind == .strength && main.kind == .run }
                decidedBy = "type: " + (stated.type?.rawValue ?? stated.kind.rawValue)
                decidingReading = TextReading()
            }
        }
        if result.isEmpty, let typeColumn {
            result = EntryReading.components(typeColumn, measured: false, raceAllowed: true)
            decidedBy = "type column"
            decidingReading = typeColumn
        }
        let descriptionMeasured = EntryReading.measured(description, inMiles: inMiles)
        if result.isEmpty {
            result = EntryReading.components(description, measured: descriptionMeasured, raceAllowed: false)
            decidedBy = "description"
            decidingReading = description
            if result.isEmpty, summaryOnly || description.kinds.note {
                components = [EntryComponent(.note)]
                why = summaryOnly ? EntryReading.explain("title", title) : EntryReading.explain("description", description)
                return
            }
        }
        guard !result.isEmpty else {
            components = [EntryComponent(.unknown)]
            why = "no word of the vocabulary, no distance, no time"
            return
        }
        why = decidedBy.hasPrefix("type: ") ? decidedBy : EntryReading.explain(decidedBy, decidingReading)

        // Fill the main part: stated values first, then the title, the type column, the description.
        var main = result[0]
        guard main.kind != .rest else {
            components = result
            return
        }
        if main.kind == .run, main.type == nil {
            untypedRun = true
            // The description names the type only when the title says neither type nor measure: "1 m run"
            // with the description "Saturday--Long Run" is a run of one mile, as the title says.
            let fromColumn = typeColumn.flatMap(EntryReading.runType)
            let fromDescription = titleMeasured ? nil : EntryReading.runType(description)
            if let type = fromColumn ?? fromDescription {
                main.type = type
                why += fromColumn != nil ? "; type column" : "; description: \(type.rawValue)"
            }
        }
        // Measures: what the source states, else the title's; the description only when neither the source
        // nor the title gives one: its distance, or its time when the title writes no measure at all (not even
        // "6x800m" or "3' rec") and the description no distance.
        main.distanceKm = entry.distanceKm ?? entry.bareDistance.map { inMiles ? $0 * 1.609344 : $0 }
            ?? EntryReading.distance(title, inMiles: inMiles)
        main.durationMin = entry.durationMin ?? title.durationMin
        if entry.distanceKm == nil, entry.bareDistance == nil, entry.durationMin == nil {
            if descriptionMeasured, main.kind != .strength || decidedBy == "description" {
                let before = (main.distanceKm, main.durationMin)
                main.distanceKm = main.distanceKm ?? EntryReading.distance(description, inMiles: inMiles)
                if main.durationMin == nil, main.distanceKm == nil, !title.mentionsMeasure {
                    main.durationMin = description.durationMin
                }
                if before != (main.distanceKm, main.durationMin) { why += "; description: measure" }
            }
        }
        if main.kind == .race, main.distanceKm == nil {
            main.distanceKm = titleKinds.raceName
        }
        // Measures a source states in columns of their own are taken as stated.
        if main.kind == .run, entry.distanceKm == nil, entry.bareDistance == nil, entry.durationMin == nil,
           let km = main.distanceKm, km > 0, let minutes = main.durationMin,
           !EntryReading.plausibleMinutesPerKm.contains(minutes / km) {
            if minutes / km > EntryReading.plausibleMinutesPerKm.upperBound, km < 4 {
                // "Cruise Intervals 1000m (1:20:00 …)": a short distance beside a long time is a repetition's.
                main.distanceKm = nil
                why += "; \(km.formatted1) km is a repetition of \(minutes.formatted1) min"
            } else {
                main.durationMin = nil
                why += "; \(minutes.formatted1) min is not the time of \(km.formatted1) km"
            }
        }
        if main.kind == .run {
            main.type = main.type ?? .easy
            // An easy run of more than an hour and a half is the long run ("steady E run of 120 min").
            if main.type == .easy, let minutes = main.durationMin, minutes > EntryReading.longRunMinutes {
                main.type = .long
                why += "; over \(Int(EntryReading.longRunMinutes)) min"
            }
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
