/// What a notifier type's table in config.toml may hold: its keys, its secrets and its bounds.
///
/// Each notifier module declares its own kind beside the code that reads it (`NotifierKind.smtp` in
/// LegdaySMTP, …), and `NotifierRegistry` pairs every kind with its builder: the one list of notifier
/// types. The config loader is handed that list and rejects a misspelt key (`hots = …`) with its line and
/// column before any notifier runs.
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
                maximumTimeoutSeconds: Double = 600, severalLineSecretKeys: [String] = [], optionSecrets: Bool = false) {
        self.type = type
        self.keys = keys
        self.openTables = openTables
        self.secretKeys = secretKeys
        self.maximumTimeoutSeconds = maximumTimeoutSeconds
        self.severalLineSecretKeys = severalLineSecretKeys
        self.optionSecrets = optionSecrets
    }

    /// `options.NAME_file` keys are secrets too, each read like `secretKeys` (a plugin's own options).
    public var optionSecrets: Bool

    /// What the secret named by `key` may hold. A plugin's own secrets (`options.NAME_file`) reach it as JSON
    /// on its standard input, never in a protocol line, so they may span lines (a key file).
    public func secretShape(for key: String) -> SecretReader.Shape {
        if optionSecrets || severalLineSecretKeys.contains(key) { return .lines }
        return .oneLine
    }

    /// The secret keys of one table: `secretKeys`, and its `options.*_file` keys where those are secrets.
    public func secretKeys(of notifier: NotifierConfiguration) -> [String] {
        guard optionSecrets, let options = notifier.options["options"]?.table else { return secretKeys }
        return secretKeys + options.keys.sorted().filter { $0.hasSuffix("_file") }.map { "options." + $0 }
    }

    /// Keys every notifier table may have: its type, the notifier to fall back to, and a delivery timeout.
    public static let commonKeys = ["type", "fallback", "timeout"]
}
