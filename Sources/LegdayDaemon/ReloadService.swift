import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Re-reads config and schedules on SIGHUP (`systemctl --user reload legday`) and when a watched file
/// changes. A new setup that fails to load leaves the running one in place.
public final class ReloadService: Service, @unchecked Sendable {
    /// What a reload produces: the new setup and the files to watch from now on, or every problem found.
    public typealias Loader = @Sendable () -> Result<(setup: DaemonSetup, watch: [String]), ReloadError>

    public struct ReloadError: Error, Sendable {
        public var lines: [String]
        public init(_ lines: [String]) { self.lines = lines }
    }

    private let load: Loader
    private let apply: @Sendable (DaemonSetup) -> Void
    private let systemd: SystemdNotify
    private let logger: Logger
    private let debounce: Duration
    private let acknowledge: @Sendable (Bool) -> Void
    private let lock = NSLock()
    /// Held for a whole reload (load, apply, acknowledge). SIGHUP, the file watcher and the feed refresher
    /// each start reloads from their own tasks; one at a time, each loading the files as they are when it
    /// starts, the last reload to run applies the newest configuration, and an older one can never be
    /// applied after it.
    private let reloadOrder = NSLock()
    private var watched: [String]
    /// Made at construction, before the scheduler says READY=1, so no save after readiness goes unseen.
    private var firstWatcher: FileWatcher?
    /// SIGHUP, trapped by the caller before READY=1 for the same reason; nil: trapped when the service runs.
    private let hangups: UnixSignalsSequence?

    public init(watching paths: [String], debounce: Duration = .milliseconds(500), systemd: SystemdNotify = .live,
                hangups: UnixSignalsSequence? = nil,
                logger: Logger, load: @escaping Loader, apply: @escaping @Sendable (DaemonSetup) -> Void,
                acknowledge: @escaping @Sendable (Bool) -> Void = { _ in }) {
        self.hangups = hangups
        self.watched = paths
        self.debounce = debounce
        self.systemd = systemd
        self.logger = logger
        self.load = load
        self.apply = apply
        self.acknowledge = acknowledge
        self.firstWatcher = FileWatcher(paths: paths)
    }

    public func run() async throws {
        // Shutdown cancels the waits below; that is the normal end, not an error.
        try? await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    let hangups = if let hangups = self.hangups { hangups } else { await UnixSignalsSequence(trapping: .sighup) }
                    for await _ in hangups {
                        self.reload(reason: "SIGHUP")
                    }
                }
                group.addTask { try await self.watchFiles() }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    /// Watches the current files; after each reload, the new list.
    private func watchFiles() async throws {
        while !Task.isCancelled {
            let (paths, ready) = lock.withLock { () -> ([String], FileWatcher?) in
                defer { firstWatcher = nil }
                return (watched, firstWatcher)
            }
            guard let watcher = ready ?? FileWatcher(paths: paths) else {
                // No inotify: nothing to watch; wait for cancellation without waking.
                let (never, continuation) = AsyncStream<Void>.makeStream()
                for await _ in never {}
                continuation.finish()
                return
            }
            for await _ in watcher.changes {
                // Editors write in several steps; wait for the burst to end.
                try await Task.sleep(for: debounce)
                if reload(reason: "file change") { break }
            }
        }
    }

    /// Returns true when the watched file list changed (the watcher must be rebuilt).
    @discardableResult
    public func reload(reason: String) -> Bool {
        reloadOrder.withLock { reloadNow(reason: reason) }
    }

    private func reloadNow(reason: String) -> Bool {
        systemd.reloading(monotonicMicroseconds: Self.monotonicMicroseconds())
        logger.info("reloading configuration", metadata: ["reason": "\(reason)"])
        switch load() {
        case .success(let loaded):
            apply(loaded.setup)
            systemd.ready(status: "Reloaded configuration")
            acknowledge(true)
            return lock.withLock {
                defer { watched = loaded.watch }
                return watched != loaded.watch
            }
        case .failure(let error):
            for line in error.lines { logger.error("\(line)") }
            logger.error("reload failed; still running on the previous configuration")
            systemd.ready(status: "Reload failed (\(error.lines.count) problem(s)); running on the previous configuration")
            acknowledge(false)
            return false
        }
    }

    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
    }
}
