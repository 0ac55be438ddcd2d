import Foundation
import GRDB
import LegdayCore
import LegdayStore

/// The training log: what the runner did, in `$XDG_STATE_HOME/legday/log.sqlite`. SQLite through GRDB in
/// WAL mode with `synchronous=FULL`, like the outbox: every command is one transaction, so a crash (kill -9,
/// power loss) leaves all of what it logged or none of it, and a committed entry survives a power cut.
///
/// Every command that logs something writes one `batch` row and its entries point at it; `undo` removes the
/// newest batch with its entries, so undoing an import removes the whole import.
public final class TrainingLog: Sendable {
    public let path: String
    let database: DatabaseQueue

    /// Where a damaged database was moved, when opening found one.
    public let recoveredCorruptFile: String?

    /// Opens (creating when needed) the log at `path`, private to the user and durable across a power cut
    /// (`PrivateDatabase`). A damaged file is moved aside to `<path>.corrupt-<timestamp>` and an empty log
    /// takes its place, so the runner can go on logging and the damaged file is still there to rescue.
    public init(path: String, now: Date = Date()) throws {
        self.path = path
        (database, recoveredCorruptFile) = try PrivateDatabase.open(path: path, label: "legday.log",
                                                                   migrator: TrainingLog.migrator, now: now)
    }

    /// The schema, one migration per change; never edit a shipped migration, add one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: sessions and sets") { db in
            try db.create(table: "batch") { t in
                t.autoIncrementedPrimaryKey("id")
                // What logged it: "log", "import FILE"; for `undo` to say what it removed.
                t.column("command", .text).notNull()
                t.column("loggedAt", .double).notNull()
            }
            try db.create(table: "sessionEntry") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("batch", .integer).notNull().indexed().references("batch", onDelete: .cascade)
                t.column("date", .text).notNull().indexed()
                t.column("status", .text).notNull().check { ["done", "partial", "skipped"].contains($0) }
                t.column("rpe", .integer).check { $0 == nil || ($0 >= 1 && $0 <= 10) }
                t.column("note", .text)
                t.column("sessionID", .text).notNull()
                t.column("loggedAt", .double).notNull()
            }
            try db.create(table: "setEntry") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("batch", .integer).notNull().indexed().references("batch", onDelete: .cascade)
                t.column("date", .text).notNull().indexed()
                t.column("exercise", .text).notNull()
                // NULL is bodyweight.
                t.column("loadKg", .double)
                // Each set's reps, space-separated: "8 8 7".
                t.column("reps", .text).notNull()
                t.column("loggedAt", .double).notNull()
            }
        }
        return migrator
    }

    /// The migrations this file has had applied, oldest first.
    public func appliedMigrations() throws -> [String] {
        try database.read { try TrainingLog.migrator.appliedMigrations($0) }
    }

    // MARK: Writing

    /// What one command logged, for `undo` to say what it removed.
    public struct Batch: Sendable, Hashable {
        public var command: String
        public var loggedAt: Date
        public var entries: [TrainingLogEntry]
    }

    /// Logs `entries` as one batch, in one transaction.
    @discardableResult
    public func record(_ entries: [TrainingLogEntry], command: String = "log", at now: Date) throws -> Batch {
        try database.write { db in
            let batch = try TrainingLog.insertBatch(db, command: command, at: now)
            for entry in entries { try TrainingLog.insert(db, entry, batch: batch) }
            return Batch(command: command, loggedAt: TrainingLog.seconds(now), entries: entries)
        }
    }

    /// What an import did: entries added, and entries left out because the log already had them.
    public struct Imported: Sendable, Hashable {
        public var added: Int
        public var alreadyLogged: Int
    }

    /// Imports `entries` as one batch in one transaction: all of them or, on a crash, none. An entry the log
    /// already holds (same date, content and logging time) is left out, so importing a file twice, or an
    /// export into the log it came from, adds nothing. Entries are counted, not just matched: two equal sets
    /// logged in the same second are two entries, in the log and in the file.
    public func importEntries(_ entries: [TrainingLogEntry], command: String, at now: Date) throws -> Imported {
        try database.write { db in
            var result = Imported(added: 0, alreadyLogged: 0)
            let batch = try TrainingLog.insertBatch(db, command: command, at: now)
            var alreadyThere: [TrainingLogEntry: Int] = [:]
            for entry in try TrainingLog.fetch(db, from: nil, to: nil) { alreadyThere[entry, default: 0] += 1 }
            for entry in entries {
                if let count = alreadyThere[entry], count > 0 {
                    alreadyThere[entry] = count - 1
                    result.alreadyLogged += 1
                    continue
                }
                try TrainingLog.insert(db, entry, batch: batch)
                result.added += 1
            }
            if result.added == 0 { try db.execute(sql: "DELETE FROM batch WHERE id = ?", arguments: [batch]) }
            return result
        }
    }

    /// Removes the newest batch and its entries, in one transaction; nil when the log is empty.
    public func undo() throws -> Batch? {
        try database.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, command, loggedAt FROM batch ORDER BY id DESC LIMIT 1")
            else { return nil }
            let id: Int64 = row["id"]
            let entries = try TrainingLog.fetch(db, batch: id)
            try db.execute(sql: "DELETE FROM batch WHERE id = ?", arguments: [id])
            return Batch(command: row["command"], loggedAt: Date(timeIntervalSince1970: row["loggedAt"]), entries: entries)
        }
    }

    /// Times are kept to the second: the CSV file writes them so, and an import matches entries by them.
    static func seconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    private static func insertBatch(_ db: Database, command: String, at now: Date) throws -> Int64 {
        try db.execute(sql: "INSERT INTO batch (command, loggedAt) VALUES (?, ?)",
                       arguments: [command, seconds(now).timeIntervalSince1970])
        return db.lastInsertedRowID
    }

    private static func insert(_ db: Database, _ entry: TrainingLogEntry, batch: Int64) throws {
        switch entry {
        case .session(let session):
            // Cached statements: an import inserts many thousands of rows, each without parsing the SQL again.
            try db.cachedStatement(sql: """
                INSERT INTO sessionEntry (batch, date, status, rpe, note, sessionID, loggedAt) VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [batch, session.date.iso, session.status.rawValue, session.rpe, session.note,
                                 session.sessionID, seconds(session.loggedAt).timeIntervalSince1970])
        case .sets(let sets):
            try db.cachedStatement(sql: """
                INSERT INTO setEntry (batch, date, exercise, loadKg, reps, loggedAt) VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [batch, sets.date.iso, sets.exerciseID, sets.load.kilograms,
                                 sets.reps.map(String.init).joined(separator: " "),
                                 seconds(sets.loggedAt).timeIntervalSince1970])
        }
    }

    // MARK: Reading

    /// Every entry from `from` to `to` (both included; nil: no limit), in the order logged.
    public func entries(from: LocalDate? = nil, to: LocalDate? = nil) throws -> [TrainingLogEntry] {
        try database.read { try TrainingLog.fetch($0, from: from, to: to) }
    }

    /// The history over the days from `from` to `to`: each day's last status and every set.
    public func history(from: LocalDate? = nil, to: LocalDate? = nil) throws -> TrainingHistory {
        TrainingHistory(try entries(from: from, to: to))
    }

    private static func fetch(_ db: Database, from: LocalDate?, to: LocalDate?) throws -> [TrainingLogEntry] {
        let condition = "date >= ? AND date <= ?"
        let arguments: StatementArguments = [from?.iso ?? "", to?.iso ?? "9999-99-99"]
        return try fetch(db, where: condition, arguments: arguments)
    }

    private static func fetch(_ db: Database, batch: Int64) throws -> [TrainingLogEntry] {
        try fetch(db, where: "batch = ?", arguments: [batch])
    }

    /// Sessions and sets matching `condition`, merged in the order they were logged (batch, then row).
    private static func fetch(_ db: Database, where condition: String, arguments: StatementArguments) throws -> [TrainingLogEntry] {
        var ordered: [(batch: Int64, row: Int64, entry: TrainingLogEntry)] = []
        for row in try Row.fetchAll(db, sql: """
            SELECT id, batch, date, status, rpe, note, sessionID, loggedAt FROM sessionEntry WHERE \(condition)
            """, arguments: arguments) {
            guard let date = LocalDate(iso: row["date"] as String), let status = SessionStatus(rawValue: row["status"])
            else { continue }
            let entry = SessionLogEntry(date: date, status: status, rpe: row["rpe"], note: row["note"],
                                        sessionID: row["sessionID"],
                                        loggedAt: Date(timeIntervalSince1970: row["loggedAt"]))
            ordered.append((row["batch"], row["id"], .session(entry)))
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT id, batch, date, exercise, loadKg, reps, loggedAt FROM setEntry WHERE \(condition)
            """, arguments: arguments) {
            guard let date = LocalDate(iso: row["date"] as String) else { continue }
            let kg: Double? = row["loadKg"]
            let reps = (row["reps"] as String).split(separator: " ").compactMap { Int($0) }
            let entry = SetLogEntry(date: date, exerciseID: row["exercise"], load: kg.map(Load.kilograms) ?? .bodyweight,
                                    reps: reps, loggedAt: Date(timeIntervalSince1970: row["loggedAt"]))
            ordered.append((row["batch"], row["id"], .sets(entry)))
        }
        // Row ids order each table within a batch; across the two tables only the batch order means anything,
        // and it is all a reader needs (a day's last status, the sets in the order logged).
        return ordered.sorted { ($0.batch, $0.row) < ($1.batch, $1.row) }.map(\.entry)
    }
}
