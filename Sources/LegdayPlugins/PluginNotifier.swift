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
            if seconds > 0 && seconds <= 3600 {
                timeout = .milliseconds(Int64(seconds * 1000))
            } else {
                problems.append(configuration.problem("timeout", "must be above 0 and at most an hour for a plugin"))
            }
        }

        options = [:]
        switch configuration.option("options") {
        case nil: break
        case .table(let values)?:
            do {
                options = try SecretFiles.resolve(values.mapValues(JSONValue.init), directory: configDirectory)
            } catch {
                problems.append(configuration.problem("options.\(error.key)", error.message))
            }
        case _?: problems.append(configuration.problem("options", "must be a table, like options = { topic = \"legs\" }"))
        }

        if !problems.isEmpty { throw ConfigError(problems) }
    }
}

/// Reads secrets named by `*_file` options: `token_file = "ntfy-token"` becomes `token` with the file's
/// contents, so the secret reaches the plugin on its standard input and never on a command line or in
/// config.toml. A minimal stand-in for the shared secret reader in LegdayConfig, until it lands.
enum SecretFiles {
    struct Problem: Error {
        var key: String
        var message: String
    }

    static func resolve(_ options: [String: JSONValue], directory: String) throws(Problem) -> [String: JSONValue] {
        var resolved = options
        for (key, value) in options.sorted(by: { $0.key < $1.key }) where key.hasSuffix("_file") && key.count > "_file".count {
            let target = String(key.dropLast("_file".count))
            guard let path = value.string, !path.isEmpty else {
                throw Problem(key: key, message: "must be the path of a file holding the secret")
            }
            if options[target] != nil {
                throw Problem(key: key, message: "options.\(target) is set too; keep one of them")
            }
            let expanded = (path as NSString).expandingTildeInPath
            let absolute = expanded.hasPrefix("/") ? expanded : directory + "/" + expanded
            guard let data = FileManager.default.contents(atPath: absolute),
                  let text = String(data: data, encoding: .utf8) else {
                throw Problem(key: key, message: "cannot read \(absolute)")
            }
            resolved[key] = nil
            resolved[target] = .string(text.trimmingCharacters(in: .newlines))
        }
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
