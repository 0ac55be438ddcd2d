import Foundation
import LegdayCore

// Test doubles live here, in a target only tests depend on, never in production sources.

/// The one test double of `WallClock`, for the scheduler and the delivery engine alike: time moves only when
/// a test says so, and sleepers wake when it passes their deadline (or, like the real clock, when it is set).
public final class ManualClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private var sleepers: [(id: UInt64, deadline: Date, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0

    /// Starts at `start`; the default is an arbitrary fixed instant (2026-11-19), for tests that only count
    /// time from wherever it begins.
    public init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) { current = start }

    public func now() -> Date { lock.withLock { current } }

    /// How many tasks are sleeping on this clock right now.
    public var sleeperCount: Int { lock.withLock { sleepers.count } }

    /// The earliest deadline anyone sleeps until.
    public var nextDeadline: Date? { lock.withLock { sleepers.map(\.deadline).min() } }

    /// Moves time forward to `date` (never back) and wakes the sleepers whose deadline has come.
    public func advance(to date: Date) {
        let woken: [CheckedContinuation<Void, any Error>] = lock.withLock {
            current = max(current, date)
            let due = sleepers.filter { $0.deadline <= current }
            sleepers.removeAll { $0.deadline <= current }
            return due.map(\.continuation)
        }
        woken.forEach { $0.resume() }
    }

    public func advance(by seconds: TimeInterval) { advance(to: now().addingTimeInterval(seconds)) }

    /// Sets the time without regard to order, as an NTP step or a manual change would; wakes every sleeper,
    /// as `SystemWallClock`'s sleep returns early when the clock is set.
    public func jump(to date: Date) {
        let woken = lock.withLock {
            current = date
            defer { sleepers.removeAll() }
            return sleepers.map(\.continuation)
        }
        woken.forEach { $0.resume() }
    }

    public func sleep(until deadline: Date) async throws {
        let id: UInt64 = lock.withLock { nextID += 1; return nextID }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // A cancellation that came before this registration found nothing to remove: look again here.
                let outcome: Result<Void, any Error>? = lock.withLock {
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if deadline <= current { return .success(()) }
                    sleepers.append((id, deadline, continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let cancelled = lock.withLock { () -> CheckedContinuation<Void, any Error>? in
                guard let index = sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return sleepers.remove(at: index).continuation
            }
            cancelled?.resume(throwing: CancellationError())
        }
    }

    /// Waits (by yielding, never by sleeping) until at least `count` tasks sleep on this clock; false if that
    /// has not happened within a minute, a bound for a stuck test rather than a timing.
    @discardableResult
    public func waitForSleepers(_ count: Int = 1) async -> Bool {
        await waitUntil { sleeperCount >= count }
    }

    /// Waits (by yielding, never by sleeping) until `condition` holds, e.g. that someone sleeps until a given
    /// deadline; false if it has not within a minute, a bound for a stuck test rather than a timing.
    public func waitUntil(_ condition: () -> Bool) async -> Bool {
        let giveUp = ContinuousClock.now + .seconds(60)
        while !condition() {
            if ContinuousClock.now >= giveUp { return false }
            await Task.yield()
        }
        return true
    }
}
