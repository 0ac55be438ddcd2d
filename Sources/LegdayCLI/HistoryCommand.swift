import ArgumentParser
import Foundation
import LegdayCore
import LegdayLog
import LegdayOutput

/// `legday history`: what the training log holds, by day.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show what was logged: sessions and sets, by day.",
        discussion: """
        Each day's session status (the last one logged for the day) and every set, oldest first. \
        `--format csv` writes the file `legday log --import` reads; the formats are in docs/logging.md.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

    // Accepted like on every command, so scripts can pass it; the history itself needs only the log.
    @OptionGroup var config: ConfigOption
    @Option(help: ArgumentHelp("First day (default: the first logged).", valueName: "YYYY-MM-DD")) var from: String?
    @Option(help: ArgumentHelp("Last day (default: the last logged).", valueName: "YYYY-MM-DD")) var to: String?
    @Option(help: "table, json or csv.") var format: Format = .table

    func run() throws {
        let first = try from.map { try LogSetup.date($0, option: "--from") }
        let last = try to.map { try LogSetup.date($0, option: "--to") }
        if let first, let last, last < first { throw LogSetup.failure("--to \(last.iso) is before --from \(first.iso)") }
        // Reading an empty history creates nothing: the log file appears with the first thing logged.
        let entries = FileManager.default.fileExists(atPath: LogSetup.path())
            ? try LogSetup.open().history(from: first, to: last).entries : []
        switch format {
        case .csv:
            print(TrainingLogCSV.write(entries), terminator: "")
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(HistoryDocument(entries: entries.map(HistoryDocument.Entry.init)))
            print(String(decoding: data, as: UTF8.self))
        case .table:
            if entries.isEmpty {
                print("Nothing logged\(first == nil && last == nil ? "" : " in these days").")
            } else {
                print(HistoryCommand.table(entries, width: TerminalWidth.current), terminator: "")
            }
        }
    }

    /// `Date  What  Load  Reps  RPE`, fitted to `width` columns. What is an exercise id, or a session's
    /// status with its note after it. Ids cannot wrap (they have no spaces, and a cut id is misread), so the
    /// column is as wide as the longest id, or wider when the reps leave room, and notes are wrapped here to
    /// that width; the reps wrap to what is left.
    static func table(_ entries: [TrainingLogEntry], width: Int = 80) -> String {
        var ids: [String] = []
        var loads: [String] = []
        var reps: [String] = []
        for case .sets(let sets) in entries {
            ids.append(TerminalText.safe(sets.exerciseID))
            loads.append(sets.load == .bodyweight ? "bw" : sets.load.text(in: LogSetup.displayUnit))
            reps.append(sets.repsText)
        }
        let gaps = 2 * 4
        let fixed = 10 + max(4, loads.map(\.count).max() ?? 0) + min(20, max(4, reps.map(\.count).max() ?? 0)) + 3 + gaps
        let whatWidth = max(ids.map(TextTable.columns(of:)).max() ?? 0, "session skipped".count, width - fixed)
        var setIndex = 0
        let rows = entries.map { entry -> [String] in
            switch entry {
            case .session(let session):
                var what = "session " + session.status.rawValue
                if let note = session.note { what += ": " + note.replacingOccurrences(of: "\n", with: " ") }
                return [session.date.iso, TextTable.wrap(TerminalText.safe(what), to: whatWidth).joined(separator: "\n"),
                        "", "", session.rpe.map(String.init) ?? ""]
            case .sets(let sets):
                defer { setIndex += 1 }
                return [sets.date.iso, ids[setIndex], loads[setIndex], reps[setIndex], ""]
            }
        }
        return TextTable(headings: ["Date", "What", "Load", "Reps", "RPE"], rows: rows, wrappable: [3])
            .render(width: width)
    }
}

/// The JSON `legday history --format json` prints (docs/logging.md).
struct HistoryDocument: Encodable {
    struct Entry: Encodable {
        var date: String
        /// "session" or "sets".
        var entry: String
        var status: String?
        var rpe: Int?
        var note: String?
        var sessionID: String?
        var exercise: String?
        /// Nil for bodyweight.
        var loadKg: Double?
        var bodyweight: Bool?
        var reps: [Int]?
        var loggedAt: String

        enum CodingKeys: String, CodingKey {
            case date, entry, status, rpe, note, exercise, bodyweight, reps
            case sessionID = "session_id", loadKg = "load_kg", loggedAt = "logged_at"
        }

        init(_ entry: TrainingLogEntry) {
            date = entry.date.iso
            loggedAt = ISO8601DateFormatter().string(from: entry.loggedAt)
            switch entry {
            case .session(let session):
                self.entry = "session"
                status = session.status.rawValue
                rpe = session.rpe
                note = session.note
                sessionID = session.sessionID
            case .sets(let sets):
                self.entry = "sets"
                exercise = sets.exerciseID
                loadKg = sets.load.kilograms
                bodyweight = sets.load == .bodyweight
                reps = sets.reps
            }
        }

        /// Keys that do not apply to an entry are left out, except `load_kg`, which is null for bodyweight.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(date, forKey: .date)
            try c.encode(entry, forKey: .entry)
            try c.encode(loggedAt, forKey: .loggedAt)
            try c.encodeIfPresent(status, forKey: .status)
            try c.encodeIfPresent(rpe, forKey: .rpe)
            try c.encodeIfPresent(note, forKey: .note)
            try c.encodeIfPresent(sessionID, forKey: .sessionID)
            try c.encodeIfPresent(exercise, forKey: .exercise)
            if entry == "sets" { try c.encode(loadKg, forKey: .loadKg) }
            try c.encodeIfPresent(bodyweight, forKey: .bodyweight)
            try c.encodeIfPresent(reps, forKey: .reps)
        }
    }

    var entries: [Entry]
}
