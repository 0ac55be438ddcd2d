import Foundation
import LegdayConfig
import LegdayCore
import LegdayJournal
import LegdayNotify

/// A notifier that hands each reminder to a plugin executable: `[notifiers.NAME]` with `type = "plugin"`.
///
/// The exit status says how it went (docs/plugins.md): 0 delivered, 75 try again later, anything else a
/// permanent failure. A timeout, or a plugin killed by a signal legday did not send, is temporary.
public struct PluginNotifier: Notifier {
    public let name: String
    /// The plugin file, resolved and checked when the notifier was made.
    public let executable: String
    public let timeout: Duration
    /// Options as the plugin receives them, secrets included: never log these.
    let options: [String: JSONValue]
    let host: PluginHost

    public init(name: String, executable: String, options: [String: JSONValue] = [:],
                timeout: Duration = PluginHost.defaultTimeout, host: PluginHost = PluginHost()) {
        self.name = name
        self.executable = executable
        self.options = options
        self.timeout = timeout
        self.host = host
    }

    /// Builds the notifier from its config table: `command` (a plugin name or a path), `options`, `timeout`.
    /// The plugin is found and its safety checked now, so a bad one is a config error naming its path.
    public init(configuration: NotifierConfiguration, configDirectory: String, searchPaths: [String],
                host: PluginHost = PluginHost()) throws(ConfigError) {
        let settings = try PluginSettings(configuration, configDirectory: configDirectory)
        let executable: String
        do {
            executable = try PluginLocator(folders: searchPaths).resolve(settings.command, relativeTo: configDirectory)
        } catch {
            throw ConfigError([configuration.problem("command", error.message)])
        }
        self.init(name: configuration.name, executable: executable, options: settings.options,
                  timeout: settings.timeout, host: host)
    }

    /// The option names the plugin receives (their values may be secrets, so only names are public).
    public var optionNames: [String] { options.keys.sorted() }

    /// The same notifier with another timeout.
    public func with(timeout: Duration) -> PluginNotifier {
        PluginNotifier(name: name, executable: executable, options: options, timeout: timeout, host: host)
    }

    public func send(_ reminder: Reminder, context: DeliveryContext) async throws {
        // Checked again at every send: the file may have changed since legday started.
        do { _ = try PluginSafety.check(executable) } catch { throw NotifierError.permanent(error.message) }
        let envelope = PluginProtocol.Envelope(
            deliveryID: context.deliveryID, attempt: context.attempt, notifier: name,
            reminder: PlanDocument.reminder(reminder), options: options)
        let outcome: PluginProcess.Outcome
        do {
            outcome = try await host.run(executable, "send", input: envelope.encoded(), timeout: timeout,
                                         variables: ["LEGDAY_NOTIFIER": name,
                                                     "LEGDAY_DELIVERY_ID": context.deliveryID,
                                                     "LEGDAY_ATTEMPT": String(context.attempt)])
        } catch {
            throw NotifierError.permanent(error.message)
        }
        host.journalStandardError(outcome, of: executable, notifier: name, deliveryID: context.deliveryID)
        if let error = Self.verdict(outcome, timeout: timeout) { throw error }
    }

    /// The exit status and output of a send, as the outbox understands it: nil when delivered.
    static func verdict(_ outcome: PluginProcess.Outcome, timeout: Duration) -> NotifierError? {
        let result = PluginProtocol.Result.parse(outcome.stdout)
        func said(_ fallback: String) -> String {
            if let message = result?.message, !message.isEmpty { return message }
            let lastLine = String(decoding: outcome.stderr, as: UTF8.self)
                .split(whereSeparator: \.isNewline).last.map(String.init)
            return lastLine.map { "\(fallback): \($0)" } ?? fallback
        }
        switch outcome.ending {
        case .exited(0):
            return nil
        case .exited(PluginProtocol.tryLaterExitStatus):
            return .temporary(said("the plugin asked to try again later"), retryAfter: result?.retryAfter)
        case .exited(let status):
            return .permanent(said("the plugin failed with exit status \(status)"))
        case .signalled(let signal):
            return .temporary(said("the plugin was killed by signal \(signal)"))
        case .timedOut:
            return .temporary("the plugin did not finish within \(timeout.seconds) s and was stopped")
        case .cancelled:
            return .temporary("cancelled")
        case .lost:
            return .temporary("the plugin's exit status was lost")
        }
    }
}

/// What `[notifiers.NAME]` of type "plugin" says, checked. The config loader has already rejected
/// unknown keys and read `timeout` (NotifierKind.plugin); this checks the values.
struct PluginSettings {
    var command: String
    var options: [String: JSONValue]
    var timeout: Duration

    init(_ configuration: NotifierConfiguration, configDirectory: String) throws(ConfigError) {
        var problems: [Diagnostic] = []
        command = configuration.option("command")?.string ?? ""
        if command.isEmpty {
            problems.append(configuration.problem("command", "is required: a plugin name or the path of a plugin"))
        }

        timeout = PluginHost.defaultTimeout
        if let seconds = configuration.timeoutSeconds {
            if seconds.isFinite && seconds > 0 && seconds <= NotifierKind.plugin.maximumTimeoutSeconds {
                timeout = ConfigDuration.duration(seconds: seconds)
            } else {
                problems.append(configuration.problem("timeout", "must be above 0 and at most an hour for a plugin"))
            }
        }

        options = [:]
        switch configuration.option("options") {
        case nil: break
        case .table(let values)?:
            do {
                options = try Self.readSecrets(values.mapValues(JSONValue.init), configuration, configDirectory)
            } catch {
                problems += error.diagnostics
            }
        case _?: problems.append(configuration.problem("options", "must be a table, like options = { topic = \"legs\" }"))
        }

        if !problems.isEmpty { throw ConfigError(problems) }
    }

    /// Replaces each `NAME_file` (or `NAME_credential`, a systemd credential) option with `NAME` holding
    /// the secret, read by LegdayConfig's SecretReader: so secrets reach the plugin on its standard input,
    /// never on a command line, in its environment, or in config.toml.
    static func readSecrets(_ options: [String: JSONValue], _ configuration: NotifierConfiguration,
                            _ configDirectory: String) throws(ConfigError) -> [String: JSONValue] {
        var resolved = options
        let names = Set(options.keys.compactMap { key -> String? in
            for suffix in ["_file", "_credential"] where key.hasSuffix(suffix) && key.count > suffix.count {
                return String(key.dropLast(suffix.count))
            }
            return nil
        })
        var problems: [Diagnostic] = []
        for name in names.sorted() {
            let fileKey = "options.\(name)_file"
            if options[name] != nil {
                problems.append(configuration.problem(fileKey, "options.\(name) is set too; keep one of them"))
                continue
            }
            do {
                if let secret = try SecretReader.readIfPresent(key: fileKey, options: configuration,
                                                               configDirectory: configDirectory,
                                                               shape: NotifierKind.plugin.secretShape(for: fileKey)) {
                    resolved[name] = .string(secret)
                }
            } catch {
                problems += error.diagnostics
            }
            resolved["\(name)_file"] = nil
            resolved["\(name)_credential"] = nil
        }
        if !problems.isEmpty { throw ConfigError(problems) }
        return resolved
    }
}

extension Duration {
    /// Whole and fractional seconds, for messages.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}

/// Options may hold secrets: printing, dumping or debugging a notifier shows only its name and plugin.
extension PluginNotifier: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "plugin notifier \(name) (\(executable))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["name": name, "executable": executable, "timeout": timeout,
                                "options": optionNames])
    }
}
