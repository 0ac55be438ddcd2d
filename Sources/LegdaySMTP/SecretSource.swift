import CLinux
import Foundation
import LegdayConfig

/// Where a password or token comes from. The value itself is never stored in config, printed or logged.
public enum SecretSource: Sendable, Hashable {
    /// A `*_file` key or its `*_credential` twin of a notifier table, read with LegdayConfig's `SecretReader`
    /// (which refuses files group or others can read and finds systemd credentials).
    case configured(key: String, table: NotifierConfiguration, configDirectory: String)
    /// A command printing the secret on standard output (`token_command`), run without a shell.
    case command([String])

    /// Reads the secret, without its trailing line break.
    func read(timeout: Duration) throws(SecretError) -> String {
        switch self {
        case .configured(let key, let table, let directory):
            do {
                return try SecretReader.read(key: key, options: table, configDirectory: directory)
            } catch {
                throw SecretError(error.description)
            }
        case .command(let argv):
            return try SecretCommand.run(argv, timeout: timeout)
        }
    }
}

public struct SecretError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Runs a token command (`token_command = "oauth2l fetch --output_format bare …"`) directly, not through a
/// shell, and takes its standard output as the token. Its standard error passes through to legday's, as
/// it is the helper's own diagnostics; the token is never echoed.
///
/// The command leads a process group of its own, and at the timeout the whole group is killed: a helper
/// that leaves a child behind holding standard output open (a background refresher) cannot hold `notify`
/// past the timeout, because legday stops reading at the deadline rather than at end of file. The child
/// gets standard input from /dev/null, standard output to legday, standard error shared, and no other
/// descriptor of legday's.
enum SecretCommand {
    /// No token comes near this; more output is a mistake, not a token.
    static let maximumBytes = 64 * 1024

    static func run(_ argv: [String], timeout: Duration) throws(SecretError) -> String {
        guard let program = argv.first else { throw SecretError("token_command is empty") }
        let executable = executablePath(program)
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw SecretError("cannot run token_command \(program): no pipe") }
        // Close-on-exec for other children started meanwhile; this one gets its end through dup2.
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        defer { close(readEnd) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        legday_spawn_close_from(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)

        let arguments = ([executable] + argv.dropFirst()).map { strdup($0) }
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, arguments + [nil], environ)
        close(writeEnd)
        guard spawned == 0 else {
            throw SecretError("cannot run token_command \(program): \(String(cString: strerror(spawned)))")
        }

        let deadline = ContinuousClock.now + timeout
        var data: [UInt8] = []
        var finished = false
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !finished {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { break }
            let (seconds, attoseconds) = left.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            var poller = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            let count = read(readEnd, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { finished = true } else {
                data += buffer.prefix(count)
                if data.count > maximumBytes { break }
            }
        }
        if !finished {
            // Still writing, or something in its group still holds the pipe: end the whole group.
            _ = kill(-pid, SIGKILL)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if !finished {
            _ = kill(-pid, SIGKILL)  // anything the command left behind in its group
            throw SecretError(data.count > maximumBytes
                ? "token_command \(program) printed more than \(maximumBytes) bytes; stopped"
                : "token_command \(program) did not finish within \(timeout.components.seconds) s; stopped with its process group")
        }
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        guard exited, code == 0 else {
            throw SecretError("token_command \(program) failed (\(exited ? "status \(code)" : "signal \(status & 0x7f)"))")
        }
        var token = String(decoding: data, as: UTF8.self)
        while let last = token.last, last.isWhitespace { token.removeLast() }
        if token.isEmpty { throw SecretError("token_command \(program) printed no token") }
        // The token goes into an SMTP AUTH line: a line break or control character would start a new command.
        if token.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw SecretError("token_command \(program) printed a control character or line break inside the token (not shown)")
        }
        return token
    }

    /// A program name without a slash is looked up in `$PATH`, as a shell would.
    static func executablePath(_ program: String) -> String {
        if program.contains("/") { return program }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return program
    }

    /// Splits a command line into words the way a shell would for plain words and quotes (`'…'`, `"…"`,
    /// backslash), with no expansion of any kind. Returns nil for an unterminated quote.
    static func split(_ line: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped {
                current.append(character); escaped = false; inWord = true
            } else if let q = quote {
                if character == q { quote = nil }
                else if character == "\\" && q == "\"" { escaped = true }
                else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character; inWord = true
            } else if character == "\\" {
                escaped = true
            } else if character.isWhitespace {
                if inWord { words.append(current); current = ""; inWord = false }
            } else {
                current.append(character); inWord = true
            }
        }
        if quote != nil || escaped { return nil }
        if inWord { words.append(current) }
        return words
    }
}
