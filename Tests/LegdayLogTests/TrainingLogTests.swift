import Foundation
import GRDB
import LegdayCore
@testable import LegdayLog
import Testing

/// The store: opening and migrating, one transaction per command, undo, and the CSV file.
@Suite struct TrainingLogTests {
    let monday = LocalDate(year: 2026, month: 11, day: 23)!
    let at = Date(timeIntervalSince1970: 1_795_417_200)  // any fixed instant, whole seconds

    func temporaryPath() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("legday-log-\(UUID().uuidString)")
        return folder.path + "/state/log.sqlite"
    }

    func session(_ date: LocalDate, _ status: SessionStatus, rpe: Int? = nil, note: String? = nil,
                 at time: Date? = nil) -> TrainingLogEntry {
        .session(SessionLogEntry(date: date, status: status, rpe: rpe, note: note, sessionID: "default:\(date.iso):daily",
                                 loggedAt: time ?? at))
    }

    func sets(_ date: LocalDate, _ exercise: String, _ load: Load, _ reps: [Int], at time: Date? = nil) -> TrainingLogEntry {
        .sets(SetLogEntry(date: date, exerciseID: exercise, load: load, reps: reps, loggedAt: time ?? at))
    }

    @Test func anEmptyFolderGetsAMigratedPrivateLogInWALMode() throws {
        let path = try temporaryPath()
        let log = try TrainingLog(path: path)
        #expect(try log.appliedMigrations() == ["v1: sessions and sets"])
        #expect(try log.entries().isEmpty)
        let mode = try log.database.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: (path as NSString).deletingLastPathComponent)
        #expect((folder[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        // Opening again migrates nothing and keeps what is there.
        try log.record([session(monday, .done)], at: at)
        let again = try TrainingLog(path: path)
        #expect(try again.appliedMigrations() == ["v1: sessions and sets"])
        #expect(try again.entries().count == 1)
    }

    @Test func aLooseFileIsTightenedOnOpen() throws {
        let path = try temporaryPath()
        _ = try TrainingLog(path: path)
        chmod(path, 0o644)
        _ = try TrainingLog(path: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func aDamagedFileIsMovedAsideAndAFreshLogStarts() throws {
        let path = try temporaryPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
        let log = try TrainingLog(path: path, now: at)
        let aside = try #require(log.recoveredCorruptFile)
        #expect(FileManager.default.fileExists(atPath: aside))
        #expect(try log.entries().isEmpty)
        try log.record([session(monday, .done)], at: at)
        #expect(try log.entries().count == 1)
    }

    @Test func entriesComeBackAsLoggedAndByDate() throws {
        let log = try TrainingLog(path: try temporaryPath())
        let wednesday = monday.adding(days: 2)
        try log.record([sets(wednesday, "goblet-squat", .kilograms(16), [8, 8, 7])], at: at)
        try log.record([session(monday, .partial, rpe: 8, note: "short on time")], at: at)
        try log.record([sets(monday, "split-squat", .bodyweight, [10, 10])], at: at)
        try log.record([session(wednesday, .done, rpe: 7)], at: at)
        let history = try log.history()
        #expect(history.entries == [
            session(monday, .partial, rpe: 8, note: "short on time"), sets(monday, "split-squat", .bodyweight, [10, 10]),
            session(wednesday, .done, rpe: 7), sets(wednesday, "goblet-squat", .kilograms(16), [8, 8, 7]),
        ])
        #expect(try log.history(from: wednesday, to: wednesday).entries.count == 2)
        #expect(try log.history(to: monday).entries.count == 2)
    }

    @Test func aLaterStatusForADayReplacesTheEarlierAndUndoBringsItBack() throws {
        let log = try TrainingLog(path: try temporaryPath())
        try log.record([session(monday, .done)], at: at)
        try log.record([session(monday, .partial, rpe: 9)], at: at.addingTimeInterval(60))
        #expect(try log.history().sessions[monday]?.status == .partial)
        let undone = try #require(try log.undo())
        #expect(undone.entries == [session(monday, .partial, rpe: 9)])
        #expect(try log.history().sessions[monday]?.status == .done)
    }

    @Test func undoRemovesTheLastCommandWholeThenTheOneBefore() throws {
        let log = try TrainingLog(path: try temporaryPath())
        #expect(try log.undo() == nil)
        try log.record([session(monday, .done)], at: at)
        let imported = [sets(monday, "goblet-squat", .kilograms(16), [8, 8]), sets(monday, "plank", .bodyweight, [1])]
        #expect(try log.importEntries(imported, command: "import of a.csv", at: at) == .init(added: 2, alreadyLogged: 0))
        let undone = try #require(try log.undo())
        #expect(undone.command == "import of a.csv" && undone.entries == imported)
        #expect(try log.entries() == [session(monday, .done)])
        #expect(try log.undo()?.entries == [session(monday, .done)])
        #expect(try log.entries().isEmpty)
        #expect(try log.undo() == nil)
    }

    @Test func aCommandThatFailsWritesNothing() throws {
        let log = try TrainingLog(path: try temporaryPath())
        try log.record([session(monday, .done)], at: at)
        // The schema refuses an RPE of 11: the whole batch is rolled back, the good entry with it.
        #expect(throws: DatabaseError.self) {
            try log.record([sets(monday, "goblet-squat", .kilograms(16), [8]), session(monday, .done, rpe: 11)], at: at)
        }
        #expect(try log.entries() == [session(monday, .done)])
        #expect(try log.undo()?.entries == [session(monday, .done)])
    }

    @Test func csvRoundTripsThroughANewLog() throws {
        let log = try TrainingLog(path: try temporaryPath())
        try log.record([session(monday, .done, rpe: 7, note: "felt \"strong\", then tired\nnext line")], at: at)
        try log.record([sets(monday, "goblet-squat", .kilograms(15.876), [8, 8, 7])], at: at)
        try log.record([sets(monday, "split-squat", .bodyweight, [10, 10])], at: at.addingTimeInterval(1))
        try log.record([session(monday.adding(days: 2), .skipped)], at: at.addingTimeInterval(86_400))
        let csv = TrainingLogCSV.write(try log.history().entries)

        let read = try TrainingLogCSV.read(csv, file: "history.csv", exercises: ["goblet-squat", "split-squat"], now: at)
        let copy = try TrainingLog(path: try temporaryPath())
        #expect(try copy.importEntries(read, command: "import of history.csv", at: at).added == 4)
        #expect(try copy.history() == (try log.history()))
        #expect(TrainingLogCSV.write(try copy.history().entries) == csv)
        // Importing the export into the log it came from adds nothing.
        #expect(try log.importEntries(read, command: "import of history.csv", at: at) == .init(added: 0, alreadyLogged: 4))
        #expect(try log.undo()?.entries == [session(monday.adding(days: 2), .skipped)])
    }

    @Test func importCountsEqualEntriesInsteadOfMergingThem() throws {
        let log = try TrainingLog(path: try temporaryPath())
        let plank = sets(monday, "plank", .bodyweight, [1])
        try log.record([plank], at: at)
        // The file has the logged plank and another exactly like it (logged in the same second).
        #expect(try log.importEntries([plank, plank], command: "import of a.csv", at: at) == .init(added: 1, alreadyLogged: 1))
        #expect(try log.entries() == [plank, plank])
        #expect(try log.importEntries([plank, plank], command: "import of a.csv", at: at) == .init(added: 0, alreadyLogged: 2))
    }

    @Test func csvColumnsInAnyOrderAndOptionalOnes() throws {
        let csv = "entry,date,reps,load_kg,exercise\nsets,2026-11-23,5x5,60,romanian-deadlift\nsession,2026-11-23,,,\n"
        #expect(throws: LogInputError("a.csv:3: \"\" is not a status (done, partial or skipped)")) {
            try TrainingLogCSV.read(csv, file: "a.csv", exercises: ["romanian-deadlift"], now: at)
        }
        let entries = try TrainingLogCSV.read("entry,date,reps,load_kg,exercise,status\nsets,2026-11-23,5x5,60,romanian-deadlift,\n"
                                              + "session,2026-11-23,,,,done\n", file: "a.csv",
                                              exercises: ["romanian-deadlift"], now: at)
        #expect(entries == [sets(monday, "romanian-deadlift", .kilograms(60), [5, 5, 5, 5, 5]), session(monday, .done)])
    }

    @Test(arguments: [
        ("date,entry,exercise,load_kg,reps\n2026-11-23,sets,goblet-squats,16,8\n",
         "a.csv:2: unknown exercise \"goblet-squats\"; did you mean \"goblet-squat\"?"),
        ("date,entry,exercise,load_kg,reps\n2026-11-23,sets,goblet-squat,-16,8\n", "a.csv:2: the load -16 kg is negative"),
        ("date,entry,exercise,load_kg,reps\n2026-11-23,sets,goblet-squat,16,0\n",
         "a.csv:2: a set of 0 reps: every set needs at least 1"),
        ("date,entry,status,rpe\n2026-11-23,session,done,12\n", "a.csv:2: RPE 12 is outside 1-10"),
        ("date,entry,status\n2026-11-31,session,done\n", "a.csv:2: \"2026-11-31\" is not a date (YYYY-MM-DD)"),
        ("date,entry\n2026-11-23,workout\n", "a.csv:2: \"workout\" is not an entry kind (session or sets)"),
        ("day,what\n", "a.csv:1: no \"date\" column; the header is date,entry,status,rpe,note,session_id,exercise,load_kg,reps,logged_at"),
    ])
    func csvProblemsNameTheLine(csv: String, message: String) {
        #expect(throws: LogInputError(message)) {
            try TrainingLogCSV.read(csv, file: "a.csv", exercises: ["goblet-squat"], now: at)
        }
    }

    @Test func csvTimestampsAreUTCToTheSecond() {
        #expect(TrainingLogCSV.timestamp(at) == "2026-11-23T07:00:00Z")
        #expect(TrainingLogCSV.parseTimestamp("2026-11-23T07:00:00Z") == at)
        #expect(TrainingLogCSV.parseTimestamp("2026-11-23T08:00:00+01:00") == at)
        #expect(TrainingLogCSV.parseTimestamp("yesterday") == nil)
    }
}
