import LegdayCore

/// What is worth telling the runner about a file as a whole, once its entries are read: too much of it
/// unread, a block of dates far from the rest, and days holding entries that disagree.
enum ScheduleWarnings {
    /// More than this share of a file read as `unknown` gets a warning.
    static let unknownShare = 0.1
    /// A gap of more than this many days between two blocks of dates makes the smaller block suspect.
    static let farGapDays = 120

    static func find(in entries: [ReadEntry], path: String) -> [Diagnostic] {
        guard !entries.isEmpty else { return [] }
        return unknownWarning(entries, path: path) + farDates(entries, path: path) + contradictions(entries)
    }

    /// "7 of 40 entries (18%) read as unknown; most common words: …; teach them under [schedule.keywords]".
    static func unknownWarning(_ entries: [ReadEntry], path: String) -> [Diagnostic] {
        let unknown = entries.filter { $0.main.kind == .unknown }
        guard !unknown.isEmpty, Double(unknown.count) > unknownShare * Double(entries.count) else { return [] }
        var counts: [String: Int] = [:]
        for entry in unknown {
            for word in Set(TextTokens(entry.title).words)
            where word.count > 1 && !word.allSatisfy(\.isNumber) && !fillerWords.contains(word) {
                counts[word, default: 0] += 1
            }
        }
        // The most frequent first; among equals the longer word, which usually says more.
        let common = counts.sorted { ($0.value, $0.key.count, $1.key) > ($1.value, $1.key.count, $0.key) }.prefix(5)
        let percent = Int((Double(unknown.count) * 100 / Double(entries.count)).rounded())
        var message = "\(unknown.count) of \(entries.count) entries (\(percent)%) read as unknown"
        if let top = common.first {
            message += "; most common words: " + common.map { "'\($0.key)' (\($0.value))" }.joined(separator: ", ")
            message += "; teach legday what they mean under [schedule.keywords], e.g. \"\(top.key)\" = \"easy\""
        }
        let at = unknown.first?.source ?? SourceLocation(path: path, line: 1)
        return [Diagnostic(SourceLocation(path: at.path, line: 1), message, severity: .warning)]
    }

    /// Words that teach nothing about a session.
    static let fillerWords: Set<String> = [
        "with", "and", "the", "for", "at", "of", "to", "in", "on", "an", "my", "your", "day", "mit", "und", "der",
        "die", "das", "avec", "et", "le", "la", "de", "con", "el", "y", "med", "og", "på",
    ]

    /// Dates far outside the rest of the file: a December block dated a year late.
    static func farDates(_ entries: [ReadEntry], path: String) -> [Diagnostic] {
        let dates = entries.map(\.date).sorted()
        guard dates.count >= 4 else { return [] }
        var widest = (gap: 0, at: 0)
        for i in dates.indices.dropFirst() {
            let gap = dates[i - 1].days(until: dates[i])
            if gap > widest.gap { widest = (gap, i) }
        }
        guard widest.gap > farGapDays else { return [] }
        let before = Array(dates[..<widest.at])
        let after = Array(dates[widest.at...])
        let (odd, rest) = before.count < after.count ? (before, after) : (after, before)
        guard let first = odd.first, let last = odd.last, let restFirst = rest.first, let restLast = rest.last
        else { return [] }
        let location = entries.first { $0.date == first }?.source ?? SourceLocation(path: path, line: 1)
        return [Diagnostic(location, "\(odd.count) entries from \(first) to \(last) lie \(widest.gap) days apart "
            + "from the rest of the file (\(restFirst) to \(restLast)); is that block dated a year off?",
            severity: .warning)]
    }

    /// At most this many days that disagree are named one by one.
    static let listedContradictions = 5

    /// Two runs on one day that disagree, or a rest day that also holds a run, written in different places
    /// of the file (a week pasted twice). Entries of one day written together are a double day, and
    /// recurring events that meet on a day are the plan's routine, not a mistake.
    static func contradictions(_ entries: [ReadEntry]) -> [Diagnostic] {
        // Most files hold one session a day: then there is nothing to compare.
        guard entries.indices.dropFirst().contains(where: { entries[$0].date == entries[$0 - 1].date }) else { return [] }
        var entriesPerLine: [Int: Int] = [:]
        for entry in entries { if let line = entry.source?.line { entriesPerLine[line, default: 0] += 1 } }
        // In file order, how many times the date has changed before each line: two entries of one day are
        // apart when the date changes between them.
        let inFileOrder = entries.compactMap { entry in entry.source.map { ($0.line, entry.date) } }.sorted { $0.0 < $1.0 }
        var changesBefore: [Int: Int] = [:]
        var changes = 0
        for (k, item) in inFileOrder.enumerated() {
            if k > 0, inFileOrder[k - 1].1 != item.1 { changes += 1 }
            changesBefore[item.0] = changes
        }
        func apart(_ a: ReadEntry, _ b: ReadEntry) -> Bool {
            guard let la = a.source?.line, let lb = b.source?.line,
                  entriesPerLine[la] == 1, entriesPerLine[lb] == 1 else { return false }
            return changesBefore[la] != changesBefore[lb]
        }
        var warnings: [Diagnostic] = []
        var more = 0
        var i = 0
        while i < entries.count {
            var j = i + 1
            while j < entries.count, entries[j].date == entries[i].date { j += 1 }
            let sessions = entries[i..<j].filter { [.run, .race, .rest].contains($0.main.kind) }
            if sessions.count >= 2, let first = sessions.first,
               let other = sessions.dropFirst().first(where: { disagree($0.main, first.main) && apart($0, first) }) {
                if warnings.count < listedContradictions {
                    let location = other.source ?? first.source ?? SourceLocation(path: "", line: 1)
                    let line = first.source.map { " (line \($0.line))" } ?? ""
                    warnings.append(Diagnostic(location, "\(first.date) holds \"\(first.title)\"\(line) and "
                        + "\"\(other.title)\", which disagree; both are kept (is a week in the file twice?)",
                        severity: .warning))
                } else {
                    more += 1
                }
            }
            i = j
        }
        if more > 0, let last = warnings.last {
            warnings.append(Diagnostic(last.location, "and \(more) more days whose entries disagree", severity: .warning))
        }
        return warnings
    }

    static func disagree(_ a: EntryComponent, _ b: EntryComponent) -> Bool {
        if (a.kind == .rest) != (b.kind == .rest) { return true }
        if a.type != b.type { return true }
        if let x = a.distanceKm, let y = b.distanceKm { return abs(x - y) > 0.1 * max(x, y) }
        return false
    }
}
