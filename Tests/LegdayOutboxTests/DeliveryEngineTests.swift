import Foundation
import LegdayCore
import LegdayNotify
import LegdayTestSupport
import Testing
@testable import LegdayOutbox

@Suite struct DeliveryEngineTests {
    let clock = ManualClock()
    let id = "runner:2026-11-23:daily:hook"

    @Test func backoffGrowsIsBoundedJitteredAndGivesUpAfterMaxAttempts() async throws {
        let outbox = try Outbox(path: try temporaryOutboxPath())
        let hook = ScriptedNotifier("hook")
        hook.failAlways(.temporary("HTTP 503"))
        let policy = RetryPolicy(baseDelay: .seconds(10), maxDelay: .seconds(80), maxAttempts: 7)
        let log = EventLog()
        let engine = makeEngine(outbox, [hook], clock: clock, policy: policy, log: log)
        try await engine.enqueue(sampleReminder(), notifiers: ["hook"], expiresAt: clock.now().addingTimeInterval(86_400))

        var waits: [TimeInterval] = []
        for attempt in 1...6 {
            let reports = try await engine.runDue()
            let delivery = try #require(reports.first?.delivery)
            #expect(delivery.state == .pending)
            #expect(delivery.attempts == attempt)
            let wait = delivery.nextAttemptAt.timeIntervalSince(clock.now())
            #expect(wait >= 1 && wait <= policy.ceiling(afterAttempt: attempt).seconds)
            waits.append(wait)
            // Not a moment early.
            clock.advance(to: delivery.nextAttemptAt.addingTimeInterval(-0.001))
            #expect(try await engine.runDue().isEmpty)
            clock.advance(to: delivery.nextAttemptAt)
        }
        #expect(policy.ceiling(afterAttempt: 6) == .seconds(80))
        // Jitter: the waits are not simply the ceilings.
        #expect(waits != (1...6).map { policy.ceiling(afterAttempt: $0).seconds })
        #expect(Set(waits).count == waits.count)

        let last = try #require(try await engine.runDue().first?.delivery)
        #expect(last.state == .failed)
        #expect(last.lastError == "gave up after 7 attempts: temporary failure: HTTP 503")
        #expect(hook.calls.map(\.attempt) == Array(1...7))
        #expect(hook.calls.allSatisfy { $0.deliveryID == id })
        clock.advance(by: 86_400)
        #expect(try await engine.runDue().isEmpty)
        #expect(hook.calls.count == 7)
        #expect(log.events.filter { if case .retrying = $0 { true } else { false } }.count == 6)
        #expect(log.events.last == .failed(last))
    }

    @Test func retryAfterIsHonoured() async throws {
        let outbox = try Outbox(path: try temporaryOutboxPath())
        let hook = ScriptedNotifier("hook", script: [.temporary("HTTP 429", retryAfter: .seconds(600))])
        let engine = makeEngine(outbox, [hook], clock: clock, policy: RetryPolicy(baseDelay: .seconds(1)))
        try await engine.enqueue(sampleReminder(), notifiers: ["hook"], expiresAt: clock.now().addingTimeInterval(86_400))
        let start = clock.now()
        let first = try #require(try await engine.runDue().first?.delivery)
        #expect(first.nextAttemptAt == start.addingTimeInterval(600))
        #expect(try await engine.nextWakeUp() == start.addingTimeInterval(600))
        clock.advance(by: 599)
        #expect(try await engine.runDue().isEmpty)
        clock.advance(by: 1)
        #expect(try await engine.runDue().map(\.delivery.state) == [.delivered])
        #expect(hook.calls.count == 2)
    }

    @Test func aSendThatOutlastsItsTimeoutIsCancelledAndCountsAsTemporary() async throws {
        let outbox = try Outbox(path: try temporaryOutboxPath())
        let hook = ScriptedNotifier("hook", hang: true)
        let engine = makeEngine(outbox, [hook], clock: clock, settings: ["hook": NotifierSettings(timeout: .seconds(5))])
        try await engine.enqueue(sampleReminder(), notifiers: ["hook"], expiresAt: clock.now().addingTimeInterval(86_400))

        let run = Task { try await engine.runDue() }
        #expect(await clock.waitForSleepers(1))
        clock.advance(by: 4)
        #expect(clock.sleeperCount == 1)  // not yet
        clock.advance(by: 1)
        let reports = try await run.value
        let delivery = try #require(reports.first?.delivery)
        #expect(delivery.state == .pending)
        #expect(delivery.lastError == "temporary failure: timed out after 5 s")
        #expect(delivery.claimedUntil == nil)
        // The engine does not wait for the cancelled send to wind down; it does get the cancellation.
        #expect(await waitUntil { hook.cancelled == 1 })
    }

    /// A send that ignores cancellation (a blocking call in a notifier) used to hold the engine past its
    /// backstop; now the engine records the timeout at the deadline and goes on without it.
    @Test func aSendThatIgnoresCancellationIsAbandonedAtItsDeadline() async throws {
        let outbox = try Outbox(path: try temporaryOutboxPath())
        let stuck = DeafNotifier("stuck")
        let engine = DeliveryEngine(outbox: outbox, notifiers: ["stuck": stuck],
                                    settings: ["stuck": NotifierSettings(timeout: .seconds(5))], clock: clock)
        try await engine.enqueue(sampleReminder(), notifiers: ["stuck"], expiresAt: clock.now().addingTimeInterval(86_400))

        let run = Task { try await engine.runDue() }
        #expect(await clock.waitForSleepers(1))
        #expect(await waitUntil { stuck.started })
        clock.advance(by: 5)
        let reports = try await run.value
        #expect(reports.first?.delivery.lastError == "temporary failure: timed out after 5 s")
        #expect(!stuck.returned)
        stuck.release()
    }

    @Test func aPermanentFailureStopsIsLoggedAndFallsOver() async throws {
        let outbox = try Outbox(path: try temporaryOutboxPath())
        let mail = ScriptedNotifier("mail", script: [.permanent("535 5.7.8 authentication refused")])
        let journal = ScriptedNotifier("journal")
        let log = EventLog()
        let engine = makeEngine(outbox, [mail, journal], clock: clock,
                                settings: ["mail": NotifierSettings(fallback: "journal")], log: log)
        try await engine.enqueue(sampleReminder(), notifiers: ["mail"], expiresAt: clock.now().addingTimeInterval(86_400))

        let reports = try await engine.runDue()
        #expect(reports.count == 2)
        let failed = try #require(try outbox.delivery(id: "runner:2026-11-23:daily:mail"))
        #expect(failed.state == .failed)
        #expect(failed.lastError == "permanent failure: 535 5.7.8 authentication refused")
        let fallback = try #require(try outbox.delivery(id: "runner:2026-11-23:daily:journal"))
        #expect(fallback.fallbackFor == failed.id)
        #expect(fallback.state == .delivered)
        #expect(journal.calls.map(\.deliveryID) == [fallback.id])

        #expect(log.events.contains(.failed(failed)))
        #expect(log.events.contains { $0.severity == .error
            && $0.description.contains("authentication refused") && $0.description.contains("mail") })
        #expect(log.events.contains { if case .fellOver(let from, let to) = $0 { from.id == failed.id && to.id == fallback.id } else { false } })

        clock.advance(by: 86_400 * 2)
        #expect(try await engine.runDue().isEmpty)
        #expect(mail.calls.count == 1)
    }

    @Test func aFallbackThatIsAlsoAPrimaryIsNotSentTwice() async throws {
        let outbox = try Outbox(path: try temporaryOutboxPath())
        let mail = ScriptedNotifier("mail", script: [.permanent("550 mailbox unavailable")])
        let journal = ScriptedNotifier("journal", script: [.permanent("no journal")])
        let engine = makeEngine(outbox, [mail, journal], clock: clock,
                                settings: ["mail": NotifierSettings(fallback: "journal"),
                                           "journal": NotifierSettings(fallback: "mail")])
        try await engine.enqueue(sampleReminder(), notifiers: ["mail", "journal"],
                                 expiresAt: clock.now().addingTimeInterval(86_400))
        let reports = try await engine.runDue()
        #expect(reports.map(\.delivery.state) == [.failed, .failed])
        #expect(reports.allSatisfy { $0.fallback == nil })
        #expect(mail.calls.count == 1 && journal.calls.count == 1)
    }

    @Test func anUndeliveredReminderExpiresAtTheEndOfItsDayVisibly() async throws {
        let outbox = try Outbox(path: try temporaryOutboxPath())
        let hook = ScriptedNotifier("hook", script: [.temporary("HTTP 503", retryAfter: .seconds(7200))])
        let log = EventLog()
        let engine = makeEngine(outbox, [hook], clock: clock, log: log)
        let endOfDay = clock.now().addingTimeInterval(3600)
        try await engine.enqueue(sampleReminder(), notifiers: ["hook"], expiresAt: endOfDay)
        _ = try await engine.runDue()
        // The daemon wakes for the expiry, not for the retry that would come after it.
        #expect(try await engine.nextWakeUp() == endOfDay)
        clock.advance(to: endOfDay)
        let reports = try await engine.runDue()
        let expired = try #require(reports.first?.delivery)
        #expect(expired.state == .expired)
        #expect(expired.lastError == "expired: not delivered before the end of its day (last error: temporary failure: HTTP 503)")
        #expect(log.events.last == .expired(expired))
        #expect(log.events.last?.severity == .error)
        #expect(try await engine.status().expired == 1)
        #expect(try await engine.nextWakeUp() == nil)
        #expect(hook.calls.count == 1)

        // Still there, and `legday outbox retry` brings it back.
        let retried = try await engine.retry(id: id, expiresAt: clock.now().addingTimeInterval(3600))
        #expect(retried.map(\.delivery.state) == [.delivered])
        #expect(retried.first?.delivery.attempts == 1)
        #expect(hook.calls.count == 2)
    }

    @Test func sendNowIgnoresTheBackoffButNotAnotherRunsClaim() async throws {
        let outbox = try Outbox(path: try temporaryOutboxPath())
        let hook = ScriptedNotifier("hook", script: [.temporary("HTTP 502")])
        let engine = makeEngine(outbox, [hook], clock: clock)
        try await engine.enqueue(sampleReminder(), notifiers: ["hook"], expiresAt: clock.now().addingTimeInterval(86_400))
        #expect(try await engine.sendNow(ids: [id]).map(\.delivery.state) == [.pending])
        #expect(try await engine.sendNow(ids: [id]).map(\.delivery.state) == [.delivered])
        #expect(hook.calls.count == 2)
    }

    @Test func aDeliveryForANotifierNoLongerConfiguredFailsWithAReason() async throws {
        let outbox = try Outbox(path: try temporaryOutboxPath())
        let engine = makeEngine(outbox, [], clock: clock)
        try await engine.enqueue(sampleReminder(), notifiers: ["pager"], expiresAt: clock.now().addingTimeInterval(60))
        let delivery = try #require(try await engine.runDue().first?.delivery)
        #expect(delivery.state == .failed)
        #expect(delivery.lastError == "permanent failure: no notifier named pager is configured")
    }
}

@Suite struct DeliveryLoopTests {
    let clock = ManualClock()

    @Test func theLoopSendsAtOnceRetriesWhenDueAndStopsWhenCancelled() async throws {
        let outbox = try Outbox(path: try temporaryOutboxPath())
        let hook = ScriptedNotifier("hook", script: [.temporary("HTTP 503", retryAfter: .seconds(120))])
        let engine = makeEngine(outbox, [hook], clock: clock)
        let statuses = StatusLog()
        let loop = Task { try await engine.run(idleCheck: .seconds(3600), afterEachRun: { statuses.record($0) }) }

        // Idle: asleep until the idle check.
        #expect(await clock.waitForSleepers(1))
        #expect(hook.calls.isEmpty)
        // Enqueueing wakes it; the send fails and the loop sleeps until the retry.
        try await engine.enqueue(sampleReminder(), notifiers: ["hook"], expiresAt: clock.now().addingTimeInterval(86_400))
        #expect(await waitUntil { statuses.last?.pending == 1 && clock.sleeperCount == 1 })
        #expect(hook.calls.count == 1)
        clock.advance(by: 119)
        #expect(hook.calls.count == 1)
        clock.advance(by: 1)
        #expect(await waitUntil { statuses.last?.delivered == 1 })
        #expect(hook.calls.count == 2)

        loop.cancel()
        await #expect(throws: CancellationError.self) { try await loop.value }
    }
}

final class StatusLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [OutboxStatus] = []
    var last: OutboxStatus? { lock.withLock { stored.last } }
    func record(_ status: OutboxStatus) { lock.withLock { stored.append(status) } }
}

/// Yields (never sleeps) until `condition` holds, or gives up after ten seconds of real time.
func waitUntil(_ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(60)  // a bound for a stuck test, not a timing: the machine may be busy
    while ContinuousClock.now < deadline {
        if condition() { return true }
        await Task.yield()
    }
    return condition()
}

@Suite struct DeliveryBatchTests {
    @Test func aLargeBacklogGoesOutInBatchesEachDeliveryOnce() async throws {
        let clock = ManualClock()
        let outbox = try Outbox(path: try temporaryOutboxPath())
        let hook = ScriptedNotifier("hook")
        let journal = ScriptedNotifier("journal")
        let engine = makeEngine(outbox, [hook, journal], clock: clock)
        let reminders = (0..<150).map { sampleReminder("2026-11-23", athlete: "a\($0)") }
        let enqueued = try await engine.enqueue(reminders, notifiers: ["hook", "journal"],
                                                expiresAt: clock.now().addingTimeInterval(3600))
        #expect(enqueued.count == 300 && enqueued.allSatisfy(\.isNew))
        let reports = try await engine.runDue()
        #expect(reports.count == 300)
        #expect(reports.allSatisfy { $0.delivery.state == .delivered })
        #expect(Set(hook.calls.map(\.deliveryID)).count == 150 && hook.calls.count == 150)
        #expect(journal.calls.count == 150)
        #expect(try outbox.status().delivered == 300)
        #expect(try await engine.runDue().isEmpty)
    }
}

@Suite struct RecordedSuccessTests {
    /// A crash may repeat only what was in flight: a send that returned is recorded at once, even while
    /// another send of the same batch is still running.
    @Test func aSuccessIsCommittedWhileAnotherSendOfTheBatchIsStillInFlight() async throws {
        let clock = ManualClock()
        let path = try temporaryOutboxPath()
        let outbox = try Outbox(path: path)
        let mail = ScriptedNotifier("mail")
        let hook = ScriptedNotifier("hook", hang: true)
        let engine = makeEngine(outbox, [mail, hook], clock: clock)
        let enqueued = try await engine.enqueue(sampleReminder(), notifiers: ["mail", "hook"],
                                                expiresAt: clock.now().addingTimeInterval(86_400))
        let (mailID, hookID) = (enqueued[0].delivery.id, enqueued[1].delivery.id)
        let run = Task { try await engine.runDue() }
        // Another connection to the file, as a process started after a crash would see it.
        let reader = try Outbox(path: path)
        let recorded = await waitUntil { (try? reader.delivery(id: mailID))?.state == .delivered }
        #expect(recorded)
        #expect(hook.calls.count == 1)
        #expect(try reader.delivery(id: hookID)?.state == .pending)
        #expect(try reader.delivery(id: hookID)?.claimedUntil != nil)
        run.cancel()
        _ = try? await run.value
    }
}

/// A notifier whose send ignores cancellation: it returns only when the test releases it.
final class DeafNotifier: Notifier, @unchecked Sendable {
    let name: String
    private let lock = NSLock()
    private var waiting: CheckedContinuation<Void, Never>?
    private var released = false
    private var didStart = false
    private var didReturn = false

    init(_ name: String) { self.name = name }

    var started: Bool { lock.withLock { didStart } }
    var returned: Bool { lock.withLock { didReturn } }

    func send(_ reminder: Reminder, context: DeliveryContext) async throws {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = lock.withLock {
                didStart = true
                if released { return true }
                waiting = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        lock.withLock { didReturn = true }
    }

    func release() {
        let continuation = lock.withLock {
            released = true
            defer { waiting = nil }
            return waiting
        }
        continuation?.resume()
    }
}
