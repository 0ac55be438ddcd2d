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

    init(outbox: Outbox, logger: Logger) {
        self.logger = logger
        engine = DeliveryEngine(outbox: outbox, notifiers: [:], log: { event in
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
        do {
            // Enqueueing wakes the delivery loop, which sends at once.
            try await engine.enqueue(reminder, notifiers: names, expiresAt: expiresAt)
        } catch {
            logger.error("cannot write the reminder to the outbox: \(error)", metadata: ["reminder": "\(reminder.id)"])
        }
    }

    func trouble() async -> String? {
        guard let status = try? await engine.status() else { return "the outbox cannot be read" }
        return status.pending + status.failed + status.expired == 0 ? nil : status.summary
    }

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                try await self.engine.run(problem: { error in
                    self.logger.error("the outbox cannot be read or written: \(error)")
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
