import CCurl
import Foundation

/// The libcurl easy handles one transport keeps between sends, so the next mail goes out over the
/// connection the last one opened (already past STARTTLS and AUTH) instead of a new one.
///
/// libcurl keeps a finished transfer's connection open in the easy handle's connection cache and reuses it
/// for the next transfer to the same server with the same login; a connection the server has closed in the
/// meantime is noticed and replaced. A handle is used by one transfer at a time: `take()` hands it out and
/// `keep(_:)` puts it back, so sequential sends share one. Concurrent sends each get a handle of their own,
/// up to `maxConnections` (4) at once; further sends wait for one to come back. The delivery engine sends up
/// to 16 deliveries at once, and a mail server should not see 16 connections from one runner's reminders
/// (many refuse that many), nor should 14 of them be closed again after each burst. A handle whose
/// transfer failed is closed rather than kept (`discard(_:)`), so a connection in an unknown state never
/// carries over to the next send.
///
/// Idle connections are closed after `idleTimeout` (60 s by default): a burst of mails shares a
/// connection, while a daemon that sends once a day does not hold a socket to the mail server for the
/// rest of the day (servers drop idle clients after a few minutes anyway, RFC 5321 section 4.5.3.2.7).
final class CurlHandlePool: @unchecked Sendable {
    typealias Handle = UnsafeMutableRawPointer

    let idleTimeout: Duration
    /// At most this many transfers (and so connections) at once.
    let maxConnections: Int
    /// At most this many idle handles (and so connections) are kept.
    let maxIdle: Int

    private let lock = NSCondition()
    private var inUse = 0
    private var idle: [(handle: Handle, since: ContinuousClock.Instant)] = []
    private var sweepScheduled = false
    /// Closing a connection sends QUIT and waits (briefly) for the reply: done here, never on a caller's thread.
    private let closer = DispatchQueue(label: "legday-smtp-idle")

    init(idleTimeout: Duration = .seconds(60), maxConnections: Int = 4, maxIdle: Int? = nil) {
        self.idleTimeout = idleTimeout
        self.maxConnections = max(1, maxConnections)
        self.maxIdle = max(0, maxIdle ?? maxConnections)
        Self.live.withLock { $0.append(Weak(pool: self)) }
    }

    // MARK: Every pool in the process, for a command that exits right after sending

    private struct Weak { weak var pool: CurlHandlePool? }
    private static let live = LockedList()

    private final class LockedList: @unchecked Sendable {
        private let lock = NSLock()
        private var pools: [Weak] = []
        func withLock<T>(_ body: (inout [Weak]) -> T) -> T { lock.withLock { body(&pools) } }
    }

    /// Says QUIT on every idle connection of every pool and closes it, before returning. For `legday notify`
    /// and `legday outbox retry`, which exit right after sending: without this the kept connection would
    /// end with the process, without the QUIT RFC 5321 asks a client to send.
    static func closeAllIdle() {
        let pools = live.withLock { list in
            list.removeAll { $0.pool == nil }
            return list.compactMap(\.pool)
        }
        for pool in pools {
            let handles: [Handle] = pool.lock.withLock {
                defer { pool.idle.removeAll() }
                return pool.idle.map(\.handle)
            }
            for handle in handles { curl_easy_cleanup(handle) }
        }
    }

    /// An idle handle (with its open connection), or a new one (always a new one when `fresh`). Waits
    /// while `maxConnections` transfers are under way; this runs on a transfer's own thread, never on the
    /// concurrency pool. Nil when `isCancelled` turned true while waiting, or libcurl cannot make a handle.
    func take(fresh: Bool = false, isCancelled: () -> Bool = { false }) -> Handle? {
        lock.lock()
        while inUse >= maxConnections {
            if isCancelled() {
                lock.unlock()
                return nil
            }
            // Woken by a returned handle; the timeout is only for noticing a cancellation.
            _ = lock.wait(until: Date().addingTimeInterval(0.2))
        }
        inUse += 1
        let reused = fresh ? nil : idle.popLast()?.handle
        lock.unlock()
        if let reused { return reused }
        if let made = curl_easy_init() { return made }
        release()
        return nil
    }

    /// One transfer fewer under way; wakes a send waiting for a handle.
    private func release() {
        lock.withLock {
            inUse -= 1
            lock.signal()
        }
    }

    /// Puts a handle whose transfer succeeded back for the next send.
    func keep(_ handle: Handle) {
        // A reset forgets every option (so no pointer into a finished transfer stays behind) but keeps
        // the open connection. The short reply timeout bounds the QUIT sent when the handle is closed.
        curl_easy_reset(handle)
        _ = legday_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = legday_curl_setopt_long(handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, 5)
        let surplus: Handle? = lock.withLock {
            inUse -= 1
            lock.signal()
            guard idle.count < maxIdle else { return handle }
            idle.append((handle, .now))
            return nil
        }
        if let surplus { close([surplus]) }
        scheduleSweep()
    }

    /// Closes a handle whose transfer failed, with whatever connection it still holds.
    func discard(_ handle: Handle) {
        curl_easy_reset(handle)
        _ = legday_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = legday_curl_setopt_long(handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, 5)
        release()
        close([handle])
    }

    /// How many handles wait idle right now (for tests).
    var idleCount: Int { lock.withLock { idle.count } }

    /// Closes the handles idle for `idleTimeout` or longer, and plans the next look if some remain.
    func closeExpired(now: ContinuousClock.Instant = .now) {
        let expired: [Handle] = lock.withLock {
            sweepScheduled = false
            let old = idle.filter { now - $0.since >= idleTimeout }.map(\.handle)
            idle.removeAll { now - $0.since >= idleTimeout }
            return old
        }
        close(expired)
        scheduleSweep()
    }

    private func scheduleSweep() {
        let oldest: ContinuousClock.Instant? = lock.withLock {
            guard !sweepScheduled, let oldest = idle.map(\.since).min() else { return nil }
            sweepScheduled = true
            return oldest
        }
        guard let oldest else { return }
        let wait = max(.zero, oldest + idleTimeout - .now)
        let nanoseconds = wait.components.seconds * 1_000_000_000 + wait.components.attoseconds / 1_000_000_000
        closer.asyncAfter(deadline: .now() + .nanoseconds(Int(nanoseconds) + 1_000_000)) { [weak self] in
            self?.closeExpired()
        }
    }

    private func close(_ handles: [Handle]) {
        guard !handles.isEmpty else { return }
        let owned = Owned(handles: handles)
        closer.async { owned.cleanup() }
    }

    deinit {
        // A reload drops the old notifier from whatever thread it is on; its QUITs go out elsewhere.
        let owned = Owned(handles: idle.map(\.handle))
        DispatchQueue.global().async { owned.cleanup() }
    }

    /// Handles on their way to be closed, by one thread, after no one else holds them.
    private struct Owned: @unchecked Sendable {
        let handles: [Handle]
        func cleanup() { for handle in handles { curl_easy_cleanup(handle) } }
    }
}
