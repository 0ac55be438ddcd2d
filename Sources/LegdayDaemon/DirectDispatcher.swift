import Foundation
import LegdayCore
import LegdayNotify
import Logging

/// Sends a reminder straight to every notifier, once each, and remembers what failed for `STATUS=`.
/// It keeps nothing on disk; the durable outbox is the dispatcher for real use.
public final class DirectDispatcher: ReminderDispatcher, @unchecked Sendable {
    private let notifiers: [any Notifier]
    private let logger: Logger
    private let lock = NSLock()
    private var failures: [String: String] = [:]

    public init(notifiers: [any Notifier], logger: Logger) {
        self.notifiers = notifiers
        self.logger = logger
    }

    public func dispatch(_ reminder: Reminder, expiresAt: Date) async {
        for notifier in notifiers {
            let context = DeliveryContext(deliveryID: DeliveryContext.deliveryID(reminder: reminder, notifier: notifier.name))
            do {
                try await notifier.send(reminder, context: context)
                lock.withLock { failures[notifier.name] = nil }
            } catch {
                let failure = NotifierError(classifying: error)
                logger.error("delivery failed", metadata: ["notifier": "\(notifier.name)", "error": "\(failure)"])
                lock.withLock { failures[notifier.name] = failure.message }
            }
        }
    }

    public func trouble() async -> String? {
        lock.withLock {
            failures.isEmpty ? nil : failures.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
                .joined(separator: "; ")
        }
    }
}
