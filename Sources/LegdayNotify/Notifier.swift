import LegdayCore

/// A place reminders go: the journal, a mailbox, a webhook, a plugin.
///
/// This is legday's one extension point. A notifier does one thing: deliver one reminder, once, and say
/// how it went. Everything around that — when to send, the outbox, retries with backoff, expiry, falling
/// over to another notifier, never sending twice — is the delivery machinery's job, not the notifier's.
///
/// The contract:
/// - `send` returns normally only when the destination has accepted the reminder (the journal took the
///   entry, the SMTP server said 250 to the end of data, the webhook answered 2xx, the plugin exited 0).
/// - It throws ``NotifierError`` with `.temporary` when trying again later may work (a timeout, a 4xx
///   SMTP reply, HTTP 429 or 5xx) and `.permanent` when it cannot (authentication refused, HTTP 410).
///   Any other error is taken as temporary.
/// - It may be called again for the same reminder after an error or a crash; `context.deliveryID` is the
///   same every time, so a destination that can deduplicate (webhook ids, Message-IDs) should use it.
/// - It honours task cancellation promptly: a daemon shutting down cancels sends in flight.
/// - It never logs or prints secrets.
public protocol Notifier: Sendable {
    /// The name from config (`[notifiers.NAME]`), used in logs, the outbox and `STATUS=`.
    var name: String { get }

    func send(_ reminder: Reminder, context: DeliveryContext) async throws
}

/// Facts about one delivery attempt.
public struct DeliveryContext: Sendable, Hashable {
    /// Stable for (athlete, date, reminder kind, notifier): the idempotency key.
    public var deliveryID: String
    /// 1 for the first try.
    public var attempt: Int

    public init(deliveryID: String, attempt: Int = 1) {
        self.deliveryID = deliveryID
        self.attempt = attempt
    }

    /// The delivery id of `reminder` through `notifier`.
    public static func deliveryID(reminder: Reminder, notifier: String) -> String {
        "\(reminder.id):\(notifier)"
    }
}

/// Why a send failed, and whether trying again can help.
public struct NotifierError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case temporary
        case permanent
    }

    public var kind: Kind
    public var message: String
    /// When the destination asked to be left alone for a while (`Retry-After`, a plugin's `retry_after`).
    public var retryAfter: Duration?

    public init(_ kind: Kind, _ message: String, retryAfter: Duration? = nil) {
        self.kind = kind
        self.message = message
        self.retryAfter = retryAfter
    }

    public static func temporary(_ message: String, retryAfter: Duration? = nil) -> NotifierError {
        NotifierError(.temporary, message, retryAfter: retryAfter)
    }

    public static func permanent(_ message: String) -> NotifierError { NotifierError(.permanent, message) }

    public var description: String { "\(kind.rawValue) failure: \(message)" }

    /// Classifies any error a notifier threw, following the contract above.
    public init(classifying error: any Error) {
        if let error = error as? NotifierError {
            self = error
        } else if error is CancellationError {
            self = .temporary("cancelled")
        } else {
            self = .temporary(String(describing: error))
        }
    }
}
