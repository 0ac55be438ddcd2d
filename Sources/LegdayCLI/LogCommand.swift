import ArgumentParser
import Foundation
import LegdayConfig
import LegdayCore
import LegdayExercises
import LegdayLog
import LegdayOutput

/// `legday log`: what the runner did, into the training log. Every way of using it checks everything first
/// and writes in one transaction at the end, so an error leaves the log as it was.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Log a session (done, partial, skipped) or the sets of an exercise.",
        discussion: """
        legday log done --rpe 7 --note "felt strong"
        legday log --date 2026-11-24 skipped
        legday log goblet-squat 16kg 8 8 7
        legday log romanian-deadlift 60kg 5x5
        legday log split-squat bw 10 10
        legday log --undo
        legday log --import history.csv

        A load is kilograms (16kg), pounds (35lb, kept as kilograms) or bw for bodyweight; reps are each \
        set's reps (8 8 7) or sets x reps (5x5). The log is $XDG_STATE_HOME/legday/log.sqlite; see \
        docs/logging.md.
        """)

    @OptionGroup var config: ConfigOption
    // Dates and the RPE are read here rather than by the parser, so a bad one is a clear error with status 1
    // like every other problem this command reports.
    @Option(help: ArgumentHelp("The day (default: today in the athlete's zone).", valueName: "YYYY-MM-DD"))
    var date: String?
    @Option(help: ArgumentHelp("How hard the session felt, 1-10 (with done, partial or skipped).", valueName: "N"))
    var rpe: String?
    @Option(help: ArgumentHelp("A note on the session (with done, partial or skipped).", valueName: "TEXT"))
    var note: String?
    @Flag(help: "Remove the last thing logged (a whole import counts as one).") var undo = false
    @Option(name: .customLong("import"), help: ArgumentHelp("Import a CSV file in the format `legday history --format csv` writes.",
                                                             valueName: "FILE.csv"))
    var importFile: String?
    // Everything else, unparsed: `-5kg` would otherwise be taken for an option and answered with a usage
    // error instead of "the load is negative".
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("done|partial|skipped, or EXERCISE LOAD REPS…", valueName: "WHAT"))
    var words: [String] = []

    func run() throws {
        if let option = words.first(where: { $0.hasPrefix("--") }) {
            throw LogSetup.failure("unknown option \(option)")
        }
        if undo {
            guard words.isEmpty, importFile == nil, date == nil, rpe == nil, note == nil else {
                throw LogSetup.failure("--undo takes nothing else")
            }
            return try runUndo()
        }
        if let importFile {
            guard words.isEmpty, date == nil, rpe == nil, note == nil else {
                throw LogSetup.failure("--import takes nothing else: the file has the dates")
            }
            return try runImport(importFile)
        }
        guard let first = words.first else {
            throw LogSetup.failure("say what to log: done, partial or skipped, or EXERCISE LOAD REPS… (legday log goblet-squat 16kg 8 8 7)")
        }
        if let status = SessionStatus(rawValue: first.lowercased()) {
            try logSession(status)
        } else {
            try logSets(exercise: first.lowercased(), rest: Array(words.dropFirst()))
        }
    }

    // MARK: A session

    private func logSession(_ status: SessionStatus) throws {
        guard words.count == 1 else {
            throw LogSetup.failure("\(status.rawValue) takes no more words (\(words.dropFirst().joined(separator: " "))); a note goes in --note TEXT")
        }
        var rpeValue: Int?
        if let rpe {
            guard let value = Int(rpe.trimmingCharacters(in: .whitespaces)) else {
                throw LogSetup.failure("--rpe \(rpe) is not a whole number from 1 to 10")
            }
            if let problem = TrainingLogLimits.problem(rpe: value) { throw LogSetup.failure("--rpe: \(problem)") }
            rpeValue = value
        }
        let trimmedNote = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        let context = try AppContext.load(configPath: config.path)
        let day = try loggedDay(context)
        let planned = context.day(day)
        guard planned.kind.hasSession else {
            throw LogSetup.failure("\(LogSetup.dayName(day)) is a \(planned.kind.label.lowercased()) day in the plan: "
                                   + "it has no session to log as \(status.rawValue)")
        }
        let now = Date()
        let entry = SessionLogEntry(date: day, status: status, rpe: rpeValue,
                                    note: trimmedNote?.isEmpty == false ? trimmedNote : nil,
                                    sessionID: Reminder(for: planned).id, loggedAt: now)
        let log = try LogSetup.open()
        try LogSetup.write { try log.record([.session(entry)], command: "log", at: now) }
        print("Logged \(LogSetup.dayName(day)) (\(planned.kind.label)): \(LogSetup.describe(entry))")
    }

    // MARK: Sets

    private func logSets(exercise: String, rest: [String]) throws {
        if rpe != nil || note != nil {
            throw LogSetup.failure("--rpe and --note go with done, partial or skipped, not with an exercise's sets")
        }
        let library = try LogSetup.library()
        guard library[exercise] != nil else {
            var message = "unknown exercise \"\(exercise)\""
            if let near = LogNotation.suggestion(for: exercise, among: library.exercises.map(\.id)) {
                message += "; did you mean \"\(near)\"?"
            } else {
                message += " (legday exercise lists them)"
            }
            throw LogSetup.failure(message)
        }
        let sets: LogNotation.Sets
        do {
            sets = try LogNotation.sets(rest)
        } catch {
            throw LogSetup.failure("\(exercise): \(error)")
        }
        let context = try AppContext.load(configPath: config.path)
        let day = try loggedDay(context)
        let now = Date()
        let entry = SetLogEntry(date: day, exerciseID: exercise, load: sets.load, reps: sets.reps, loggedAt: now)
        let log = try LogSetup.open()
        try LogSetup.write { try log.record([.sets(entry)], command: "log", at: now) }
        var loadText = sets.load.text(in: LogSetup.displayUnit)
        if let typed = sets.typedUnit, typed != LogSetup.displayUnit { loadText += " (\(sets.load.text(in: typed)))" }
        let name = library[exercise]?.name ?? exercise
        print("Logged \(LogSetup.dayName(day)): \(name) \(loadText) × \(entry.reps.map(String.init).joined(separator: ", "))")
    }

    /// The day being logged: --date or today in the athlete's zone; never a day still to come.
    private func loggedDay(_ context: AppContext) throws -> LocalDate {
        let today = context.today()
        guard let date else { return today }
        let day = try LogSetup.date(date, option: "--date")
        if day > today {
            throw LogSetup.failure("\(LogSetup.dayName(day)) is still to come (today is \(today.iso)): log a day once it has happened")
        }
        return day
    }

    // MARK: Undo and import

    private func runUndo() throws {
        guard FileManager.default.fileExists(atPath: LogSetup.path()) else {
            throw LogSetup.failure("the training log is empty: nothing to undo")
        }
        let log = try LogSetup.open()
        guard let batch = try LogSetup.write({ try log.undo() }) else {
            throw LogSetup.failure("the training log is empty: nothing to undo")
        }
        if batch.command.hasPrefix("import") {
            let days = batch.entries.map(\.date)
            let span = days.min().map { first in " (\(first.iso) to \(days.max()!.iso))" } ?? ""
            print("Removed the \(batch.command) of \(batch.entries.count) entries\(span).")
        } else {
            for entry in batch.entries { print("Removed \(LogSetup.dayName(entry.date)): \(LogSetup.describe(entry))") }
        }
    }

    private func runImport(_ file: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw LogSetup.failure("cannot read \(file): \((error as NSError).localizedDescription)")
        }
        let library = try LogSetup.library()
        let now = Date()
        let entries: [TrainingLogEntry]
        do {
            entries = try TrainingLogCSV.read(text, file: file, exercises: Set(library.exercises.map(\.id)), now: now)
        } catch {
            throw LogSetup.failure("\(error)")
        }
        let log = try LogSetup.open()
        let imported = try LogSetup.write {
            try log.importEntries(entries, command: "import of \((file as NSString).lastPathComponent)", at: now)
        }
        let already = imported.alreadyLogged == 0 ? "" : " (\(imported.alreadyLogged) already in the log)"
        print("Imported \(imported.added) entries from \(file)\(already).")
    }
}

/// Where the training log lives and how the log and history commands talk about it.
enum LogSetup {
    /// `$XDG_STATE_HOME/legday/log.sqlite` (`~/.local/state/legday/log.sqlite`), beside the outbox.
    static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        XDGDirectories(environment: environment).state + "/log.sqlite"
    }

    /// The unit loads are shown in. config.toml has no weight unit yet, so kilograms; a unit key read here
    /// is all it takes to show pounds (loads are kept in kilograms either way).
    static let displayUnit = WeightUnit.kg

    /// Opens the log, or says why it cannot and fails the command.
    static func open() throws -> TrainingLog {
        let path = path()
        do {
            let log = try TrainingLog(path: path)
            if let movedTo = log.recoveredCorruptFile {
                printError("the training log \(path) was damaged: moved it to \(movedTo) and started an empty one")
            }
            return log
        } catch {
            throw failure("cannot open the training log \(path): \(error)")
        }
    }

    /// Runs one write, saying what went wrong when the database refuses it (a full disk, a read-only file).
    static func write<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw failure("cannot write the training log \(path()): \(error)")
        }
    }

    static func library() throws -> ExerciseLibrary {
        do {
            return try ExerciseCatalog.bundled()
        } catch {
            throw failure("cannot read the exercise library: \(error)")
        }
    }

    static func date(_ text: String, option: String) throws -> LocalDate {
        guard let day = LocalDate(iso: text.trimmingCharacters(in: .whitespaces)) else {
            throw failure("\(option) \(text) is not a date: write YYYY-MM-DD")
        }
        return day
    }

    /// "Tuesday 2026-11-24".
    static func dayName(_ date: LocalDate) -> String { "\(date.weekday.name) \(date.iso)" }

    /// "done, RPE 7: felt strong" or "goblet-squat 16 kg × 8, 8, 7". Notes and ids may come from an
    /// imported file, so their control characters are shown, not sent to the terminal.
    static func describe(_ entry: TrainingLogEntry) -> String {
        switch entry {
        case .session(let session): describe(session)
        case .sets(let sets):
            TerminalText.safe("\(sets.exerciseID) \(sets.load.text(in: displayUnit)) × \(sets.reps.map(String.init).joined(separator: ", "))")
        }
    }

    static func describe(_ session: SessionLogEntry) -> String {
        var text = session.status.rawValue
        if let rpe = session.rpe { text += ", RPE \(rpe)" }
        if let note = session.note { text += ": \(TerminalText.safe(note))" }
        return text
    }

    /// Says `message` on standard error; the command ends with status 1.
    static func failure(_ message: String) -> ExitCode {
        printError(message)
        return ExitCode(1)
    }
}
