import Foundation
import LegdayCore

/// Reads a notifier's secret (password, token, webhook secret) from where config.toml says it is, so that
/// secrets never sit in the config file itself, on a command line, or in a log.
///
/// For a key such as `password_file` the secret comes from either
/// - `password_file = "smtp-password"`: a file, relative to the config file's folder, that only its owner
///   may read (mode 0600 or 0400); a file readable by group or others is refused; or
/// - `password_credential = "smtp-password"`: a systemd credential, read from
///   `$CREDENTIALS_DIRECTORY/smtp-password` (`LoadCredential=smtp-password:/path` in the unit).
/// A trailing newline is dropped. Every problem is a `path:line:column` diagnostic at the key.
public enum SecretReader {
    /// The secret named by `key` (a `*_file` key) or by its `*_credential` twin.
    public static func read(key: String, options: NotifierConfiguration, configDirectory: String? = nil,
                            credentialsDirectory: String? = ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"],
                            shape: Shape = .oneLine)
        throws(ConfigError) -> String {
        guard let secret = try readIfPresent(key: key, options: options, configDirectory: configDirectory,
                                             credentialsDirectory: credentialsDirectory, shape: shape) else {
            throw ConfigError([options.problem(key, "missing: set \(key) or \(credentialKey(for: key))")])
        }
        return secret
    }

    /// Like `read`, but nil when neither key is set (for optional secrets such as a bearer token).
    public static func readIfPresent(key: String, options: NotifierConfiguration, configDirectory: String? = nil,
                                     credentialsDirectory: String? = ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"],
                                     shape: Shape = .oneLine)
        throws(ConfigError) -> String? {
        let credential = credentialKey(for: key)
        if let value = options.option(key) {
            guard let name = value.string, !name.isEmpty else {
                throw ConfigError([options.problem(key, "expected the path of a file holding the secret")])
            }
            let folder = configDirectory ?? options.configDirectory
            let file = name.hasPrefix("/") ? name : (folder as NSString).appendingPathComponent(name)
            return try readFile((file as NSString).standardizingPath, checkPermissions: true, key: key, options: options,
                                shape: shape)
        }
        if let value = options.option(credential) {
            guard let name = value.string, !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
                throw ConfigError([options.problem(credential, "expected a credential name such as \"smtp-password\"")])
            }
            guard let directory = credentialsDirectory, !directory.isEmpty else {
                throw ConfigError([options.problem(credential,
                    "\(noCredentialsDirectory): systemd sets it for a unit with LoadCredential=\(name):/path/to/secret")])
            }
            // systemd owns the credentials folder and its modes; legday only reads.
            return try readFile(directory + "/" + name, checkPermissions: false, key: credential, options: options,
                                shape: shape)
        }
        return nil
    }

    /// The largest secret file read: a password, a token, a few rotating webhook secrets, a plugin's key file.
    public static let maximumBytes = 64 * 1024

    /// The start of the message for a `*_credential` read outside a service. `legday check`, run from a
    /// shell, skips exactly these: systemd credentials exist only inside the unit.
    public static let noCredentialsDirectory = "$CREDENTIALS_DIRECTORY is not set"

    /// `password_file` → `password_credential`; `secret_file` → `secret_credential`.
    public static func credentialKey(for key: String) -> String {
        (key.hasSuffix("_file") ? String(key.dropLast(5)) : key) + "_credential"
    }

    /// What a secret may hold besides printable characters. A password, token or bearer token goes into a
    /// protocol line (an HTTP header, an SMTP AUTH command): a line break or other control character in it
    /// would start a new header or command, and would carry the secret into error text. Such a secret is
    /// refused when it is read, without showing it.
    public enum Shape: Sendable {
        /// One line: no control characters at all (a trailing newline is dropped first).
        case oneLine
        /// Several lines (webhook secrets during a rotation, a plugin's key file): line breaks and tabs, no
        /// other control characters.
        case lines
    }

    static func readFile(_ file: String, checkPermissions: Bool, key: String,
                         options: NotifierConfiguration, shape: Shape) throws(ConfigError) -> String {
        var info = stat()
        guard stat(file, &info) == 0 else {
            throw ConfigError([options.problem(key, "secret file \(file) does not exist or cannot be reached")])
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw ConfigError([options.problem(key, "secret file \(file) is not a regular file")])
        }
        if checkPermissions {
            let mode = Int(info.st_mode & 0o777)
            if mode & 0o077 != 0 {
                throw ConfigError([options.problem(key,
                    "secret file \(file) is readable by group or others (mode \(String(mode, radix: 8))); run: chmod 600 \(file)")])
            }
        }
        // No secret comes near this; reading a bigger file (a log named by mistake, /proc/kcore) whole would
        // cost its size in memory first.
        guard info.st_size <= maximumBytes else {
            throw ConfigError([options.problem(key, "secret file \(file) is larger than \(maximumBytes / 1024) KiB; it is not a secret")])
        }
        guard let handle = FileHandle(forReadingAtPath: file),
              let data = try? handle.read(upToCount: maximumBytes + 1) ?? Data() else {
            throw ConfigError([options.problem(key, "cannot read secret file \(file) (permission denied?)")])
        }
        try? handle.close()
        guard data.count <= maximumBytes else {
            throw ConfigError([options.problem(key, "secret file \(file) is larger than \(maximumBytes / 1024) KiB; it is not a secret")])
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw ConfigError([options.problem(key, "secret file \(file) is not UTF-8 text")])
        }
        while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" { text.removeLast() }
        guard !text.isEmpty else {
            throw ConfigError([options.problem(key, "secret file \(file) is empty")])
        }
        let allowed: Set<Unicode.Scalar> = shape == .lines ? ["\n", "\r", "\t"] : []
        if let offending = text.unicodeScalars.first(where: { isControl($0) && !allowed.contains($0) }) {
            let what = offending == "\n" || offending == "\r" ? "a line break inside it" : "a control character"
            throw ConfigError([options.problem(key,
                "secret file \(file) holds \(what) (U+\(String(offending.value, radix: 16, uppercase: true))); "
                + "a secret must be one line of printable text (the secret is not shown)")])
        }
        return text
    }

    /// C0 controls, DEL and C1 controls.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
