import Foundation
import GRDB
import LegdayCore
import LegdayNotify
import LegdayTestSupport
import Testing
@testable import LegdayOutbox

@Suite struct OutboxTests {
    let clock = ManualClock()

    @Test func deliveriesAreWrittenBeforeAnythingIsSentAndResumeAfterARestart() async throws {
        let path = try temporaryOutboxPath()
        let reminder = sampleReminder()
        let expires = clock.now().addingTimeInterval(12 * 3600)
        do {
            // Enqueue, then "crash": the engine is gone before it sent anything.
            let journal = ScriptedNotifier("journal")
            let engine = makeEngine(try Outbox(path: path), [journal], clock: clock)
            try await engine.enqueue(reminder, notifiers: ["journal", "mail"], expiresAt: expires)
            #expect(journal.calls.isEmpty)
        }
        let reopened = try Outbox(path: path)
        #expect(try reopened.deliveries(in: [.pending]).map(\.id).sorted()
                == ["runner:2026-11-23:daily:journal", "runner:2026-11-23:daily:mail"])

        let journal = ScriptedNotifier("journal")
        let mail = ScriptedNotifier("mail")
        let reports = try await makeEngine(reopened, [journal, mail], clock: clock).runDue()
        #expect(reports.map(\.delivery.state) == [.delivered, .delivered])
        #expect(journal.calls == [DeliveryContext(deliveryID: "runner:2026-11-23:daily:journal", attempt: 1)])
        #expect(mail.calls.count == 1)
        // The reminder came back from the database exactly as it went in.
        #expect(try reopened.delivery(id: "runner:2026-11-23:daily:mail")?.reminder == reminder)
    }

    @Test func aSendCutShortByACrashIsTriedAgainOnceItsClaimRunsOut() async throws {
        let path = try temporaryOutboxPath()
        do {
            let outbox = try Outbox(path: path)
            try outbox.enqueue(sampleReminder(), notifiers: ["hook"], expiresAt: clock.now().addingTimeInterval(86_400),
                               now: clock.now())
            // A run claimed it for a send and died before writing the outcome.
            let claimed = try outbox.claim(now: clock.now(), limit: 10) { _ in self.clock.now().addingTimeInterval(90) }
            #expect(claimed.count == 1)
        }
        let hook = ScriptedNotifier("hook")
        let engine = makeEngine(try Outbox(path: path), [hook], clock: clock)
        #expect(try await engine.runDue().isEmpty)  // still claimed: another process may be sending it
        #expect(try await engine.nextWakeUp() == clock.now().addingTimeInterval(90))
        clock.advance(by: 90)
        let reports = try await engine.runDue()
        #expect(reports.map(\.delivery.state) == [.delivered])
        #expect(hook.calls.map(\.attempt) == [2])  // the interrupted attempt counts
    }

    @Test func enqueueingAnExistingDeliveryIdChangesNothing() async throws {
        let outbox = try Outbox(path: try temporaryOutboxPath())
        let reminder = sampleReminder()
        let expires = clock.now().addingTimeInterval(3600)
        let first = try outbox.enqueue(reminder, notifiers: ["journal"], expiresAt: expires, now: clock.now())
        clock.advance(by: 60)
        var changed = reminder
        changed.title = "something else"
        let second = try outbox.enqueue(changed, notifiers: ["journal"], expiresAt: expires.addingTimeInterval(60),
                                        now: clock.now())
        #expect(first.map(\.isNew) == [true])
        #expect(second.map(\.isNew) == [false])
        #expect(second.first?.delivery == first.first?.delivery)
        #expect(try outbox.deliveries().count == 1)
        #expect(try outbox.delivery(id: "runner:2026-11-23:daily:journal")?.reminder.title == reminder.title)
    }

    @Test func aDeliveredReminderIsNeverSentAgainEvenAfterAReopen() async throws {
        let path = try temporaryOutboxPath()
        let reminder = sampleReminder()
        let expires = clock.now().addingTimeInterval(3600)
        let journal = ScriptedNotifier("journal")
        do {
            let engine = makeEngine(try Outbox(path: path), [journal], clock: clock)
            try await engine.enqueue(reminder, notifiers: ["journal"], expiresAt: expires)
            _ = try await engine.runDue()
        }
        let engine = makeEngine(try Outbox(path: path), [journal], clock: clock)
        let again = try await engine.enqueue(reminder, notifiers: ["journal"], expiresAt: expires)
        #expect(again.map(\.isNew) == [false])
        #expect(try await engine.runDue().isEmpty)
        let forced = try await engine.sendNow(ids: ["runner:2026-11-23:daily:journal"])
        #expect(forced.map(\.attempted) == [false])
        #expect(forced.map(\.delivery.state) == [.delivered])
        await #expect(throws: OutboxError.alreadyDelivered("runner:2026-11-23:daily:journal")) {
            _ = try await engine.retry(id: "runner:2026-11-23:daily:journal", expiresAt: expires)
        }
        #expect(journal.calls.count == 1)
    }

    @Test func theDatabaseIsInWALModeWithFullSynchronousWrites() throws {
        let outbox = try Outbox(path: try temporaryOutboxPath())
        let (mode, synchronous) = try outbox.database.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(mode == "wal")
        #expect(synchronous == 2)  // FULL
    }

    @Test func aFileThatIsNotADatabaseIsMovedAsideAndReplaced() throws {
        let path = try temporaryOutboxPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let garbage = Data(repeating: 0x5A, count: 8192)
        try garbage.write(to: URL(fileURLWithPath: path))

        let outbox = try Outbox(path: path, now: clock.now())
        let aside = try #require(outbox.recoveredCorruptFile)
        #expect(aside.hasPrefix(path + ".corrupt-"))
        #expect(FileManager.default.contents(atPath: aside) == garbage)
        try outbox.enqueue(sampleReminder(), notifiers: ["journal"], expiresAt: clock.now().addingTimeInterval(60),
                           now: clock.now())
        #expect(try outbox.deliveries().count == 1)

        // The next start finds a healthy file and leaves it alone.
        let again = try Outbox(path: path)
        #expect(again.recoveredCorruptFile == nil)
        #expect(try again.deliveries().count == 1)
    }

    @Test func aDatabaseWithDamagedPagesIsMovedAsideAndTheEngineSaysSo() throws {
        let path = try temporaryOutboxPath()
        do {
            let outbox = try Outbox(path: path)
            for n in 0..<200 {
                try outbox.enqueue(sampleReminder(), notifiers: ["n\(n)"], expiresAt: clock.now(), now: clock.now())
            }
            _ = try outbox.database.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        }
        // Scribble over the middle of the file, past the header: the pages, not the format, are damaged.
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        let size = try handle.seekToEnd()
        #expect(size > 16_384)
        try handle.seek(toOffset: 4096 + 100)
        handle.write(Data(repeating: 0xFF, count: Int(size) - 8192))
        try handle.close()

        let outbox = try Outbox(path: path, now: clock.now())
        #expect(outbox.recoveredCorruptFile != nil)
        #expect(try outbox.deliveries().isEmpty)
        let log = EventLog()
        _ = makeEngine(outbox, [], clock: clock, log: log)
        #expect(log.events.count == 1)
        #expect(log.events.first?.severity == .error)
        #expect(log.events.first?.description.contains(outbox.recoveredCorruptFile ?? "?") == true)
    }

    @Test func statusCountsEachStateAndNamesTheLastError() async throws {
        let outbox = try Outbox(path: try temporaryOutboxPath())
        let mail = ScriptedNotifier("mail", script: [.permanent("535 authentication refused")])
        let hook = ScriptedNotifier("hook", script: [.temporary("HTTP 503")])
        let journal = ScriptedNotifier("journal")
        let engine = makeEngine(outbox, [mail, hook, journal], clock: clock)
        try await engine.enqueue(sampleReminder(), notifiers: ["mail", "hook", "journal"],
                                 expiresAt: clock.now().addingTimeInterval(3600))
        #expect(try await engine.status().summary == "outbox: 3 pending, 0 failed, 0 expired")
        _ = try await engine.runDue()
        let status = try await engine.status()
        #expect(status.pending == 1)
        #expect(status.failed == 1)
        #expect(status.delivered == 1)
        #expect(status.lastError == "hook: temporary failure: HTTP 503"
                || status.lastError == "mail: permanent failure: 535 authentication refused")
        #expect(status.summary.hasPrefix("outbox: 1 pending, 1 failed, 0 expired; last error: "))

        // A day later the old failure no longer counts; the pending delivery still does.
        clock.advance(by: 86_400)
        let recent = try await engine.status(since: clock.now().addingTimeInterval(-3600))
        #expect(recent.pending == 1 && recent.failed == 0 && recent.delivered == 0)
        #expect(recent.lastError == "hook: temporary failure: HTTP 503")
    }
}

@Suite struct OutboxPruningTests {
    @Test func pruningForgetsOldDeliveredRowsOnly() async throws {
        let clock = ManualClock()
        let outbox = try Outbox(path: try temporaryOutboxPath())
        let engine = makeEngine(outbox, [ScriptedNotifier("journal"), ScriptedNotifier("mail", script: [.permanent("550")])],
                                clock: clock)
        try await engine.enqueue(sampleReminder(), notifiers: ["journal", "mail"], expiresAt: clock.now().addingTimeInterval(60))
        _ = try await engine.runDue()
        #expect(try outbox.pruneDelivered(before: clock.now()) == 0)
        #expect(try outbox.pruneDelivered(before: clock.now().addingTimeInterval(1)) == 1)
        #expect(try outbox.deliveries().map(\.state) == [.failed])
    }
}
