import ArgumentParser
import Foundation
import LegdayConfig
import LegdayCore
import LegdayDaemon
import LegdayNotify
import Logging
import ServiceLifecycle

/// `legday run`: the daemon systemd starts.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the reminder daemon (systemd starts this).")

    @OptionGroup var config: ConfigOption

    func run() async throws {
        var logger = Logger(label: "legday")
        logger.logLevel = ProcessInfo.processInfo.environment["LEGDAY_DEBUG"] != nil ? .debug : .info
        let setup = try Self.makeSetup(configPath: config.path, logger: logger)
        let service = ReminderService(setup: setup, logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    static func makeSetup(configPath: String, logger: Logger) throws -> DaemonSetup {
        let context = try AppContext.load(configPath: configPath)
        for warning in context.warnings { logger.warning("\(warning)") }
        let notifiers: [any Notifier]
        do {
            notifiers = try NotifierRegistry.makeNotifiers(context.configuration).map(\.value)
        } catch {
            throw fail(with: error.diagnostics.map(\.description))
        }
        let times = ReminderTimes(timeZone: context.timeZone, dailyAt: context.configuration.reminders.dailyAt)
        return DaemonSetup(times: times, catchUp: context.configuration.reminders.catchUp,
                           reminder: { date, late in context.reminder(for: date, late: late) },
                           dispatcher: DirectDispatcher(notifiers: notifiers, logger: logger))
    }
}
