import LegdayOutput
import Foundation
import LegdayConfig
import LegdayCore
import LegdayDaemon
import LegdayNotifierRegistry
import LegdayNotify
import LegdayOutbox
import Logging

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

    /// The daemon's outbox. A state folder that cannot be written at start (read-only, full) does not end
    /// the daemon, which systemd would restart again and again: it says READY=1 with the trouble in
    /// `STATUS=`, logs it once, keeps the watchdog fed, and tries again every 5 s until the outbox opens.
    /// A damaged file is not this case: `Outbox` moves it aside and starts afresh at once.
    static func openForDaemon(path: String = path(), logger: Logger, systemd: SystemdNotify = .live) async -> Outbox {
        var failing: String?
        while true {
            do {
                let outbox = try Outbox(path: path)
                if failing != nil {
                    signal(SIGTERM, SIG_DFL)
                    logger.notice("the outbox \(path) opened; starting")
                }
                return outbox
            } catch {
                let reason = Outbox.reason(error)
                if failing != reason {
                    logger.error("cannot open the outbox \(path): \(reason); legday keeps running and tries again every 5 seconds")
                    systemd.ready(status: "The outbox cannot be opened: \(reason); trying again every 5 s")
                    // Nothing is open yet, so a stop while waiting has nothing to tidy: end at once.
                    signal(SIGTERM) { _ in _exit(0) }
                    failing = reason
                }
            }
            let wall = SystemWallClock()
            let step = min(SystemdNotify.watchdogPingInterval() ?? .seconds(5), .seconds(5))
            let until = wall.now().addingTimeInterval(Double(step.components.seconds) + Double(step.components.attoseconds) / 1e18)
            try? await wall.sleep(through: until)
            if SystemdNotify.watchdogPingInterval() != nil { systemd.watchdog() }
        }
    }

    /// The engine's settings from each notifier table's `fallback` and `timeout` (both checked by
    /// `ConfigLoader`). A notifier enforces its own `timeout` on each step (a connection, a reply, a request);
    /// the engine's is a backstop for the whole send: twice that plus 10 s, and never under two minutes.
    static func settings(_ configuration: LegdayConfiguration) -> [String: NotifierSettings] {
        var settings: [String: NotifierSettings] = [:]
        for entry in configuration.notifiers {
            let seconds = max(120, 2 * (entry.timeoutSeconds ?? 0) + 10)
            settings[entry.name] = NotifierSettings(fallback: entry.fallback,
                                                    timeout: .milliseconds(Int64((seconds * 1000).rounded())))
        }
        return settings
    }

    /// The engine over the configured notifiers. Problems the engine logs go to standard error.
    static func engine(outbox: Outbox, context: AppContext) throws -> DeliveryEngine {
        do {
            let notifiers = try NotifierRegistry.makeNotifiers(context.configuration)
            let settings = OutboxSetup.settings(context.configuration)
            // Outcomes are printed from the reports; the damaged-outbox notice was printed at opening.
            return DeliveryEngine(outbox: outbox, notifiers: notifiers, settings: settings, clock: SystemWallClock())
        } catch {
            throw fail(with: error.diagnostics.map(\.description))
        }
    }

    /// How one delivery came out, as a line for the terminal, and whether it counts as a failure.
    static func describe(_ report: DeliveryReport) -> (line: String, failed: Bool) {
        let (line, failed) = describeUnsafe(report)
        return (TerminalText.safe(line), failed)
    }

    private static func describeUnsafe(_ report: DeliveryReport) -> (line: String, failed: Bool) {
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
