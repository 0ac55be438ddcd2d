import ArgumentParser
import Foundation
import LegdayConfig
import LegdayCore
import LegdayDaemon
import LegdayJournal
import LegdayNotifierRegistry
import LegdayNotify
import Logging
import ServiceLifecycle
import UnixSignals

/// `legday run`: the daemon systemd starts. This is the one place that wires the services together.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the reminder daemon (systemd starts this).")

    @OptionGroup var config: ConfigOption

    func run() async throws {
        let logger = Self.logger()
        // SIGHUP means reload. Trapped here, before any service runs, so a SIGHUP that comes right after
        // READY=1 is queued for the reload service, not taken by the default action (ending the daemon).
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let configPath = config.path
        let delivery = OutboxDispatcher(outbox: await OutboxSetup.openForDaemon(logger: logger), logger: logger)
        let first: (setup: DaemonSetup, watch: [String])
        switch Self.load(configPath: configPath, logger: logger, delivery: delivery) {
        case .success(let loaded): first = loaded
        case .failure(let error): throw fail(with: error.lines)
        }
        let reminders = ReminderService(setup: first.setup, logger: logger)
        delivery.onStatusChange { Task { await reminders.refreshStatus() } }
        let acknowledgements = ReloadAcknowledgement()
        let reloader = ReloadService(
            watching: first.watch, hangups: hangups, logger: logger,
            load: { Self.load(configPath: configPath, logger: logger, delivery: delivery) },
            apply: { reminders.replaceSetup($0) },
            acknowledge: { acknowledgements.record(success: $0) })
        let feeds = FeedRefreshService(feeds: { currentFeeds.value }, logger: logger,
                                       onChange: { reloader.reload(reason: "feed updated") })
        let group = ServiceGroup(configuration: .init(
            services: [delivery, reminders, reloader, feeds], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await NotifierConnections.closing { try await group.run() }
    }

    static func logger() -> Logger {
        var logger = JournalLogHandler.standardErrorIsJournal
            ? Logger(label: "legday") { JournalLogHandler(label: $0) }
            : Logger(label: "legday")
        logger.logLevel = ProcessInfo.processInfo.environment["LEGDAY_DEBUG"] != nil ? .debug : .info
        return logger
    }

    /// Loads config, schedules and notifiers into a daemon setup, or says everything that is wrong.
    static func load(configPath: String, logger: Logger,
                     delivery: OutboxDispatcher? = nil) -> Result<(setup: DaemonSetup, watch: [String]), ReloadService.ReloadError> {
        do {
            let context = try AppContext.loadChecked(configPath: configPath)
            for warning in context.warnings { logger.warning("\(warning)") }
            let notifiers = try NotifierRegistry.makeNotifiers(context.configuration)
            let settings = OutboxSetup.settings(context.configuration)
            // Without the outbox (`legday reload` only checks the config) reminders would go straight out.
            let dispatcher: any ReminderDispatcher = delivery ?? DirectDispatcher(notifiers: Array(notifiers.values), logger: logger)
            delivery?.configure(names: context.configuration.notifiers.map(\.name), notifiers: notifiers, settings: settings)
            // Every reminder moment (daily, evening before, weekly): ReminderMomentsSetup.swift.
            let setup = context.daemonSetup(dispatcher: dispatcher)
            var watch = [configPath] + context.configuration.scheduleSources.filter { $0.hasPrefix("/") }
            // A zone that follows the machine's: a change of /etc/localtime (travel) reloads and re-plans.
            if context.configuration.timezoneFollowsSystem { watch.append("/etc/localtime") }
            currentFeeds.value = (context.configuration.schedule.filter(\.isFeed).map(\.resolved),
                                  TimeInterval(context.configuration.feedRefreshSeconds))
            return .success((setup, watch))
        } catch {
            return .failure(ReloadService.ReloadError(error.diagnostics.map(\.description)))
        }
    }
}

/// Where the daemon records finished reloads, so `legday reload` (systemd's ExecReload=) can wait for
/// the reload to complete and report its outcome: "<count> ok" or "<count> failed".
struct ReloadAcknowledgement: Sendable {
    let path: String

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let base = environment["XDG_RUNTIME_DIR"].map { $0 + "/legday" } ?? XDGDirectories(environment: environment).state
        path = base + "/reload.ack"
    }

    func record(success: Bool) {
        let count = (read()?.count ?? 0) + 1
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        try? "\(count) \(success ? "ok" : "failed")\n".write(toFile: path, atomically: true, encoding: .utf8)
    }

    func read() -> (count: Int, ok: Bool)? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let parts = text.split(separator: " ")
        guard parts.count == 2, let count = Int(parts[0]) else { return nil }
        return (count, parts[1].hasPrefix("ok"))
    }
}

/// The feeds of the configuration loaded last, for the refresh service.
final class FeedList: @unchecked Sendable {
    private let lock = NSLock()
    private var current: (sources: [String], interval: TimeInterval) = ([], 6 * 3600)

    var value: (sources: [String], interval: TimeInterval) {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }
}

private let currentFeeds = FeedList()
