import CLinux
import Foundation
import LegdayCore

/// The real clock (`WallClock` is declared in LegdayCore), for the scheduler and the outbox's delivery engine.
/// A sleep is one absolute `CLOCK_REALTIME` timerfd with `TFD_TIMER_CANCEL_ON_SET`: it fires at the
/// wall-clock deadline even across a suspend, and returns early when the clock is set (an NTP step, a manual
/// change), so the scheduler recomputes instead of firing at the wrong moment. The delivery engine's timeouts
/// use `sleep(through:)`, which sleeps on past such early returns; a monotonic sleep would come late after a
/// suspend, and a test could not move it with libfaketime.
public struct SystemWallClock: WallClock {
    public init() {}

    public func now() -> Date { Date() }

    /// A relative `CLOCK_MONOTONIC` timerfd: elapsed time, not the wall clock. The scheduler's watchdog and
    /// settle naps use it, so a wall clock set (or read) far ahead never silences the watchdog.
    public func nap(for interval: Duration) async throws {
        let parts = interval.components
        let seconds = max(TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18, 0.001)
        try await Self.sleep(on: CLOCK_MONOTONIC, until: seconds, flags: 0, otherwise: interval)
    }

    public func sleep(until deadline: Date) async throws {
        guard deadline > Date() else { return }
        try await Self.sleep(on: CLOCK_REALTIME, until: deadline.timeIntervalSince1970,
                             flags: Int32(TFD_TIMER_ABSTIME) | Int32(TFD_TIMER_CANCEL_ON_SET),
                             otherwise: .seconds(deadline.timeIntervalSinceNow))
    }

    /// One timerfd on `clock`, armed at `seconds` (relative, or absolute with `TFD_TIMER_ABSTIME`), waited on
    /// until it fires, is cancelled by a clock change, or the task is cancelled. Where no timerfd can be had
    /// (not Linux, or seccomp) it is a plain sleep of `otherwise`, which cannot notice clock changes.
    private static func sleep(on clock: Int32, until seconds: TimeInterval, flags: Int32,
                              otherwise: @autoclosure () -> Duration) async throws {
        let fd = timerfd_create(clock, Int32(TFD_CLOEXEC) | Int32(TFD_NONBLOCK))
        guard fd >= 0 else {
            try await Task.sleep(for: otherwise())
            return
        }
        var spec = itimerspec()
        spec.it_value.tv_sec = Int(seconds.rounded(.down))
        spec.it_value.tv_nsec = Int((seconds - seconds.rounded(.down)) * 1e9)
        guard timerfd_settime(fd, flags, &spec, nil) == 0 else {
            close(fd)
            try await Task.sleep(for: otherwise())
            return
        }
        let wait = TimerWait(fd: fd)
        await withTaskCancellationHandler {
            await wait.wait()
        } onCancel: {
            wait.cancel()
        }
        try Task.checkCancellation()
    }
}

/// Waits for one timerfd to become readable (expired, or cancelled by a clock change), on a dispatch
/// source rather than a thread, and closes it afterwards.
private final class TimerWait: @unchecked Sendable {
    private let lock = NSLock()
    private let source: any DispatchSourceRead
    private var continuation: CheckedContinuation<Void, Never>?
    private var finished = false

    init(fd: Int32) {
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: .global())
        source.setEventHandler { [source] in
            var expirations: UInt64 = 0
            // ECANCELED here means the clock was set; either way the sleep is over.
            _ = read(fd, &expirations, MemoryLayout<UInt64>.size)
            source.cancel()
        }
        source.setCancelHandler { [weak self] in
            close(fd)
            self?.finish()
        }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let done: Bool = lock.withLock {
                if finished { return true }
                self.continuation = continuation
                return false
            }
            if done { continuation.resume() } else { source.resume() }
        }
    }

    func cancel() {
        let started: Bool = lock.withLock { continuation != nil || finished }
        if started {
            source.cancel()
        } else {
            // Cancelled before waiting began: finish now; the source was never resumed, so resume it
            // just to let its cancel handler close the descriptor.
            lock.withLock { finished = true }
            source.cancel()
            source.resume()
        }
    }

    private func finish() {
        let continuation: CheckedContinuation<Void, Never>? = lock.withLock {
            finished = true
            defer { self.continuation = nil }
            return self.continuation
        }
        continuation?.resume()
    }
}
