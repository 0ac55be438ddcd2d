import Foundation
import LegdayCore
import LegdayDaemon
import LegdayNotify
import LegdayOutbox
import Logging
import ServiceLifecycle

/// The daemon's dispatcher: each reminder becomes deliveries in the durable outbox, and the delivery loop
/// (this service's `run`) sends them, retries them and expires them. One per process; a reload swaps the
/// notifiers in place, so deliveries already queued carry on under their ids.
final class OutboxDispatcher: ReminderDispatcher, Service, @unchecked Sendable {
    let engine: DeliveryEngine
    private let logger: Logger
    private let lock = NSLock()
    private var names: [String] = []
    /// Why the outbox could not be read or written on the last run of the delivery loop, if it could not.
    private var problem: String?
    /// Called after every run of the delivery loop, so `STATUS=` follows delivery trouble as it comes and goes.
    private var statusChanged: @Sendable () -> Void = {}

    init(outbox: Outbox, logger: Logger) {
        self.logger = logger
        engine = DeliveryEngine(outbox: outbox, notifiers: [:], clock: SystemWallClock(), log: { event in
            logger.log(level: Self.level(event.severity), "\(event)")
        })
    }

    /// Uses these notifiers from now on (config order), for new reminders and for queued deliveries.
    func configure(names: [String], notifiers: [String: any Notifier], settings: [String: NotifierSettings]) {
        engine.replace(notifiers: notifiers, settings: settings)
        lock.withLock { self.names = names }
    }

    func dispatch(_ reminder: Reminder, expiresAt: Date) async {
        let names = lock.withLock { self.names }
        // Enqueueing wakes the delivery loop, which sends at once. When the outbox cannot be written (a full
        // or read-only disk) the reminder is held in memory and written, then sent, once it can.
        if let error = await engine.enqueueOrHold(reminder, notifiers: names, expiresAt: expiresAt) {
            let reason = Outbox.reason(error)
            logger.error("cannot write the reminder to the outbox \(engine.outbox.path): \(reason); holding it and trying again every few seconds",
                         metadata: ["reminder": "\(reminder.id)"])
            setProblem(error)
        }
    }

    /// Tells `observer` after every run of the delivery loop (the daemon refreshes `STATUS=`).
    func onStatusChange(_ observer: @escaping @Sendable () -> Void) {
        lock.withLock { statusChanged = observer }
    }

    /// Deliveries waiting to retry, and failures and expiries of the last day (`legday outbox` lists them
    /// all), or an outbox that cannot be written.
    func trouble() async -> String? {
        if let problem = lock.withLock({ self.problem }) { return problem }
        let held = await engine.heldCount
        if held > 0 { return "the outbox cannot be written; \(held) reminder\(held == 1 ? "" : "s") held in memory" }
        guard let status = try? await engine.status(since: Date().addingTimeInterval(-86_400)) else {
            return "the outbox cannot be read"
        }
        return status.trouble
    }

    /// Records why the outbox cannot be written, for `STATUS=`; true when that is news.
    @discardableResult
    private func setProblem(_ error: any Error) -> Bool {
        let text = "the outbox cannot be written: \(Outbox.reason(error))"
        let (changed, isNew) = lock.withLock {
            defer { problem = text }
            return (statusChanged, problem != text)
        }
        changed()
        return isNew
    }

    /// Delivered rows are kept this long for `legday outbox --all`, then forgotten at the next start.
    static let keepDelivered: TimeInterval = 30 * 86_400

    func run() async throws {
        do {
            try engine.outbox.pruneDelivered(before: Date().addingTimeInterval(-Self.keepDelivered))
        } catch {
            logger.warning("could not prune old deliveries from the outbox: \(error)")
        }
        do {
            try await cancelWhenGracefulShutdown {
                try await self.engine.run(afterEachRun: { _ in
                    let (changed, hadProblem) = self.lock.withLock {
                        defer { self.problem = nil }
                        return (self.statusChanged, self.problem != nil)
                    }
                    if hadProblem { self.logger.notice("the outbox \(self.engine.outbox.path) takes writes again") }
                    changed()
                }, problem: { error in
                    // Logged when it starts or changes, not at every retry a few seconds apart.
                    if self.setProblem(error) {
                        let reason = Outbox.reason(error)
                        self.logger.error("the outbox \(self.engine.outbox.path) cannot be read or written: \(reason); trying again every few seconds")
                    }
                })
            }
        } catch is CancellationError {
            // Shutdown: deliveries still pending stay in the outbox for the next start.
        }
    }

    static func level(_ severity: DeliveryEvent.Severity) -> Logger.Level {
        switch severity {
        case .info: .info
        case .warning: .warning
        case .error: .error
        }
    }
}
