import LegdayConfig
import LegdayCore
import LegdayJournal
import LegdayNotify
import LegdayPlugins
import LegdaySMTP
import LegdayWebhook

/// The one place that turns `[notifiers.NAME]` tables into notifiers. A new built-in adds one line here.
/// `legday run`, a reload, `legday check` (which builds without sending) and the config fuzz target all
/// come through here, so they cannot disagree about what a table means.
public enum NotifierRegistry {
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
        switch entry.type {
        case "journal":
            return JournalNotifier(name: entry.name)
        case "stdout":
            return StdoutNotifier(name: entry.name)
        case "smtp":
            return try SMTPNotifier(configuration: entry, configDirectory: configuration.directory)
        case "webhook":
            return try WebhookNotifier(configuration: entry, configDirectory: configuration.directory)
        case "plugin":
            return try PluginNotifier(configuration: entry, configDirectory: configuration.directory,
                                      searchPaths: PluginLocator.searchPaths(configured: configuration.pluginFolders))
        default:
            throw ConfigError([Diagnostic(entry.location, "unknown notifier type \"\(entry.type)\"")])
        }
    }
}
