import Foundation
import LegdayCore
import LegdayNotify

/// The delivery engine's decisions, without I/O: what an attempt's outcome makes of a delivery, and what the
/// delivery loop does after each run. `DeliveryEngine` carries the actions out (sends, commits, sleeps); these
/// types decide, and are tested by feeding them events (async-http-client's connection-pool state machine
/// is the model).
public enum DeliveryDecisions {
    /// An attempt's outcome, worked out but not yet committed: the delivery as it is to be stored, the
    /// fallback delivery to enqueue, and the event to log once it is stored.
    public struct Settled: Sendable, Hashable {
        public var delivery: Delivery
        public var fallback: Delivery?
        public var event: DeliveryEvent
    }

    /// What an attempt's outcome means for the claimed delivery: delivered; a temporary failure with
    /// attempts left is retried after the policy's jittered wait (never sooner than the destination's
    /// `Retry-After`); anything else fails it, and a failure enqueues the fallback notifier, if it has one
    /// other than itself.
    public static func settle(_ claimed: Delivery, error: NotifierError?, now: Date, policy: RetryPolicy,
                              fallback: String?, random: inout some RandomNumberGenerator) -> Settled {
        var delivery = claimed
        delivery.updatedAt = now
        delivery.claimedUntil = nil
        guard let error else {
            delivery.state = .delivered
            delivery.deliveredAt = now
            return Settled(delivery: delivery, event: .delivered(delivery))
        }
        if error.kind == .temporary, delivery.attempts < policy.maxAttempts {
            let wait = policy.delay(afterAttempt: delivery.attempts, retryAfter: error.retryAfter, using: &random)
            delivery.nextAttemptAt = now.addingTimeInterval(wait.seconds)
            delivery.lastError = error.description
            return Settled(delivery: delivery, event: .retrying(delivery, at: delivery.nextAttemptAt))
        }
        delivery.state = .failed
        delivery.lastError = error.kind == .permanent
            ? error.description
            : "gave up after \(delivery.attempts) attempts: \(error.description)"
        var next: Delivery?
        if let fallback, fallback != delivery.notifier {
            next = Delivery(reminder: delivery.reminder, notifier: fallback, expiresAt: delivery.expiresAt,
                            now: now, fallbackFor: delivery.id)
        }
        return Settled(delivery: delivery, fallback: next, event: .failed(delivery))
    }

    /// The delivery loop: run (write held reminders, expire, send what is due), then sleep until the next
    /// thing is due, the idle check (another legday process may have written to the outbox), or, when the
    /// outbox could not be used, the problem retry; a wake-up during a run means run again at once.
    public struct Loop: Sendable, Hashable {
        public enum Action: Sendable, Hashable {
            case run
            case sleep(until: Date)
        }

        public var idleCheck: Duration
        public var problemRetry: Duration
        /// Something was enqueued (or the notifiers replaced) since the current run started.
        private var wokenDuringRun = false
        private var running = false

        public init(idleCheck: Duration, problemRetry: Duration) {
            self.idleCheck = idleCheck
            self.problemRetry = problemRetry
        }

        /// The loop starts with a run.
        public mutating func started() -> Action {
            running = true
            wokenDuringRun = false
            return .run
        }

        /// A run ended: `nextDue` is the outbox's next attempt or expiry (nil when nothing is pending),
        /// `failed` whether the outbox refused to be read or written.
        public mutating func runEnded(at now: Date, nextDue: Date?, failed: Bool) -> Action {
            running = false
            if wokenDuringRun { return started() }
            var next = now.addingTimeInterval(idleCheck.seconds)
            if let nextDue { next = min(next, nextDue) }
            if failed { next = min(next, now.addingTimeInterval(problemRetry.seconds)) }
            return .sleep(until: next)
        }

        /// A reminder was enqueued or the notifiers replaced. While asleep: run now (the engine ends the
        /// sleep); during a run: remember it, the run's end starts another.
        public mutating func woken() -> Action? {
            if running {
                wokenDuringRun = true
                return nil
            }
            return started()
        }

        /// The sleep ended on its own (its time came, or the clock was set).
        public mutating func sleepEnded() -> Action { started() }
    }
}
