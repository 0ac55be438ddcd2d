import Foundation
import LegdayCore
import LegdayNotify

/// What the engine needs to know about one notifier besides the notifier itself.
public struct NotifierSettings: Sendable, Hashable {
    /// The notifier that gets the reminder when this one fails for good (`fallback = "NAME"` in config).
    public var fallback: String?
    /// How long one send may take before it is cancelled and counted as a temporary failure.
    public var timeout: Duration

    public init(fallback: String? = nil, timeout: Duration = .seconds(60)) {
        self.fallback = fallback
        self.timeout = timeout
    }
}

/// A delivery after the engine looked at it.
public struct DeliveryReport: Sendable, Hashable {
    /// The delivery as stored after this run.
    public var delivery: Delivery
    /// False when this run did not try to send it (already delivered, failed or expired earlier, or being
    /// sent by another legday process right now).
    public var attempted: Bool
    /// The fallback delivery this failure enqueued, if any.
    public var fallback: Delivery?
}

/// Sends what the outbox holds: due deliveries, with a timeout per send, retries with backoff and full
/// jitter, expiry at the end of the reminder's day, and fall-over to a fallback notifier.
///
/// Every state change is committed to the outbox before it is reported. A send that succeeded but whose
/// success could not be written (a crash in between) is sent again later: delivery is at least once, and the
/// stable delivery id lets destinations that can deduplicate do so.
public actor DeliveryEngine {
    public nonisolated let outbox: Outbox
    /// Swapped whole on a config reload, from any thread, so no send ever sees a half-made set.
    private let routes: Routes
    private let policy: RetryPolicy
    /// Wall-clock time (`SystemWallClock` in the daemon, no default here: a monotonic clock would bring a retry
    /// or an expiry late after a suspend). Its sleeps may end early when the clock is set: the delivery loop
    /// then just looks at the outbox again, and a send's timeout sleeps on through them.
    private let clock: any WallClock
    private var random: Jitter
    private let concurrency: Int
    private let log: @Sendable (DeliveryEvent) -> Void

    /// Reminders the daemon handed over while the outbox could not be written (a full or read-only disk),
    /// held here until the delivery loop can write them.
    private var held: [(reminder: Reminder, notifiers: [String], expiresAt: Date)] = []

    /// The delivery loop's decisions while `run` runs (nil otherwise), shared with `wake()`.
    private var loop: DeliveryDecisions.Loop?
    /// The delivery loop's sleep, ended early by `wake()`.
    private var sleeper: Task<Void, any Error>?
    /// The sleep was ended by `wake()`, not by its time.
    private var woke = false

    /// Extra time a claim lasts beyond the timeouts, so a slow commit does not free a delivery in flight.
    private static let claimGrace: Duration = .seconds(30)

    public init(outbox: Outbox,
                notifiers: [String: any Notifier],
                settings: [String: NotifierSettings] = [:],
                policy: RetryPolicy = RetryPolicy(),
                clock: any WallClock,
                random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator(),
                concurrency: Int = 16,
                log: @escaping @Sendable (DeliveryEvent) -> Void = { _ in }) {
        self.outbox = outbox
        routes = Routes(notifiers: notifiers, settings: settings)
        self.policy = policy
        self.clock = clock
        self.random = Jitter(base: random)
        self.concurrency = max(1, concurrency)
        self.log = log
        if let movedTo = outbox.recoveredCorruptFile { log(.recoveredCorruptOutbox(movedTo: movedTo)) }
    }

    // MARK: The daemon's API

    /// Writes a delivery of `reminder` for each notifier (a no-op for ids already in the outbox), and wakes
    /// the delivery loop so the new deliveries go out at once.
    @discardableResult
    public func enqueue(_ reminder: Reminder, notifiers names: [String], expiresAt: Date) throws -> [Outbox.Enqueued] {
        let enqueued = try outbox.enqueue(reminder, notifiers: names, expiresAt: expiresAt, now: clock.now())
        wake()
        return enqueued
    }

    /// Enqueues many reminders in one transaction, then wakes the delivery loop.
    @discardableResult
    public func enqueue(_ reminders: [Reminder], notifiers names: [String], expiresAt: Date) throws -> [Outbox.Enqueued] {
        let enqueued = try outbox.enqueue(reminders, notifiers: names, expiresAt: expiresAt, now: clock.now())
        wake()
        return enqueued
    }

    /// Like `enqueue`, but a reminder that cannot be written now (the disk is full or read-only) is held in
    /// memory, and the delivery loop writes it once the outbox takes writes again. Returns the error, for the
    /// journal; nil when it was written.
    public func enqueueOrHold(_ reminder: Reminder, notifiers names: [String], expiresAt: Date) -> (any Error)? {
        do {
            try enqueue(reminder, notifiers: names, expiresAt: expiresAt)
            return nil
        } catch {
            held.append((reminder, names, expiresAt))
            wake()  // the loop tries again every `problemRetry` while the outbox refuses writes
            return error
        }
    }

    /// How many reminders wait in memory for the outbox to take writes again.
    public var heldCount: Int { held.count }

    /// Writes the held reminders, oldest first; stops at the first that still cannot be written.
    private func writeHeld() throws {
        while let first = held.first {
            try outbox.enqueue(first.reminder, notifiers: first.notifiers, expiresAt: first.expiresAt, now: clock.now())
            held.removeFirst()
        }
    }

    /// The delivery loop: sends what is due, then sleeps until `nextWakeUp()` (or `idleCheck` when nothing
    /// is pending, in case another legday process wrote to the outbox), until the task is cancelled.
    /// `enqueue` and `wake()` end a sleep early. `afterEachRun` gets the status, e.g. for `STATUS=`. An
    /// outbox that cannot be read or written is logged through `problem` and tried again after
    /// `problemRetry`, so deliveries go out soon after space returns.
    public func run(idleCheck: Duration = .seconds(300),
                    problemRetry: Duration = .seconds(5),
                    afterEachRun: @Sendable (OutboxStatus) -> Void = { _ in },
                    problem: @Sendable (any Error) -> Void = { _ in }) async throws {
        var decisions = DeliveryDecisions.Loop(idleCheck: idleCheck, problemRetry: problemRetry)
        var action = decisions.started()
        loop = decisions
        defer { loop = nil }
        while !Task.isCancelled {
            switch action {
            case .run:
                var failed = false
                var nextDue: Date?
                do {
                    try writeHeld()
                    _ = try await runDue()
                    // A reminder handed over while this run was sending; written here so that the status
                    // below (no suspension in between) never reports a held reminder as no trouble.
                    try writeHeld()
                    afterEachRun(try status())
                    nextDue = try nextWakeUp()
                } catch {
                    problem(error)
                    failed = true
                }
                action = loop?.runEnded(at: clock.now(), nextDue: nextDue, failed: failed) ?? .run
            case .sleep(let until):
                let clock = clock
                let sleep = Task { try await clock.sleep(until: until) }
                sleeper = sleep
                await withTaskCancellationHandler {
                    _ = try? await sleep.value
                } onCancel: {
                    sleep.cancel()
                }
                sleeper = nil
                // Woken: `wake()` has already told the decisions, which said run.
                action = woke ? .run : loop?.sleepEnded() ?? .run
                woke = false
            }
        }
        throw CancellationError()
    }

    /// Ends the delivery loop's sleep so it looks at the outbox again now (or, during a run, has it run
    /// again when this one ends).
    public func wake() {
        if loop?.woken() == .run {
            woke = true
            sleeper?.cancel()
        }
    }

    /// Swaps in the notifiers of a reloaded config; takes effect for every send that starts after it
    /// returns. Deliveries keep their ids, so nothing is sent twice.
    public nonisolated func replace(notifiers: [String: any Notifier], settings: [String: NotifierSettings]) {
        routes.replace(notifiers: notifiers, settings: settings)
        Task { await self.wake() }
    }

    /// Expires what is overdue, then sends every due delivery (fallbacks created on the way included).
    public func runDue() async throws -> [DeliveryReport] {
        var reports = try expireOverdue()
        while !Task.isCancelled {
            let batch = try claim(ids: nil)
            if batch.isEmpty { break }
            reports += try await send(batch)
        }
        return reports
    }

    /// The earliest instant at which `runDue` has something to do; nil when nothing is pending.
    public func nextWakeUp() throws -> Date? { try outbox.nextWakeUp() }

    /// See `Outbox.status(since:)`.
    public func status(since: Date? = nil) throws -> OutboxStatus { try outbox.status(since: since) }

    // MARK: The command line's API

    /// Tries the given deliveries now if they are pending, whenever their next attempt was planned, and
    /// the fallbacks their failures create. Returns one report per id, attempted or not, then the fallbacks.
    public func sendNow(ids: [String]) async throws -> [DeliveryReport] {
        _ = try expireOverdue()
        var attempted: [String: DeliveryReport] = [:]
        var fallbacks: [DeliveryReport] = []
        var wanted = ids
        while !wanted.isEmpty, !Task.isCancelled {
            let claimed = try claim(ids: wanted)
            let reports = try await send(claimed)
            for report in reports {
                if ids.contains(report.delivery.id) {
                    attempted[report.delivery.id] = report
                } else {
                    fallbacks.append(report)
                }
            }
            wanted = reports.compactMap { $0.fallback?.id }
        }
        var result: [DeliveryReport] = []
        for id in ids {
            if let report = attempted[id] {
                result.append(report)
            } else if let delivery = try outbox.delivery(id: id) {
                result.append(DeliveryReport(delivery: delivery, attempted: false, fallback: nil))
            }
        }
        return result + fallbacks
    }

    /// `legday outbox retry ID`: back to pending with fresh attempts, then tried now.
    public func retry(id: String, expiresAt: Date) async throws -> [DeliveryReport] {
        _ = try outbox.retry(id: id, now: clock.now(), expiresAt: expiresAt)
        return try await sendNow(ids: [id])
    }

    // MARK: Steps

    private func expireOverdue() throws -> [DeliveryReport] {
        try outbox.expireOverdue(now: clock.now()).map { expired in
            log(.expired(expired))
            return DeliveryReport(delivery: expired, attempted: false, fallback: nil)
        }
    }

    private func claim(ids: [String]?) throws -> [Delivery] {
        let limit = concurrency * 4
        // A claim covers every wave of sends in the batch, so no delivery waiting its turn is freed early.
        let waves = Double((limit + concurrency - 1) / concurrency)
        let now = clock.now()
        return try outbox.claim(ids: ids, now: now, limit: limit) { delivery in
            let timeout = self.settings(for: delivery.notifier).timeout
            return now.addingTimeInterval(timeout.seconds * waves + Self.claimGrace.seconds)
        }
    }

    private func settings(for notifier: String) -> NotifierSettings {
        routes.current.settings[notifier] ?? NotifierSettings()
    }

    /// Sends a claimed batch, at most `concurrency` at once. An outcome is committed (synced to disk) as soon
    /// as the engine is free after its send returns, before it is reported and before its slot starts
    /// another send: sends that finish while a commit is being written go together into the next one (group
    /// commit), so the fsyncs stay few under load without ever holding a finished send back for others.
    /// A crash can therefore repeat only the sends in flight at that moment (at most `concurrency`), never
    /// one whose success was recorded.
    private func send(_ batch: [Delivery]) async throws -> [DeliveryReport] {
        var reports: [DeliveryReport] = []
        let finished = FinishedSends()
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func start() {
                guard next < batch.count else { return }
                let delivery = batch[next]
                next += 1
                let notifier = routes.current.notifiers[delivery.notifier]
                let timeout = settings(for: delivery.notifier).timeout
                let clock = clock
                group.addTask {
                    finished.put(delivery, await Self.attempt(delivery, through: notifier, timeout: timeout, clock: clock))
                }
            }
            for _ in 0..<concurrency { start() }
            var outstanding = batch.count
            while outstanding > 0 {
                let done = await finished.takeAll()
                reports += try commit(done.map { settle($0.delivery, error: $0.error) })
                outstanding -= done.count
                for _ in done { start() }
            }
            try await group.waitForAll()
        }
        return reports
    }

    /// One send with its timeout; nil on success. At the deadline the send is cancelled and abandoned: the
    /// engine records the timeout and goes on at once, also when the send ignores cancellation (a blocking
    /// call inside a notifier), instead of waiting for it as a task group's scope would.
    private static func attempt(_ delivery: Delivery, through notifier: (any Notifier)?, timeout: Duration,
                                clock: any WallClock) async -> NotifierError? {
        guard let notifier else {
            return .permanent("no notifier named \(delivery.notifier) is configured")
        }
        let context = DeliveryContext(deliveryID: delivery.id, attempt: delivery.attempts)
        let deadline = clock.now().addingTimeInterval(timeout.seconds)
        let reminder = delivery.reminder
        let outcome = await FirstOutcome<SendOutcome>.race(
            { try await notifier.send(reminder, context: context) },
            against: { try await clock.sleep(through: deadline) })
        switch outcome {
        case .finished: return nil
        case .failed(let error): return NotifierError(classifying: error)
        case .deadline: return .temporary("timed out after \(Int(timeout.seconds)) s")
        case .cancelled: return .temporary("cancelled")
        }
    }

    /// What an attempt's outcome means for the delivery (see `DeliveryDecisions.settle`).
    private func settle(_ claimed: Delivery, error: NotifierError?) -> DeliveryDecisions.Settled {
        DeliveryDecisions.settle(claimed, error: error, now: clock.now(), policy: policy,
                                 fallback: settings(for: claimed.notifier).fallback, random: &random)
    }

    /// Commits outcomes (and the fallback deliveries they create) in one transaction, then reports them.
    private func commit(_ outcomes: [DeliveryDecisions.Settled]) throws -> [DeliveryReport] {
        guard !outcomes.isEmpty else { return [] }
        let fallbacks = try outbox.record(outcomes.map { ($0.delivery, $0.fallback) })
        return zip(outcomes, fallbacks).map { outcome, enqueued in
            log(outcome.event)
            // A fallback id already in the outbox (the fallback is also a primary, or a loop of fallbacks)
            // is not sent again.
            let newFallback = enqueued.flatMap { $0.isNew ? $0.delivery : nil }
            if let newFallback { log(.fellOver(from: outcome.delivery, to: newFallback)) }
            return DeliveryReport(delivery: outcome.delivery, attempted: true, fallback: newFallback)
        }
    }
}

/// Sends that have returned and wait for their outcome to be committed. Each send puts its outcome here;
/// the engine takes all that are there at once, waiting only when there are none.
final class FinishedSends: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [(delivery: Delivery, error: NotifierError?)] = []
    private var waiting: CheckedContinuation<Void, Never>?

    func put(_ delivery: Delivery, _ error: NotifierError?) {
        let waiter = lock.withLock {
            outcomes.append((delivery, error))
            defer { waiting = nil }
            return waiting
        }
        waiter?.resume()
    }

    /// Every outcome put so far and not yet taken; at least one (waits for it).
    func takeAll() async -> [(delivery: Delivery, error: NotifierError?)] {
        while true {
            let taken = lock.withLock { () -> [(delivery: Delivery, error: NotifierError?)] in
                defer { outcomes.removeAll() }
                return outcomes
            }
            if !taken.isEmpty { return taken }
            await withCheckedContinuation { continuation in
                let ready = lock.withLock { () -> Bool in
                    if outcomes.isEmpty { waiting = continuation; return false }
                    return true
                }
                if ready { continuation.resume() }
            }
        }
    }
}

/// Any generator behind one concrete type, so the engine can hold the injected one.
struct Jitter: RandomNumberGenerator, Sendable {
    var base: any RandomNumberGenerator & Sendable
    mutating func next() -> UInt64 { base.next() }
}

/// The notifiers and their settings, replaced together under a lock.
final class Routes: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (notifiers: [String: any Notifier], settings: [String: NotifierSettings])

    init(notifiers: [String: any Notifier], settings: [String: NotifierSettings]) {
        value = (notifiers, settings)
    }

    var current: (notifiers: [String: any Notifier], settings: [String: NotifierSettings]) { lock.withLock { value } }

    func replace(notifiers: [String: any Notifier], settings: [String: NotifierSettings]) {
        lock.withLock { value = (notifiers, settings) }
    }
}

/// How a send raced against its deadline came out.
enum SendOutcome: Sendable {
    case finished
    case failed(any Error)
    case deadline
    case cancelled
}

/// The first of two racing tasks to finish decides; the other is cancelled and not waited for. Kept apart
/// from the engine so its one rule (settled once, the caller resumed once, the loser cancelled) is plain.
final class FirstOutcome<Outcome: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Outcome, Never>?
    private var outcome: Outcome?
    private var tasks: [Task<Void, Never>] = []

    /// Runs `work` against `deadline` (a sleep that returns at the deadline); the caller's cancellation
    /// ends the race as `.cancelled`.
    static func race(_ work: @escaping @Sendable () async throws -> Void,
                     against deadline: @escaping @Sendable () async throws -> Void) async -> SendOutcome
        where Outcome == SendOutcome {
        let race = FirstOutcome<SendOutcome>()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                race.install(continuation)
                race.add(Task {
                    do { try await work(); race.settle(.finished) } catch { race.settle(.failed(error)) }
                })
                race.add(Task {
                    do { try await deadline(); race.settle(.deadline) } catch {}
                })
            }
        } onCancel: {
            race.settle(.cancelled)
        }
    }

    private func install(_ continuation: CheckedContinuation<Outcome, Never>) {
        let ready: Outcome? = lock.withLock {
            if let outcome { return outcome }
            self.continuation = continuation
            return nil
        }
        if let ready { continuation.resume(returning: ready) }
    }

    private func add(_ task: Task<Void, Never>) {
        let settled = lock.withLock {
            if outcome != nil { return true }
            tasks.append(task)
            return false
        }
        if settled { task.cancel() }
    }

    private func settle(_ value: Outcome) {
        let (waiting, losers): (CheckedContinuation<Outcome, Never>?, [Task<Void, Never>]) = lock.withLock {
            guard outcome == nil else { return (nil, []) }
            outcome = value
            defer { continuation = nil; tasks = [] }
            return (continuation, tasks)
        }
        for task in losers { task.cancel() }
        waiting?.resume(returning: value)
    }
}
