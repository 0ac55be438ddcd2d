import Foundation

/// Something the delivery engine did that the runner or an operator may want to read. The daemon sends
/// these to the journal (problems at warning or error priority); the CLI prints them.
public enum DeliveryEvent: Sendable, Hashable, CustomStringConvertible {
    case delivered(Delivery)
    /// A temporary failure; the delivery stays pending until `at`.
    case retrying(Delivery, at: Date)
    /// A permanent failure, or the attempts ran out. `lastError` holds the reason.
    case failed(Delivery)
    /// The reminder's day ended before the delivery got through.
    case expired(Delivery)
    /// A failed delivery handed its reminder to the notifier's `fallback`.
    case fellOver(from: Delivery, to: Delivery)
    /// The outbox file was damaged; it was moved aside and a new one started.
    case recoveredCorruptOutbox(movedTo: String)

    public enum Severity: Sendable, Hashable { case info, warning, error }

    public var severity: Severity {
        switch self {
        case .delivered, .fellOver: .info
        case .retrying: .warning
        case .failed, .expired, .recoveredCorruptOutbox: .error
        }
    }

    public var description: String {
        switch self {
        case .delivered(let d):
            return "\(d.id): delivered through \(d.notifier) (attempt \(d.attempts))"
        case .retrying(let d, let at):
            return "\(d.id): attempt \(d.attempts) through \(d.notifier) failed (\(d.lastError ?? "unknown error")); "
                + "next attempt at \(ISO8601DateFormatter().string(from: at))"
        case .failed(let d):
            return "\(d.id): not delivered through \(d.notifier), giving up: \(d.lastError ?? "unknown error")"
        case .expired(let d):
            return "\(d.id): \(d.lastError ?? "expired")"
        case .fellOver(let from, let to):
            return "\(from.id): falling over from \(from.notifier) to \(to.notifier) as \(to.id)"
        case .recoveredCorruptOutbox(let movedTo):
            return "the outbox database was damaged; moved it to \(movedTo) and started a new one"
        }
    }
}
