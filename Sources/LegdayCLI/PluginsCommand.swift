import LegdayOutput
import ArgumentParser
import Foundation
import LegdayConfig
import LegdayCore
import LegdayDaemon
import LegdayExercises
import LegdayNotify
import LegdayPlugins
import LegdayNotifierRegistry

/// `legday plugins`: the notifier plugins legday can find, and a way to try one.
struct PluginsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List notifier plugins, or send a sample reminder through one (docs/plugins.md).",
        subcommands: [PluginsListCommand.self, PluginsTestCommand.self])
}

/// `legday plugins list`: every plugin in the plugin folders, what it says about itself, and any problem.
struct PluginsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Show every plugin found, its describe output and any problem.")

    @OptionGroup var config: ConfigOption

    func run() async throws {
        let setup = try PluginSetup.load(configPath: config.path)
        let host = PluginHost()
        var found = setup.locator.all()
        // Plugins that config names by path live outside the folders; list them too.
        for entry in setup.pluginNotifiers {
            guard let command = entry.option("command")?.string, command.contains("/") else { continue }
            let path = command.hasPrefix("/") ? command : entry.configDirectory + "/" + command
            if !found.contains(where: { $0.path == path }) {
                found.append(PluginLocator.Found(path: path))
            }
        }
        print("Plugin folders: " + setup.locator.folders.joined(separator: ", "))
        if found.isEmpty {
            print("No plugins found.")
            return
        }
        for plugin in found {
            print("")
            // File names in a plugin folder are text from outside too.
            print(TerminalText.safe("\(plugin.name)  \(plugin.path)"))
            let users = setup.pluginNotifiers.filter { entry in
                guard let command = entry.option("command")?.string else { return false }
                return command == plugin.name || (try? setup.locator.resolve(command, relativeTo: entry.configDirectory))
                    == PluginSafety.realPathOrSelf(plugin.path)
            }
            if !users.isEmpty { print("  used by: " + users.map { "notifiers.\($0.name)" }.joined(separator: ", ")) }
            if let shadowedBy = plugin.shadowedBy {
                print(TerminalText.safe("  not used: \(shadowedBy) has the same name and comes first"))
                continue
            }
            if let problem = plugin.problem {
                print(TerminalText.safe("  problem: \(problem)"))
                continue
            }
            do {
                let description = try await host.describe(plugin.path)
                for line in PluginReport.describe(description) { print("  " + TerminalText.safe(line)) }
            } catch {
                print("  problem: \(TerminalText.safe(error.message))")
            }
        }
    }
}

/// `legday plugins test NAME`: sends a sample reminder through a plugin and shows what happened.
struct PluginsTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Send a sample reminder through a plugin and show the outcome.",
        discussion: """
            NAME is a [notifiers.NAME] table of type "plugin" (its options and timeout are used), or else \
            a plugin name or path, given options with --option KEY=VALUE.
            """)

    @OptionGroup var config: ConfigOption
    @Argument(help: "A plugin notifier from config, a plugin name, or a plugin's path.") var name: String
    @Option(name: .customLong("option"), help: "An option for a plugin not named in config: KEY=VALUE (repeatable).")
    var options: [String] = []
    @Option(help: "Seconds the plugin may take (default: the notifier's timeout, else 30).") var timeout: Double?
    @Option(help: "The day whose reminder to send (default: today).") var date: DateArgument?

    func run() async throws {
        let setup = try PluginSetup.load(configPath: config.path)
        let host = PluginHost(log: { entry in
            FileHandle.standardError.write(Data("\(entry.identifier): \(entry.message)\n".utf8))
        })
        var notifier: PluginNotifier
        do {
            notifier = try makeNotifier(setup, host: host)
        } catch {
            throw fail(with: error.diagnostics.map(\.description))
        }
        if let timeout {
            guard timeout > 0 && timeout <= 3600 else { throw ValidationError("--timeout must be above 0 and at most 3600") }
            notifier = notifier.with(timeout: .milliseconds(Int64(timeout * 1000)))
        }

        print("Plugin: \(notifier.executable)")
        do {
            let description = try await host.describe(notifier.executable)
            for line in PluginReport.describe(description) { print("  " + TerminalText.safe(line)) }
            guard description.speaksOurProtocol else {
                printError("the plugin does not speak protocol \(PluginProtocol.version)")
                throw ExitCode(1)
            }
            let missing = description.requiredOptions.filter { !notifier.optionNames.contains($0) }
            if !missing.isEmpty { print("  warning: options missing: " + missing.joined(separator: ", ")) }
        } catch let error as PluginError {
            printError("describe: \(error.message)")
            throw ExitCode(1)
        }

        let reminder = setup.sampleReminder(date: date?.date)
        // A fresh delivery id, so a plugin that drops repeats still sends the test.
        let context = DeliveryContext(deliveryID: "test-\(UUID().uuidString.lowercased()):\(notifier.name)")
        print("Sending: \(reminder.title)")
        let started = ContinuousClock.now
        do {
            try await notifier.send(reminder, context: context)
            print("Outcome: delivered (\(PluginReport.seconds(ContinuousClock.now - started)))")
        } catch {
            let failure = NotifierError(classifying: error)
            var line = "Outcome: \(failure.kind.rawValue) failure: \(failure.message)"
            if let retryAfter = failure.retryAfter { line += " (retry after \(PluginReport.seconds(retryAfter)))" }
            print(TerminalText.safe(line))
            throw ExitCode(failure.kind == .temporary ? 75 : 1)
        }
    }

    private func makeNotifier(_ setup: PluginSetup, host: PluginHost) throws(ConfigError) -> PluginNotifier {
        if let entry = setup.pluginNotifiers.first(where: { $0.name == name }) {
            guard options.isEmpty else {
                throw ConfigError([Diagnostic(entry.location, "notifiers.\(name) sets its own options; drop --option")])
            }
            return try PluginNotifier(configuration: entry, configDirectory: entry.configDirectory,
                                      searchPaths: setup.locator.folders, host: host)
        }
        var table: [String: ConfigValue] = [:]
        for option in options {
            guard let equals = option.firstIndex(of: "="), equals != option.startIndex else {
                throw ConfigError([Diagnostic(SourceLocation(path: "--option", line: 1), "\"\(option)\" is not KEY=VALUE")])
            }
            table[String(option[..<equals])] = .string(String(option[option.index(after: equals)...]))
        }
        let entry = NotifierConfiguration(
            name: "test", type: "plugin", options: ["command": .string(name), "options": .table(table)],
            location: SourceLocation(path: "legday plugins test", line: 1),
            configDirectory: FileManager.default.currentDirectoryPath)
        return try PluginNotifier(configuration: entry, configDirectory: entry.configDirectory,
                                  searchPaths: setup.locator.folders, host: host)
    }
}

/// The config, when there is one: plugin folders and plugin notifiers. The plugin commands also work
/// without a config file, on the standard folders.
struct PluginSetup {
    var configuration: LegdayConfiguration?
    var configPath: String
    var locator: PluginLocator

    var pluginNotifiers: [NotifierConfiguration] {
        configuration?.notifiers.filter { $0.type == "plugin" } ?? []
    }

    static func load(configPath: String) throws -> PluginSetup {
        var configuration: LegdayConfiguration?
        if FileManager.default.fileExists(atPath: configPath) {
            do {
                configuration = try ConfigLoader.load(path: configPath, notifierKinds: NotifierRegistry.kinds)
            } catch {
                throw fail(with: error.diagnostics.map(\.description))
            }
        }
        let folders = PluginLocator.searchPaths(configured: configuration?.pluginFolders ?? [])
        return PluginSetup(configuration: configuration, configPath: configPath, locator: PluginLocator(folders: folders))
    }

    /// The real reminder for the day when config and schedule load; else a sample heavy-lift day.
    func sampleReminder(date: LocalDate?) -> Reminder {
        if configuration != nil, let context = try? AppContext.loadChecked(configPath: configPath) {
            return context.reminder(for: date ?? context.today())
        }
        let day = date ?? ReminderTimes.localDate(of: Date(), in: .current)
        let runs = [Run(date: day, type: .easy, distanceKm: 6)]
        let reasons = [Reason(rule: "sample", "A sample reminder from legday plugins test.")]
        let plan = DayPlan(date: day, phase: .base, runs: runs, kind: .heavyLift, reasons: reasons)
        let session = (try? ExerciseCatalog.bundled()).flatMap {
            SessionBuilder.session(for: plan, profile: AthleteProfile(), library: $0)
        }
        return Reminder(for: DayPlan(date: day, phase: .base, runs: runs, kind: .heavyLift, session: session, reasons: reasons),
                        athlete: "sample")
    }
}

/// How plugin facts read on screen.
enum PluginReport {
    static func describe(_ description: PluginProtocol.Description) -> [String] {
        var lines = ["\(description.name) \(description.version), protocol "
            + description.protocols.map(String.init).joined(separator: ", ")
            + (description.speaksOurProtocol ? "" : " (legday speaks \(PluginProtocol.version): cannot be used)")]
        if !description.summary.isEmpty { lines.append(description.summary) }
        if let properties = description.optionsSchema?["properties"]?.object, !properties.isEmpty {
            let required = Set(description.requiredOptions)
            lines.append("options: " + properties.keys.sorted().map { required.contains($0) ? "\($0) (required)" : $0 }
                .joined(separator: ", "))
        }
        return lines
    }

    static func seconds(_ duration: Duration) -> String {
        let (s, atto) = duration.components
        return String(format: "%.1f s", Double(s) + Double(atto) / 1e18)
    }
}
