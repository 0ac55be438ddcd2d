import LegdayConfig
import LegdayCore
import LegdayJournal
import LegdayNotify
import LegdayPlugins
import LegdaySMTP
import LegdayWebhook

/// One notifier type: what its config table may hold, and how a table becomes a notifier.
public struct NotifierType: Sendable {
    public let kind: NotifierKind
    let build: @Sendable (NotifierConfiguration, LegdayConfiguration) throws(ConfigError) -> any Notifier
}

/// The one list of notifier types, and the one place that turns `[notifiers.NAME]` tables into notifiers.
/// A new built-in adds one entry to `types`: the config loader learns its keys from here (every command
/// reads config through `NotifierRegistry.kinds`), and `legday run`, a reload, `legday check` (which
/// builds without sending) and the config fuzz target build through `makeNotifiers`, so none of them can
/// disagree about what a table means.
public enum NotifierRegistry {
    public static let types: [NotifierType] = [
        NotifierType(kind: NotifierKind(type: "journal", keys: [])) { entry, _ in JournalNotifier(name: entry.name) },
        NotifierType(kind: NotifierKind(type: "stdout", keys: [])) { entry, _ in StdoutNotifier(name: entry.name) },
        NotifierType(kind: .smtp) { entry, configuration throws(ConfigError) in
            try SMTPNotifier(configuration: entry, configDirectory: configuration.directory)
        },
        NotifierType(kind: .webhook) { entry, configuration throws(ConfigError) in
            try WebhookNotifier(configuration: entry, configDirectory: configuration.directory)
        },
        NotifierType(kind: .plugin) { entry, configuration throws(ConfigError) in
            try PluginNotifier(configuration: entry, configDirectory: configuration.directory,
                               searchPaths: PluginLocator.searchPaths(configured: configuration.pluginFolders))
        },
    ]

    /// What the config loader checks each `[notifiers.NAME]` table against.
    public static let kinds: [NotifierKind] = types.map(\.kind)

    public static func makeNotifiers(_ configuration: LegdayConfiguration) throws(ConfigError) -> [String: any Notifier] {
        var notifiers: [String: any Notifier] = [:]
        var problems: [Diagnostic] = []
        for entry in configuration.notifiers {
            do {
                notifiers[entry.name] = try make(entry, configuration: configuration)
            } catch {
                problems += error.diagnostics
            }
        }
        if !problems.isEmpty { throw ConfigError(problems) }
        return notifiers
    }

    public static func make(_ entry: NotifierConfiguration, configuration: LegdayConfiguration) throws(ConfigError) -> any Notifier {
        guard let type = types.first(where: { $0.kind.type == entry.type }) else {
            throw ConfigError([Diagnostic(entry.location, "unknown notifier type \"\(entry.type)\"")])
        }
        return try type.build(entry, configuration)
    }
}
