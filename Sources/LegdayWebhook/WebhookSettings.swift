import Foundation
import LegdayConfig
import LegdayCore
import NIOSSL

/// How the request body is shaped: legday's own signed JSON, or what a chat or push service accepts.
public enum WebhookFormat: String, CaseIterable, Sendable, Hashable {
    case json, slack, discord, ntfy
}

/// A `[notifiers.NAME]` table with `type = "webhook"`, checked and resolved: secrets read, paths made absolute.
public struct WebhookSettings: Sendable {
    /// Where requests go. For ntfy this is the server's root, where JSON messages are published.
    public var url: URL
    public var format: WebhookFormat
    public var signer: StandardWebhookSigner
    /// Extra headers from `headers = { … }`, in name order.
    public var headers: [(name: String, value: String)]
    public var bearerToken: String?
    /// The ntfy topic: the last part of the configured URL.
    public var ntfyTopic: String?
    public var connectTimeout: Duration
    /// The whole exchange, from connecting to the last byte of the answer.
    public var timeout: Duration
    /// The CA certificates of `ca_file`, trusted in addition to the system's.
    public var extraTrustRoots: [NIOSSLCertificate]

    public static let defaultConnectTimeout: Duration = .seconds(10)
    public static let defaultTimeout: Duration = .seconds(30)

    /// Headers legday sets itself; config may not replace them.
    static let reservedHeaders: Set<String> = [
        "webhook-id", "webhook-timestamp", "webhook-signature", "content-type", "content-length", "host",
        "authorization", "transfer-encoding", "connection",
    ]

    public init(url: URL, format: WebhookFormat = .json, signer: StandardWebhookSigner,
                headers: [(name: String, value: String)] = [], bearerToken: String? = nil, ntfyTopic: String? = nil,
                connectTimeout: Duration = defaultConnectTimeout, timeout: Duration = defaultTimeout,
                extraTrustRoots: [NIOSSLCertificate] = []) {
        self.url = url
        self.format = format
        self.signer = signer
        self.headers = headers
        self.bearerToken = bearerToken
        self.ntfyTopic = ntfyTopic
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.extraTrustRoots = extraTrustRoots
    }

    /// Reads the table, reporting every problem at once as `path:line:column: notifiers.NAME: …`.
    public init(configuration: NotifierConfiguration, configDirectory: String,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) {
        let options = configuration.options
        var problems: [String] = []
        var secretErrors: [Diagnostic] = []
        // One secret reader for every notifier: `NAME_file` (a private file) or `NAME_credential` (systemd).
        func secret(_ key: String, shape: SecretReader.Shape) -> String? {
            do {
                return try SecretReader.readIfPresent(key: key, options: configuration, configDirectory: configDirectory,
                                                      credentialsDirectory: environment["CREDENTIALS_DIRECTORY"],
                                                      shape: shape)
            } catch {
                secretErrors += error.diagnostics
                return nil
            }
        }

        let knownKeys = Set(NotifierKind.webhook.keys + NotifierKind.commonKeys)
        for key in options.keys.sorted() where !knownKeys.contains(key) {
            problems.append("unknown key `\(key)` (a webhook takes: \(NotifierKind.webhook.keys.sorted().joined(separator: ", ")))")
        }

        var format = WebhookFormat.json
        if let value = options["format"] {
            if let name = value.string, let known = WebhookFormat(rawValue: name) {
                format = known
            } else {
                problems.append("`format` must be one of \(WebhookFormat.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
            }
        }

        var url: URL?
        if let text = options["url"]?.string {
            switch Self.checkURL(text) {
            case .success(let checked): url = checked
            case .failure(let problem): problems.append(problem.message)
            }
        } else {
            problems.append("`url` is required (the https:// address to POST reminders to)")
        }

        var secrets: [WebhookSecret] = []
        let namesASecret = options["secret_file"] != nil || options["secret_credential"] != nil
        if let text = secret("secret_file", shape: NotifierKind.webhook.secretShape(for: "secret_file")) {
            // Several secrets (whitespace-separated) while rotating: each gets its own signature.
            for (n, word) in text.split(whereSeparator: \.isWhitespace).enumerated() {
                if let parsed = WebhookSecret(String(word)) {
                    secrets.append(parsed)
                } else {
                    problems.append("`secret_file`: secret \(n + 1) is not a Standard Webhooks secret (`whsec_` followed by base64)")
                }
            }
        } else if format == .json && !namesASecret {
            problems.append("`secret_file` is required for format \"json\" (or `secret_credential`): receivers verify the signature with it")
        }
        let token = secret("token_file", shape: NotifierKind.webhook.secretShape(for: "token_file"))

        var headers: [(name: String, value: String)] = []
        if let value = options["headers"] {
            if let table = value.table {
                for name in table.keys.sorted() {
                    guard let text = table[name]?.string else {
                        problems.append("header `\(name)` must be a string")
                        continue
                    }
                    if let problem = Self.checkHeader(name: name, value: text) { problems.append(problem) } else {
                        headers.append((name, text))
                    }
                }
            } else {
                problems.append("`headers` must be a table, e.g. headers = { \"X-Team\" = \"runners\" }")
            }
        }

        let longest = NotifierKind.webhook.maximumTimeoutSeconds
        func checked(_ key: String, _ number: Double?, _ fallback: Duration) -> Duration {
            guard let number else { return fallback }
            guard number.isFinite, number > 0, number <= longest else {
                problems.append("`\(key)` must be a number of seconds above 0 and at most \(Int(longest))")
                return fallback
            }
            return ConfigDuration.duration(seconds: number)
        }
        func seconds(_ key: String, _ fallback: Duration) -> Duration {
            guard let value = options[key] else { return fallback }
            guard let number = ConfigDuration.seconds(value) else {
                problems.append("`\(key)` must be a number of seconds above 0 and at most \(Int(longest))")
                return fallback
            }
            return checked(key, number, fallback)
        }
        let connectTimeout = seconds("connect_timeout", Self.defaultConnectTimeout)
        // `timeout` is a key every notifier shares; the config loader keeps it apart from the options (and
        // has checked its range already; checked again here for tables built without the loader).
        let timeout = configuration.timeoutSeconds != nil
            ? checked("timeout", configuration.timeoutSeconds, Self.defaultTimeout)
            : seconds("timeout", Self.defaultTimeout)

        var trustRoots: [NIOSSLCertificate] = []
        if let value = options["ca_file"] {
            if let name = value.string, !name.isEmpty {
                let path = name.hasPrefix("/") || configDirectory.isEmpty ? name : configDirectory + "/" + name
                do {
                    trustRoots = try NIOSSLCertificate.fromPEMFile(path)
                    if trustRoots.isEmpty { problems.append("`ca_file`: \(path) holds no PEM certificate") }
                } catch {
                    problems.append("`ca_file`: cannot load PEM certificates from \(path)")
                }
            } else {
                problems.append("`ca_file` must be a file name")
            }
        }

        var topic: String?
        if format == .ntfy, let base = url {
            let last = base.lastPathComponent
            if last.isEmpty || last == "/" {
                problems.append("`url` must name the ntfy topic, e.g. \"https://ntfy.sh/my-legday-topic\"")
            } else {
                topic = last
                url = base.deletingLastPathComponent()
            }
        }

        let diagnostics = secretErrors + problems.map {
            Diagnostic(configuration.location, "notifiers.\(configuration.name): \($0)")
        }
        guard diagnostics.isEmpty, let url else { throw ConfigError(diagnostics) }
        self.init(url: url, format: format, signer: StandardWebhookSigner(secrets: secrets), headers: headers,
                  bearerToken: token, ntfyTopic: topic, connectTimeout: connectTimeout, timeout: timeout,
                  extraTrustRoots: trustRoots)
    }

    struct URLProblem: Error { var message: String }

    /// https anywhere; plain http only to this machine, where nothing crosses a network in clear.
    static func checkURL(_ text: String) -> Result<URL, URLProblem> {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty
        else { return .failure(URLProblem(message: "`url` is not an absolute http(s) URL (it is not shown here: chat webhook URLs hold a token)")) }
        switch scheme {
        case "https": return .success(url)
        case "http" where LoopbackHost.contains(host): return .success(url)
        case "http":
            return .failure(URLProblem(message: "`url` must use https:// (http:// is accepted only for loopback hosts)"))
        default: return .failure(URLProblem(message: "`url` must be an http(s) URL, not \(scheme):"))
        }
    }

    /// An RFC 9110 token for the name; no line breaks or NULs in the value (they would start a new header).
    static func checkHeader(name: String, value: String) -> String? {
        let tokenCharacters = CharacterSet(charactersIn: "!#$%&'*+-.^_`|~")
            .union(CharacterSet(charactersIn: "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        if name.isEmpty || !name.unicodeScalars.allSatisfy(tokenCharacters.contains) {
            return "header name `\(name)` is not a valid HTTP header name"
        }
        if reservedHeaders.contains(name.lowercased()) {
            return name.lowercased() == "authorization"
                ? "header `Authorization` is set from `token_file`, which keeps the token out of config.toml"
                : "header `\(name)` is set by legday and cannot be replaced"
        }
        if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            return "header `\(name)` contains a line break"
        }
        return nil
    }
}
