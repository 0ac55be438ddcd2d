import Foundation
import LegdayConfig
import LegdayCore

/// Reads a secret named by a `*_file` key: from systemd's `$CREDENTIALS_DIRECTORY` when the name is a bare
/// credential name found there (`LoadCredential=webhook-secret:…` in the unit), else from the file, relative
/// to the config file's folder.
///
/// A file that group or others may read is refused: a secret everyone on the machine can read is not one.
/// The contents are never put in an error message.
///
/// This is a small private stand-in for the shared secrets reader of LegdayConfig; when that lands, the
/// webhook notifier should call it instead and this file goes.
enum SecretFile {
    static func read(_ name: String, key: String, configDirectory: String, environment: [String: String],
                     location: SourceLocation) throws(ConfigError) -> String {
        func fail(_ message: String) -> ConfigError { ConfigError([Diagnostic(location, "`\(key)`: \(message)")]) }

        let path: String
        if !name.contains("/"), let credentials = environment["CREDENTIALS_DIRECTORY"], !credentials.isEmpty,
           FileManager.default.fileExists(atPath: credentials + "/" + name) {
            path = credentials + "/" + name
        } else if name.hasPrefix("/") {
            path = name
        } else {
            path = configDirectory.isEmpty ? name : configDirectory + "/" + name
        }

        var info = stat()
        guard stat(path, &info) == 0 else {
            throw fail("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw fail("\(path) is not a regular file") }
        guard info.st_mode & 0o077 == 0 else {
            let mode = String(info.st_mode & 0o777, radix: 8)
            throw fail("\(path) is readable by group or others (mode \(mode)); run `chmod 600 \(path)`")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot read \(path)") }
        guard let text = String(data: data, encoding: .utf8) else { throw fail("\(path) is not UTF-8 text") }
        let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !secret.isEmpty else { throw fail("\(path) is empty") }
        return secret
    }
}
