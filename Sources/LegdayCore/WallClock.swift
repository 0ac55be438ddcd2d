import Foundation

/// The time legday runs on: the scheduler's reminders and the outbox's retries, expiries and send timeouts.
/// Injected everywhere, so tests move time by hand instead of sleeping (`ManualClock` in the
/// `LegdayTestSupport` target); the daemon's own clock is `SystemWallClock` in `LegdayDaemon`.
///
/// Wall-clock time, not monotonic: reminders and deliveries are instants (`Date`) stored across restarts, and
/// they must come at that instant across a suspend and after the clock is set.
public protocol WallClock: Sendable {
    func now() -> Date
    /// Suspends until `deadline`; throws `CancellationError` when the task is cancelled first.
    /// May return early, when the system clock is set (an NTP step, a manual change), so a caller that plans by
    /// the clock can look at `now()` again; `sleep(through:)` is for callers that must not wake early.
    func sleep(until deadline: Date) async throws
    /// Suspends for `interval` of elapsed time, whatever the wall clock does meanwhile: the watchdog's naps,
    /// which must come round even if a clock reading was wild. By default a wall-clock sleep.
    func nap(for interval: Duration) async throws
}

extension WallClock {
    public func nap(for interval: Duration) async throws {
        let parts = interval.components
        try await sleep(until: now().addingTimeInterval(TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18))
    }

    /// Suspends until `now()` has reached `deadline`, through any early returns (a timeout must not fire
    /// early because the clock was set back); throws `CancellationError` when the task is cancelled first.
    public func sleep(through deadline: Date) async throws {
        while now() < deadline {
            try await sleep(until: deadline)
            try Task.checkCancellation()
        }
    }
}
