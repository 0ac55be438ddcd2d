import Foundation
import LegdayConfig
import LegdayCore

/// Reads a `[notifiers.NAME]` table of `type = "smtp"`:
///
/// ```toml
/// [notifiers.mail]
/// type = "smtp"
/// host = "smtp.example.org"
/// port = 587                     # default: 587 for starttls, 465 for tls, 25 for none
/// security = "starttls"          # "starttls" | "tls" | "none" (loopback hosts only)
/// username = "runner@example.org"
/// password_file = "smtp-password"  # or oauth_token_file / oauth_token_command for XOAUTH2
/// ca_file = "ca.pem"             # optional: trust this CA as well
/// from = "legday <runner@example.org>"
/// to = ["runner@example.org"]
/// timeout = 30                   # seconds, for connecting and for each server reply
/// ```
struct SMTPConfig {
    var server: SMTPServerSettings
    var from: MailAddress
    var to: [MailAddress]

    static let keys: Set<String> = [
        "host", "port", "security", "username", "password_file", "oauth_token_file", "oauth_token_command",
        "ca_file", "from", "to", "timeout",
    ]
    /// Keys the delivery machinery reads, not the notifier.
    static let commonKeys: Set<String> = ["type", "fallback"]

    static func read(_ table: NotifierConfiguration, configDirectory: String,
                     environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> SMTPConfig {
        var reader = Reader(table: table)
        for key in table.options.keys.sorted() where !keys.contains(key) && !commonKeys.contains(key) {
            reader.problem(key, "unknown key \"\(key)\" for an smtp notifier (known: \(keys.sorted().joined(separator: ", ")))")
        }

        let host = reader.string("host", required: true) ?? ""
        if host.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "@" }) {
            reader.problem("host", "host must be a host name or address, not \(host.debugDescription)")
        }
        let security: SMTPSecurity
        if let text = reader.string("security") {
            if let value = SMTPSecurity(rawValue: text) {
                security = value
            } else {
                reader.problem("security", "security must be \"starttls\", \"tls\" or \"none\", not \(text.debugDescription)")
                security = .starttls
            }
        } else {
            security = .starttls
        }
        if security == .none && !host.isEmpty && !isLoopback(host) {
            reader.problem("security", "security = \"none\" sends mail and passwords in clear, so it is only "
                + "allowed for a server on this machine (localhost, 127.0.0.1, ::1), not \(host)")
        }
        var port = security.defaultPort
        if let value = table.options["port"] {
            if let number = value.integer, (1...65535).contains(number) { port = number }
            else { reader.problem("port", "port must be a number from 1 to 65535") }
        }

        let username = reader.string("username")
        let passwordFile = reader.string("password_file")
        let tokenFile = reader.string("oauth_token_file")
        let tokenCommand = reader.command("oauth_token_command")
        let secretKeys = [("password_file", passwordFile != nil), ("oauth_token_file", tokenFile != nil),
                          ("oauth_token_command", tokenCommand != nil)].filter(\.1).map(\.0)
        var authentication = SMTPAuthentication.none
        if secretKeys.count > 1 {
            reader.problem(secretKeys[1], "use only one of password_file, oauth_token_file and oauth_token_command")
        } else if let key = secretKeys.first {
            if username == nil { reader.problem(key, "\(key) needs a username") }
            let source: SecretSource
            if let tokenCommand {
                source = .command(tokenCommand)
            } else {
                let path = SecretFile.resolve(passwordFile ?? tokenFile ?? "", configDirectory: configDirectory,
                                              environment: environment)
                do { _ = try SecretFile.read(path) } catch { reader.problem(key, error.description) }
                source = .file(path)
            }
            authentication = passwordFile != nil
                ? .password(username: username ?? "", secret: source)
                : .oauth2(username: username ?? "", token: source)
        } else if username != nil {
            reader.problem("username", "username is set but no password_file, oauth_token_file or oauth_token_command")
        }

        var caFile: String?
        if let value = reader.string("ca_file") {
            let path = value.hasPrefix("/") ? value : configDirectory + "/" + value
            if FileManager.default.isReadableFile(atPath: path) { caFile = path }
            else { reader.problem("ca_file", "cannot read CA file \(path)") }
        }

        var timeout = Duration.seconds(30)
        if let value = table.options["timeout"] {
            if let seconds = value.double, seconds >= 1, seconds <= 600 { timeout = .milliseconds(Int(seconds * 1000)) }
            else { reader.problem("timeout", "timeout must be a number of seconds from 1 to 600") }
        }

        let from = reader.address("from", reader.string("from", required: true))
        var to: [MailAddress] = []
        switch table.options["to"] {
        case .string(let one)?:
            to = [reader.address("to", one)].compactMap { $0 }
        case .array(let many)?:
            for (i, item) in many.enumerated() {
                if let text = item.string { to += [reader.address("to[\(i)]", text)].compactMap { $0 } }
                else { reader.problem("to[\(i)]", "to must hold email addresses as strings") }
            }
            if many.isEmpty { reader.problem("to", "to needs at least one address") }
        case nil:
            reader.problem("to", "missing key \"to\" (the addresses to send reminders to)")
        default:
            reader.problem("to", "to must be an address or a list of addresses")
        }

        if !reader.problems.isEmpty { throw ConfigError(reader.problems) }
        let server = SMTPServerSettings(host: host, port: port, security: security, authentication: authentication,
                                        caFile: caFile, timeout: timeout)
        return SMTPConfig(server: server, from: from ?? MailAddress(address: "invalid@invalid"), to: to)
    }

    /// `localhost`, `127.0.0.0/8` and `::1`: the only hosts a connection without TLS may go to.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let lower = bare.lowercased()
        if lower == "localhost" || lower == "localhost." || lower == "::1" { return true }
        let octets = lower.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Collects problems instead of stopping at the first, so one `legday check` shows them all.
    private struct Reader {
        let table: NotifierConfiguration
        var problems: [Diagnostic] = []

        /// Where `key` is written. The table's own position for now: the config reader is gaining
        /// per-key positions, and this is the one line to change when it has them.
        func location(of key: String) -> SourceLocation { table.location }

        mutating func problem(_ key: String, _ message: String) {
            problems.append(Diagnostic(location(of: key), "notifiers.\(table.name).\(key): \(message)"))
        }

        mutating func string(_ key: String, required: Bool = false) -> String? {
            switch table.options[key] {
            case .string(let text)? where !text.isEmpty:
                return text
            case nil where !required:
                return nil
            case nil:
                problem(key, "missing key \"\(key)\"")
            default:
                problem(key, "\(key) must be a non-empty string")
            }
            return nil
        }

        /// A command as one string (split like a shell would, without running one) or as a list of words.
        mutating func command(_ key: String) -> [String]? {
            switch table.options[key] {
            case nil:
                return nil
            case .string(let line)?:
                if let words = SecretCommand.split(line), !words.isEmpty { return words }
                problem(key, "\(key) is empty or has an unterminated quote")
            case .array(let items)?:
                let words = items.compactMap(\.string)
                if words.count == items.count, !words.isEmpty { return words }
                problem(key, "\(key) must be a list of strings")
            default:
                problem(key, "\(key) must be a command line or a list of strings")
            }
            return nil
        }

        mutating func address(_ key: String, _ text: String?) -> MailAddress? {
            guard let text else { return nil }
            switch MailAddress.parse(text) {
            case .success(let address): return address
            case .failure(let error): problem(key, error.description); return nil
            }
        }
    }
}
