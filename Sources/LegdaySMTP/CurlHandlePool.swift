import CCurl
import Foundation

/// The libcurl easy handles one transport keeps between sends, so the next mail goes out over the
/// connection the last one opened (already past STARTTLS and AUTH) instead of a new one.
///
/// libcurl keeps a finished transfer's connection open in the easy handle's connection cache and reuses it
/// for the next transfer to the same server with the same login; a connection the server has closed in the
/// meantime is noticed and replaced. A handle is used by one transfer at a time: `take()` hands it out and
/// `keep(_:)` puts it back, so concurrent sends each get a handle of their own and sequential sends share
/// one. A handle whose transfer failed is closed rather than kept (`discard(_:)`), so a connection in an
/// unknown state never carries over to the next send.
///
/// Idle connections are closed after `idleTimeout` (60 s by default): a burst of mails shares a
/// connection, while a daemon that sends once a day does not hold a socket to the mail server for the
/// rest of the day (servers drop idle clients after a few minutes anyway, RFC 5321 section 4.5.3.2.7).
final class CurlHandlePool: @unchecked Sendable {
    typealias Handle = UnsafeMutableRawPointer

    let idleTimeout: Duration
    /// At most this many idle handles (and so connections) are kept.
    let maxIdle: Int

    private let lock = NSLock()
    private var idle: [(handle: Handle, since: ContinuousClock.Instant)] = []
    private var sweepScheduled = false
    /// Closing a connection sends QUIT and waits (briefly) for the reply: done here, never on a caller's thread.
    private let closer = DispatchQueue(label: "legday-smtp-idle")

    init(idleTimeout: Duration = .seconds(60), maxIdle: Int = 2) {
        self.idleTimeout = idleTimeout
        self.maxIdle = max(0, maxIdle)
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

    /// An idle handle (with its open connection), or a new one; nil if libcurl cannot make one.
    func take() -> Handle? {
        let reused: Handle? = lock.withLock { idle.popLast()?.handle }
        return reused ?? curl_easy_init()
    }

    /// Puts a handle whose transfer succeeded back for the next send.
    func keep(_ handle: Handle) {
        // A reset forgets every option (so no pointer into a finished transfer stays behind) but keeps
        // the open connection. The short reply timeout bounds the QUIT sent when the handle is closed.
        curl_easy_reset(handle)
        _ = legday_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = legday_curl_setopt_long(handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, 5)
        let surplus: Handle? = lock.withLock {
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
