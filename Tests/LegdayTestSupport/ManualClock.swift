import Foundation
import LegdayDaemon

// Test doubles live here, in a target only tests depend on, never in the daemon's own sources.

/// A clock that only moves when told to; sleepers wake when time passes their deadline.
public final class ManualClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private var sleepers: [(id: UInt64, deadline: Date, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0

    public init(_ start: Date) { current = start }

    public func now() -> Date { lock.withLock { current } }

    /// How many tasks are sleeping on this clock right now.
    public var sleeperCount: Int { lock.withLock { sleepers.count } }

    /// The earliest deadline anyone sleeps until.
    public var nextDeadline: Date? { lock.withLock { sleepers.map(\.deadline).min() } }

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

    /// Sets the time without regard to order, as an NTP step or a manual change would; wakes every sleeper.
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
                let resumeNow: Bool = lock.withLock {
                    if deadline <= current || Task.isCancelled { return true }
                    sleepers.append((id, deadline, continuation))
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let cancelled = lock.withLock { () -> CheckedContinuation<Void, any Error>? in
                guard let index = sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return sleepers.remove(at: index).continuation
            }
            cancelled?.resume(throwing: CancellationError())
        }
        try Task.checkCancellation()
    }

    /// Waits (by yielding, not by sleeping) until `count` tasks sleep on this clock.
    public func waitForSleepers(_ count: Int = 1) async {
        while sleeperCount < count { await Task.yield() }
    }
}
