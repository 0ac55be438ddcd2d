import Foundation
import LegdayConfig
import LegdayCore

/// Reads a `[notifiers.NAME]` table of `type = "smtp"`. The keys it takes are listed once, in
/// LegdayConfig's `NotifierKind.smtp`; docs/email.md describes each.
///
/// ```toml
/// [notifiers.mail]
/// type = "smtp"
/// host = "smtp.example.org"
/// port = 587                     # default: 587 for starttls, 465 for tls, 25 for none
/// security = "starttls"          # "starttls" | "tls" | "none" (loopback hosts only)
/// username = "runner@example.org"
/// password_file = "smtp-password"  # or password_credential; or token_file / token_credential /
///                                  # token_command for XOAUTH2
/// ca_file = "ca.pem"             # optional: trust this CA as well
/// from = "legday <runner@example.org>"
/// to = ["runner@example.org"]
/// ```
struct SMTPConfig {
    var server: SMTPServerSettings
    var from: MailAddress
    var to: [MailAddress]

    /// How long a connection or a server reply may take when the table sets no `timeout`.
    static let defaultTimeout = Duration.seconds(30)

    static func read(_ table: NotifierConfiguration, configDirectory: String) throws(ConfigError) -> SMTPConfig {
        var reader = Reader(table: table)
        let known = Set(NotifierKind.smtp.keys + NotifierKind.commonKeys)
        for key in table.options.keys.sorted() where !known.contains(key) {
            reader.problem(key, "unknown key \"\(key)\" for an smtp notifier")
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
        if security == .none && !host.isEmpty && !LoopbackHost.contains(host) {
            reader.problem("security", "security = \"none\" sends mail and passwords in clear, so it is only "
                + "allowed for a server on this machine (localhost, 127.0.0.1, ::1), not \(host)")
        }
        var port = security.defaultPort
        if let value = table.options["port"] {
            if let number = value.integer, (1...65535).contains(number) { port = number }
            else { reader.problem("port", "port must be a number from 1 to 65535") }
        }

        let authentication = reader.authentication(configDirectory: configDirectory)

        var caFile: String?
        if let value = reader.string("ca_file") {
            let path = value.hasPrefix("/") ? value : (configDirectory as NSString).appendingPathComponent(value)
            if FileManager.default.isReadableFile(atPath: path) { caFile = path }
            else { reader.problem("ca_file", "cannot read CA file \(path)") }
        }

        var ehloName = SMTPServerSettings.localHostName()
        if let helo = reader.string("helo") {
            if SMTPServerSettings.isValidHostName(helo) { ehloName = helo }
            else { reader.problem("helo", "helo must be a host name (letters, digits, \"-\" and \".\")") }
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

        var timeout = defaultTimeout
        if let seconds = table.timeoutSeconds {
            // The config loader has range-checked it; checked again for tables built without the loader.
            if seconds.isFinite, seconds > 0, seconds <= NotifierKind.smtp.maximumTimeoutSeconds {
                timeout = ConfigDuration.duration(seconds: seconds)
            } else {
                reader.problem("timeout", "timeout must be above 0 s and at most \(Int(NotifierKind.smtp.maximumTimeoutSeconds)) s")
            }
        }
        if !reader.problems.isEmpty { throw ConfigError(reader.problems) }
        let server = SMTPServerSettings(host: host, port: port, security: security, authentication: authentication,
                                        caFile: caFile, timeout: timeout, ehloName: ehloName)
        return SMTPConfig(server: server, from: from ?? MailAddress(address: "invalid@invalid"), to: to)
    }

    /// Collects problems instead of stopping at the first, so one `legday check` shows them all.
    private struct Reader {
        let table: NotifierConfiguration
        var problems: [Diagnostic] = []

        mutating func problem(_ key: String, _ message: String) {
            problems.append(table.problem(key, message))
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

        /// `auth` ("password", "xoauth2" or "none") with the keys it needs; without `auth`, whichever
        /// secret the table names decides. The secret is read once here so a mistake shows at start-up.
        mutating func authentication(configDirectory: String) -> SMTPAuthentication {
            let has = { (key: String) in table.options[key] != nil }
            let passwordKeys = ["password_file", "password_credential"].filter(has)
            let tokenKeys = ["token_file", "token_credential", "token_command"].filter(has)
            let username = string("username")
            var mode = passwordKeys.isEmpty ? (tokenKeys.isEmpty ? "none" : "xoauth2") : "password"
            if let auth = string("auth") {
                guard ["password", "xoauth2", "none"].contains(auth) else {
                    problem("auth", "auth must be \"password\", \"xoauth2\" or \"none\", not \(auth.debugDescription)")
                    return .none
                }
                mode = auth
            }
            let wanted = mode == "password" ? passwordKeys : mode == "xoauth2" ? tokenKeys : []
            for key in passwordKeys + tokenKeys where !wanted.contains(key) {
                problem(key, mode == "none" ? "\(key) is set but auth is \"none\"" : "\(key) does not go with auth = \"\(mode)\"")
            }
            if wanted.count > 1 { problem(wanted[1], "use only one of \(wanted.joined(separator: ", "))") }
            guard mode != "none" else {
                if username != nil { problem("username", "username is set but no password or token is") }
                return .none
            }
            guard let key = wanted.first else {
                let keys = mode == "password" ? "password_file or password_credential" : "token_file, token_credential or token_command"
                problem("auth", "auth = \"\(mode)\" needs \(keys)")
                return .none
            }
            if username == nil { problem(key, "\(key) needs a username") }

            let source: SecretSource
            if key == "token_command" {
                guard let argv = command(key) else { return .none }
                source = .command(argv)
            } else {
                let fileKey = key.hasSuffix("_credential") ? String(key.dropLast("_credential".count)) + "_file" : key
                do {
                    _ = try SecretReader.read(key: fileKey, options: table, configDirectory: configDirectory)
                } catch {
                    problems += error.diagnostics
                }
                source = .configured(key: fileKey, table: table, configDirectory: configDirectory)
            }
            return mode == "password" ? .password(username: username ?? "", secret: source)
                : .oauth2(username: username ?? "", token: source)
        }

        /// A command as one string (split like a shell would, without running one) or as a list of words.
        mutating func command(_ key: String) -> [String]? {
            switch table.options[key] {
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
