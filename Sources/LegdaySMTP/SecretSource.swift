import Foundation

/// Where a password or token comes from. The value itself is never stored in config, printed or logged.
public enum SecretSource: Sendable, Hashable {
    /// A file (`password_file`, `oauth_token_file`); refused when group or others may read it.
    case file(String)
    /// A command printing the secret on standard output (`oauth_token_command`), run without a shell.
    case command([String])

    /// Reads the secret: the file's or the command's output without the trailing line break.
    func read(timeout: Duration) throws(SecretError) -> String {
        switch self {
        case .file(let path): return try SecretFile.read(path)
        case .command(let argv): return try SecretCommand.run(argv, timeout: timeout)
        }
    }
}

public struct SecretError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Reads secret files the way legday wants them kept.
///
/// A deliberately small reader for this target: it refuses files that group or others can read, and it
/// finds systemd credentials (`LoadCredential=NAME:…` puts the secret in `$CREDENTIALS_DIRECTORY/NAME`).
enum SecretFile {
    /// The path a `*_file` value names: a bare name present in `$CREDENTIALS_DIRECTORY` is a systemd
    /// credential; anything else is a path, relative to the config file's folder.
    static func resolve(_ value: String, configDirectory: String,
                        environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if !value.contains("/"), let credentials = environment["CREDENTIALS_DIRECTORY"], !credentials.isEmpty {
            let candidate = credentials + "/" + value
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        if value.hasPrefix("/") || configDirectory.isEmpty { return value }
        return configDirectory + "/" + value
    }

    static func read(_ path: String) throws(SecretError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw SecretError("cannot read secret file \(path): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw SecretError("secret file \(path) is not a regular file") }
        if info.st_mode & 0o044 != 0 {
            throw SecretError("secret file \(path) is readable by group or others (mode \(String(info.st_mode & 0o777, radix: 8))); run: chmod 600 \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SecretError("cannot read secret file \(path)")
        }
        let secret = trimmed(String(decoding: data, as: UTF8.self))
        if secret.isEmpty { throw SecretError("secret file \(path) is empty") }
        return secret
    }

    /// Without the trailing line break editors add; a secret never ends in whitespace on purpose.
    static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}

/// Runs a token command (`oauth_token_command = "oauth2l fetch --output_format bare …"`) directly, not
/// through a shell, and takes its standard output as the token. Its standard error passes through to
/// legday's, as it is the helper's own diagnostics; the token is never echoed.
enum SecretCommand {
    static func run(_ argv: [String], timeout: Duration) throws(SecretError) -> String {
        guard let program = argv.first else { throw SecretError("oauth_token_command is empty") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executablePath(program))
        process.arguments = Array(argv.dropFirst())
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw SecretError("cannot run oauth_token_command \(program): \(error.localizedDescription)")
        }
        // Reading to the end first avoids a deadlock on a full pipe; the timer kills a helper that hangs.
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(timeout.components.seconds * 1000)), execute: timer)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw SecretError("oauth_token_command \(program) failed (status \(process.terminationStatus))")
        }
        let token = SecretFile.trimmed(String(decoding: data, as: UTF8.self))
        if token.isEmpty { throw SecretError("oauth_token_command \(program) printed no token") }
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
