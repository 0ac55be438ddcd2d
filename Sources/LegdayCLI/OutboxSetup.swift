import Foundation
import LegdayConfig
import LegdayCore
import LegdayNotify
import LegdayOutbox

/// What `legday notify`, `legday outbox` and the daemon share about the outbox: where it is, and how
/// config's notifier tables become the engine's notifier settings.
enum OutboxSetup {
    /// `$XDG_STATE_HOME/legday/outbox.sqlite` (`~/.local/state/legday/outbox.sqlite`).
    static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        XDGDirectories(environment: environment).state + "/outbox.sqlite"
    }

    /// Opens the outbox, or says why it cannot be opened and fails the command.
    static func open(path: String = path()) throws -> Outbox {
        do {
            let outbox = try Outbox(path: path)
            if let movedTo = outbox.recoveredCorruptFile {
                printError(DeliveryEvent.recoveredCorruptOutbox(movedTo: movedTo).description)
            }
            return outbox
        } catch {
            printError("cannot open the outbox \(path): \(error)")
            throw fail(with: [])
        }
    }

    /// The `fallback` and `timeout` keys every notifier table may have, checked.
    static func settings(_ configuration: LegdayConfiguration) throws(ConfigError) -> [String: NotifierSettings] {
        let names = Set(configuration.notifiers.map(\.name))
        var settings: [String: NotifierSettings] = [:]
        var problems: [Diagnostic] = []
        for entry in configuration.notifiers {
            var item = NotifierSettings()
            if let value = entry.options["timeout"] {
                if let seconds = value.double, seconds > 0, seconds <= 3600 {
                    item.timeout = .milliseconds(Int64((seconds * 1000).rounded()))
                } else {
                    problems.append(Diagnostic(entry.location,
                        "notifiers.\(entry.name).timeout must be a number of seconds between 0 and 3600"))
                }
            }
            if let value = entry.options["fallback"] {
                if let name = value.string, names.contains(name), name != entry.name {
                    item.fallback = name
                } else {
                    problems.append(Diagnostic(entry.location,
                        "notifiers.\(entry.name).fallback must name another notifier of this file"))
                }
            }
            settings[entry.name] = item
        }
        if !problems.isEmpty { throw ConfigError(problems) }
        return settings
    }

    /// The engine over the configured notifiers. Problems the engine logs go to standard error.
    static func engine(outbox: Outbox, context: AppContext) throws -> DeliveryEngine {
        do {
            let notifiers = try NotifierRegistry.makeNotifiers(context.configuration)
            let settings = try settings(context.configuration)
            // Outcomes are printed from the reports; the damaged-outbox notice was printed at opening.
            return DeliveryEngine(outbox: outbox, notifiers: notifiers, settings: settings)
        } catch {
            throw fail(with: error.diagnostics.map(\.description))
        }
    }

    /// How one delivery came out, as a line for the terminal, and whether it counts as a failure.
    static func describe(_ report: DeliveryReport) -> (line: String, failed: Bool) {
        let d = report.delivery
        let via = d.fallbackFor.map { " (fallback for \($0))" } ?? ""
        let head = "\(d.notifier)\(via):"
        switch (d.state, report.attempted) {
        case (.delivered, true):
            return ("\(head) delivered", false)
        case (.delivered, false):
            return ("\(head) already delivered at \(timestamp(d.deliveredAt ?? d.updatedAt)); not sent again", false)
        case (.pending, true):
            return ("\(head) \(d.lastError ?? "not delivered"); will retry at \(timestamp(d.nextAttemptAt)) "
                    + "(while legday runs) [\(d.id)]", true)
        case (.pending, false):
            return ("\(head) being sent by another legday process right now [\(d.id)]", false)
        case (.failed, let attempted):
            let fallback = report.fallback.map { "; falling over to \($0.notifier)" } ?? ""
            let earlier = attempted ? "" : " earlier"
            return ("\(head) failed\(earlier): \(d.lastError ?? "unknown error")\(fallback) [\(d.id)]", true)
        case (.expired, _):
            return ("\(head) \(d.lastError ?? "expired") [\(d.id)]", true)
        }
    }

    static func timestamp(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
