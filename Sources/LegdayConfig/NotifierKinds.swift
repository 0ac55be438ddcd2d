/// The notifier types config.toml may name and the keys each one takes.
///
/// The config checker uses this list to reject a misspelt key (`hots = …`) with its line and column before
/// any notifier runs. A notifier that learns a new option adds it here.
public struct NotifierKind: Sendable, Hashable {
    public var type: String
    /// Keys this type reads, besides the common ones.
    public var keys: [String]
    /// Keys whose value is a free-form table that the notifier (or a plugin) checks itself.
    public var openTables: [String]
    /// `*_file` keys that hold secrets: checked with `SecretReader` (present, private) by `legday check`.
    public var secretKeys: [String]
    /// The longest `timeout` this type accepts, in seconds. The config loader checks it, so a reload with
    /// `timeout = 1e300` is refused with its line and column instead of reaching an integer conversion.
    public var maximumTimeoutSeconds: Double
    /// Secret keys whose file may hold several lines (webhook secrets during a rotation). Every other secret
    /// is one line of printable text; see `SecretReader.Shape`.
    public var severalLineSecretKeys: [String]

    public init(type: String, keys: [String], openTables: [String] = [], secretKeys: [String] = [],
                maximumTimeoutSeconds: Double = 600, severalLineSecretKeys: [String] = []) {
        self.type = type
        self.keys = keys
        self.openTables = openTables
        self.secretKeys = secretKeys
        self.maximumTimeoutSeconds = maximumTimeoutSeconds
        self.severalLineSecretKeys = severalLineSecretKeys
    }

    /// What the secret named by `key` may hold. A plugin's own secrets (`options.NAME_file`) reach it as JSON
    /// on its standard input, never in a protocol line, so they may span lines (a key file).
    public func secretShape(for key: String) -> SecretReader.Shape {
        if self == .plugin || severalLineSecretKeys.contains(key) { return .lines }
        return .oneLine
    }

    /// Keys every notifier table may have: its type, the notifier to fall back to, and a delivery timeout.
    public static let commonKeys = ["type", "fallback", "timeout"]

    public static let journal = NotifierKind(type: "journal", keys: [])
    public static let stdout = NotifierKind(type: "stdout", keys: [])
    public static let smtp = NotifierKind(
        type: "smtp",
        keys: ["host", "port", "security", "username", "password_file", "password_credential", "auth",
               "token_file", "token_credential", "token_command", "ca_file", "from", "to", "helo"],
        secretKeys: ["password_file", "token_file"])
    public static let webhook = NotifierKind(
        type: "webhook",
        keys: ["url", "secret_file", "secret_credential", "format", "headers", "token_file",
               "token_credential", "ca_file", "connect_timeout"],
        openTables: ["headers"],
        secretKeys: ["secret_file", "token_file"],
        severalLineSecretKeys: ["secret_file"])
    public static let plugin = NotifierKind(type: "plugin", keys: ["command", "options"], openTables: ["options"],
                                            maximumTimeoutSeconds: 3600)

    public static let all: [NotifierKind] = [journal, stdout, smtp, webhook, plugin]

    public static func named(_ type: String) -> NotifierKind? { all.first { $0.type == type } }
}
