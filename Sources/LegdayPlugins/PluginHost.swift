import Foundation
import LegdayJournal

/// One line a plugin wrote to standard error, on its way to the journal.
public struct PluginLogEntry: Sendable, Hashable {
    public var message: String
    /// syslog priority: 4 (warning) when the send failed, 6 (info) when it worked.
    public var priority: Int
    /// SYSLOG_IDENTIFIER: the plugin's file name, such as `legday-notify-ntfy`.
    public var identifier: String
    public var notifier: String
    public var deliveryID: String
}

/// How legday runs plugin commands: the environment they get, and where their standard error goes.
/// Shared by every plugin notifier and by `legday plugins`.
public struct PluginHost: Sendable {
    public static let defaultTimeout: Duration = .seconds(30)
    /// How long `describe` may take.
    public static let describeTimeout: Duration = .seconds(10)

    /// legday's own environment, from which only PATH, HOME, LANG, LEGDAY_CONFIG and the XDG config and state
    /// folders are passed on.
    public var environment: [String: String]
    public var killGrace: Duration
    public var outputLimit: Int
    public var log: @Sendable (PluginLogEntry) -> Void

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                killGrace: Duration = .seconds(2), outputLimit: Int = 64 * 1024,
                log: @escaping @Sendable (PluginLogEntry) -> Void = PluginHost.journal) {
        self.environment = environment
        self.killGrace = killGrace
        self.outputLimit = outputLimit
        self.log = log
    }

    /// Sends plugin log lines to the journal, tagged with the plugin's name and the delivery.
    public static let journal: @Sendable (PluginLogEntry) -> Void = { entry in
        Journal.log(entry.message, priority: entry.priority, identifier: entry.identifier,
                    extra: [("LEGDAY_NOTIFIER", entry.notifier), ("LEGDAY_DELIVERY_ID", entry.deliveryID)])
    }

    /// The whole environment a plugin sees: a clean one, never legday's own.
    public func pluginEnvironment(executable: String, timeout: Duration, variables: [String: String]) -> [String: String] {
        var result: [String: String] = [
            "PATH": environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "LANG": environment["LANG"] ?? "C.UTF-8",
            "LEGDAY_PROTOCOL": String(PluginProtocol.version),
            "LEGDAY_PLUGIN": executable,
            "LEGDAY_TIMEOUT": String(Int(timeout.seconds.rounded(.up))),
        ]
        if let home = environment["HOME"] { result["HOME"] = home }
        if let legday = Self.legdayExecutable { result["LEGDAY_BIN"] = legday }
        // Where legday keeps its config and state, so a `legday log` a plugin runs (the desktop plugin's Done
        // button) writes the log this legday reads. Paths, never secrets.
        for name in ["LEGDAY_CONFIG", "XDG_CONFIG_HOME", "XDG_STATE_HOME"] {
            if let value = environment[name] { result[name] = value }
        }
        result.merge(variables) { _, new in new }
        return result
    }

    /// The running legday's own executable, from /proc/self/exe, handed to plugins as `LEGDAY_BIN` so that
    /// one can run this very legday (the desktop example runs `legday log` from a notification's action).
    /// When the binary was replaced after legday started (an upgrade), the link reads "PATH (deleted)" and
    /// PATH now holds the new binary, which is the one to run. nil when /proc is not mounted.
    public static let legdayExecutable: String? = {
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
              path.hasPrefix("/") else { return nil }
        let deleted = " (deleted)"
        return path.hasSuffix(deleted) ? String(path.dropLast(deleted.count)) : path
    }()

    /// Runs `executable argument` with `input` on standard input.
    func run(_ executable: String, _ argument: String, input: [UInt8] = [], timeout: Duration,
             variables: [String: String] = [:]) async throws(PluginError) -> PluginProcess.Outcome {
        let process = PluginProcess(
            executable: executable, arguments: [argument],
            environment: pluginEnvironment(executable: executable, timeout: timeout, variables: variables),
            input: input, timeout: timeout, killGrace: killGrace, outputLimit: outputLimit)
        return try await process.run()
    }

    /// Runs `PLUGIN describe` (after the safety check) and reads what it says about itself.
    public func describe(_ executable: String, timeout: Duration = PluginHost.describeTimeout) async throws(PluginError) -> PluginProtocol.Description {
        let checked = try PluginSafety.check(executable)
        let outcome = try await run(checked, "describe", timeout: timeout)
        switch outcome.ending {
        case .exited(0): break
        case .exited(let status):
            let said = String(decoding: outcome.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw PluginError("describe failed with exit status \(status)" + (said.isEmpty ? "" : ": \(said)"))
        case .signalled(let signal): throw PluginError("describe was killed by signal \(signal)")
        case .timedOut: throw PluginError("describe did not finish within \(timeout.seconds) s")
        case .cancelled: throw PluginError("cancelled")
        case .lost: throw PluginError("describe's exit status was lost")
        }
        if outcome.stdoutCut { throw PluginError("describe printed more than \(outputLimit) bytes") }
        return try PluginProtocol.Description.parse(outcome.stdout)
    }

    /// Passes each line of a plugin's standard error to `log`.
    func journalStandardError(_ outcome: PluginProcess.Outcome, of executable: String, notifier: String, deliveryID: String) {
        let delivered = outcome.ending == .exited(0)
        let identifier = (executable as NSString).lastPathComponent
        var lines = String(decoding: outcome.stderr, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        if outcome.stderrCut { lines.append("(standard error cut at \(outputLimit) bytes)") }
        if outcome.stdoutCut { lines.append("(standard output cut at \(outputLimit) bytes)") }
        for line in lines {
            log(PluginLogEntry(message: line, priority: delivered ? 6 : 4, identifier: identifier,
                               notifier: notifier, deliveryID: deliveryID))
        }
    }
}
