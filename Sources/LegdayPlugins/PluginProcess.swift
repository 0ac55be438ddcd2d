import CLinux
import Foundation

/// Runs one plugin command: spawned without a shell in its own process group, fed its input, its output
/// read with a cap, and the whole group ended at the timeout or on cancellation.
///
/// posix_spawn is used rather than Foundation's Process because the plugin must lead a process group of
/// its own (POSIX_SPAWN_SETPGROUP): then `kill(-pgid)` reaches whatever the plugin started (a curl, a
/// sleep), and not legday. The work is a small poll(2) loop on a thread of its own, so a plugin that
/// hangs never blocks Swift's cooperative threads.
struct PluginProcess: Sendable {
    var executable: String
    var arguments: [String]
    var environment: [String: String]
    var input: [UInt8] = []
    var timeout: Duration
    /// How long the group has between SIGTERM and SIGKILL.
    var killGrace: Duration = .seconds(2)
    /// Bytes kept of standard output and of standard error each; the rest is read and dropped.
    var outputLimit: Int = 64 * 1024
    /// After the plugin exits, how long to keep reading output that its leftover children still hold open.
    var drainAfterExit: Duration = .milliseconds(500)

    enum Ending: Sendable, Hashable {
        case exited(Int32)
        case signalled(Int32)
        case timedOut
        case cancelled
        /// Someone else reaped the plugin (legday ignoring SIGCHLD would do that): how it ended is unknown.
        case lost
    }

    struct Outcome: Sendable {
        var ending: Ending
        var stdout: [UInt8]
        var stdoutCut: Bool
        var stderr: [UInt8]
        var stderrCut: Bool
    }

    /// Runs the command. Throws only when it could not be started.
    func run() async throws(PluginError) -> Outcome {
        Self.ignoreSIGPIPE
        let cancel = try CancelSignal()
        defer { cancel.close() }
        let result: Result<Outcome, PluginError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let thread = Thread { continuation.resume(returning: self.runBlocking(cancelFD: cancel.readFD)) }
                thread.name = "legday-plugin"
                thread.start()
            }
        } onCancel: {
            cancel.fire()
        }
        return try result.get()
    }

    /// A plugin that exits without reading its input must not take legday down with SIGPIPE: writes to
    /// its closed pipe fail with EPIPE instead, which the loop below handles. (Children get SIGPIPE back
    /// at its default through POSIX_SPAWN_SETSIGDEF.)
    private static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    // MARK: - The blocking part

    private func runBlocking(cancelFD: Int32) -> Result<Outcome, PluginError> {
        let pipes: (stdin: [Int32], stdout: [Int32], stderr: [Int32])
        do { pipes = (try makePipe(), try makePipe(), try makePipe()) } catch { return .failure(error) }
        let pid: pid_t
        do {
            pid = try spawn(stdin: pipes.stdin[0], stdout: pipes.stdout[1], stderr: pipes.stderr[1])
        } catch {
            pipes.stdin.forEach { _ = Glibc.close($0) }
            pipes.stdout.forEach { _ = Glibc.close($0) }
            pipes.stderr.forEach { _ = Glibc.close($0) }
            return .failure(error)
        }
        _ = Glibc.close(pipes.stdin[0])
        _ = Glibc.close(pipes.stdout[1])
        _ = Glibc.close(pipes.stderr[1])
        for fd in [pipes.stdin[1], pipes.stdout[0], pipes.stderr[0]] { _ = fcntl(fd, F_SETFL, O_NONBLOCK) }

        var stdinFD: Int32? = pipes.stdin[1]
        var written = 0
        var stdout = CappedBuffer(limit: outputLimit, fd: pipes.stdout[0])
        var stderr = CappedBuffer(limit: outputLimit, fd: pipes.stderr[0])
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var stopReason: Ending?     // set when legday decides to end the group
        var sigkillAt: ContinuousClock.Instant?
        var drainUntil: ContinuousClock.Instant?
        var leaderExited = false

        if input.isEmpty, let fd = stdinFD { _ = Glibc.close(fd); stdinFD = nil }

        while true {
            if !leaderExited && Self.hasExited(pid) {
                leaderExited = true
                drainUntil = clock.now + drainAfterExit
            }
            if leaderExited && !stdout.isOpen && !stderr.isOpen { break }
            if let drainUntil, clock.now >= drainUntil { break }

            let now = clock.now
            if stopReason == nil && now >= deadline { stopReason = .timedOut }
            if stopReason != nil && sigkillAt == nil {
                _ = kill(-pid, SIGTERM)
                sigkillAt = now + killGrace
            }
            if let at = sigkillAt, now >= at { _ = kill(-pid, SIGKILL) }

            var fds: [pollfd] = [pollfd(fd: cancelFD, events: Int16(POLLIN), revents: 0)]
            if let fd = stdinFD { fds.append(pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)) }
            if stdout.isOpen { fds.append(pollfd(fd: stdout.fd, events: Int16(POLLIN), revents: 0)) }
            if stderr.isOpen { fds.append(pollfd(fd: stderr.fd, events: Int16(POLLIN), revents: 0)) }
            // Exit is noticed by checking, so the wait is short; a plugin runs seconds at most, once a day.
            _ = poll(&fds, nfds_t(fds.count), 20)

            for entry in fds where entry.revents != 0 {
                if entry.fd == cancelFD {
                    var byte: UInt8 = 0
                    _ = read(cancelFD, &byte, 1)
                    if stopReason == nil { stopReason = .cancelled }
                } else if entry.fd == stdinFD {
                    if written < input.count {
                        let n = input.withUnsafeBytes { write(entry.fd, $0.baseAddress! + written, input.count - written) }
                        if n > 0 { written += n }
                        // EPIPE: the plugin closed its input without reading it all. Not legday's problem.
                        else if n < 0 && errno != EAGAIN && errno != EINTR { written = input.count }
                    }
                    if written >= input.count || entry.revents & Int16(POLLERR | POLLHUP) != 0 {
                        _ = Glibc.close(entry.fd)
                        stdinFD = nil
                    }
                } else if stdout.isOpen && entry.fd == stdout.fd {
                    stdout.readAvailable()
                } else if stderr.isOpen && entry.fd == stderr.fd {
                    stderr.readAvailable()
                }
            }
        }

        // The leader is still unreaped (a zombie at worst), so its pid cannot be reused and the group id
        // still names only the plugin's processes: end whatever is left of the group, then reap.
        _ = kill(-pid, SIGKILL)
        var status: Int32 = 0
        var reaped = waitpid(pid, &status, 0)
        while reaped < 0 && errno == EINTR { reaped = waitpid(pid, &status, 0) }
        if let fd = stdinFD { _ = Glibc.close(fd) }
        stdout.close()
        stderr.close()

        let ending: Ending
        if let stopReason {
            ending = stopReason
        } else if reaped != pid {
            ending = .lost
        } else if status & 0x7f == 0 {
            ending = .exited((status >> 8) & 0xff)
        } else {
            ending = .signalled(status & 0x7f)
        }
        return .success(Outcome(ending: ending, stdout: stdout.bytes, stdoutCut: stdout.cut,
                                stderr: stderr.bytes, stderrCut: stderr.cut))
    }

    /// True once `pid` has exited; the zombie is left for waitpid so its pid stays reserved.
    private static func hasExited(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return true }
        return info._sifields._sigchld.si_pid == pid
    }

    private func spawn(stdin: Int32, stdout: Int32, stderr: Int32) throws(PluginError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        // Nothing else of legday's reaches the plugin (docs/plugins.md, "Isolation").
        legday_spawn_close_from(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") }
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        var result = posix_spawn(&pid, executable, &actions, &attributes, argv + [nil], envp + [nil])
        // ETXTBSY: another thread of legday forked while some file was open for writing, and the child
        // still held it when exec'd. It clears within moments.
        for _ in 0..<10 where result == ETXTBSY {
            usleep(20_000)
            result = posix_spawn(&pid, executable, &actions, &attributes, argv + [nil], envp + [nil])
        }
        guard result == 0 else {
            throw PluginError("\(executable): cannot start (\(String(cString: strerror(result))))")
        }
        return pid
    }

    private func makePipe() throws(PluginError) -> [Int32] {
        try openPipe(flags: 0)
    }
}

/// One output stream of the plugin: keeps the first `limit` bytes, reads and drops the rest so the
/// plugin never blocks on a full pipe, and so legday's memory stays bounded whatever the plugin prints.
private struct CappedBuffer {
    let limit: Int
    let fd: Int32
    var bytes: [UInt8] = []
    var cut = false
    var isOpen = true

    init(limit: Int, fd: Int32) {
        self.limit = limit
        self.fd = fd
    }

    mutating func readAvailable() {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while isOpen {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                let room = max(0, limit - bytes.count)
                bytes += chunk.prefix(min(n, room))
                if n > room { cut = true }
            } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                close()
            } else {
                return
            }
        }
    }

    mutating func close() {
        if isOpen { _ = Glibc.close(fd) }
        isOpen = false
    }
}

/// Wakes the poll loop when the awaiting task is cancelled. The lock makes sure a late cancellation never
/// writes to a descriptor that has been closed (and maybe reused).
private final class CancelSignal: @unchecked Sendable {
    private let lock = NSLock()
    let readFD: Int32
    private let writeFD: Int32
    private var closed = false

    init() throws(PluginError) {
        let fds = try openPipe(flags: O_NONBLOCK)
        readFD = fds[0]
        writeFD = fds[1]
    }

    func fire() {
        lock.withLock {
            guard !closed else { return }
            var byte: UInt8 = 1
            _ = write(writeFD, &byte, 1)
        }
    }

    func close() {
        lock.withLock {
            guard !closed else { return }
            closed = true
            _ = Glibc.close(readFD)
            _ = Glibc.close(writeFD)
        }
    }
}

/// A pipe whose ends are closed on exec, so no other child legday starts inherits them. (pipe2 would do
/// this atomically but Swift's Glibc module does not export it.)
private func openPipe(flags: Int32) throws(PluginError) -> [Int32] {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else {
        throw PluginError("cannot make a pipe (\(String(cString: strerror(errno))))")
    }
    for fd in fds {
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        if flags != 0 { _ = fcntl(fd, F_SETFL, flags) }
    }
    return fds
}
