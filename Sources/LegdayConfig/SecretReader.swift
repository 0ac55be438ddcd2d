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
                            credentialsDirectory: String? = ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"])
        throws(ConfigError) -> String {
        guard let secret = try readIfPresent(key: key, options: options, configDirectory: configDirectory,
                                             credentialsDirectory: credentialsDirectory) else {
            throw ConfigError([options.problem(key, "missing: set \(key) or \(credentialKey(for: key))")])
        }
        return secret
    }

    /// Like `read`, but nil when neither key is set (for optional secrets such as a bearer token).
    public static func readIfPresent(key: String, options: NotifierConfiguration, configDirectory: String? = nil,
                                     credentialsDirectory: String? = ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"])
        throws(ConfigError) -> String? {
        let credential = credentialKey(for: key)
        if let value = options.option(key) {
            guard let name = value.string, !name.isEmpty else {
                throw ConfigError([options.problem(key, "expected the path of a file holding the secret")])
            }
            let folder = configDirectory ?? options.configDirectory
            let file = name.hasPrefix("/") ? name : (folder as NSString).appendingPathComponent(name)
            return try readFile((file as NSString).standardizingPath, checkPermissions: true, key: key, options: options)
        }
        if let value = options.option(credential) {
            guard let name = value.string, !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
                throw ConfigError([options.problem(credential, "expected a credential name such as \"smtp-password\"")])
            }
            guard let directory = credentialsDirectory, !directory.isEmpty else {
                throw ConfigError([options.problem(credential,
                    "$CREDENTIALS_DIRECTORY is not set: systemd sets it for a unit with LoadCredential=\(name):/path/to/secret")])
            }
            // systemd owns the credentials folder and its modes; legday only reads.
            return try readFile(directory + "/" + name, checkPermissions: false, key: credential, options: options)
        }
        return nil
    }

    /// `password_file` → `password_credential`; `secret_file` → `secret_credential`.
    public static func credentialKey(for key: String) -> String {
        (key.hasSuffix("_file") ? String(key.dropLast(5)) : key) + "_credential"
    }

    static func readFile(_ file: String, checkPermissions: Bool, key: String,
                         options: NotifierConfiguration) throws(ConfigError) -> String {
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
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ConfigError([options.problem(key, "cannot read secret file \(file) (permission denied?)")])
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw ConfigError([options.problem(key, "secret file \(file) is not UTF-8 text")])
        }
        while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" { text.removeLast() }
        guard !text.isEmpty else {
            throw ConfigError([options.problem(key, "secret file \(file) is empty")])
        }
        return text
    }
}
