import Foundation

/// The time the delivery machinery runs on. Injected, so that tests move time by hand instead of sleeping.
public protocol DeliveryClock: Sendable {
    func now() -> Date
    /// Returns at `deadline` or later; throws `CancellationError` when the task is cancelled first.
    func sleep(until deadline: Date) async throws
}

/// Wall-clock time. Deadlines are instants (`Date`), because deliveries are stored with instants and must
/// keep their meaning across restarts.
public struct SystemDeliveryClock: DeliveryClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSinceNow
        if seconds > 0 { try await Task.sleep(for: .seconds(seconds)) }
        try Task.checkCancellation()
    }
}

extension Duration {
    /// The duration in seconds, as `Date` arithmetic wants it.
    var seconds: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
