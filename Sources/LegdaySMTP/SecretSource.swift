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
enum SecretCommand {
    static func run(_ argv: [String], timeout: Duration) throws(SecretError) -> String {
        guard let program = argv.first else { throw SecretError("token_command is empty") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executablePath(program))
        process.arguments = Array(argv.dropFirst())
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw SecretError("cannot run token_command \(program): \(error.localizedDescription)")
        }
        // Reading to the end first avoids a deadlock on a full pipe; the timer stops a helper that hangs.
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        let milliseconds = Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds), execute: timer)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw SecretError("token_command \(program) failed (status \(process.terminationStatus))")
        }
        var token = String(decoding: data, as: UTF8.self)
        while let last = token.last, last.isWhitespace { token.removeLast() }
        if token.isEmpty { throw SecretError("token_command \(program) printed no token") }
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
