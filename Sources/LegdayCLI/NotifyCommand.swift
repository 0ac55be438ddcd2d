import ArgumentParser
import Foundation
import LegdayCore
import LegdayDaemon
import LegdayOutbox
import LegdaySMTP

/// `legday notify`: send a day's reminder now, through the outbox, so it never goes out twice.
public struct NotifyCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Send a day's reminder now through the outbox (never twice), or a test reminder.",
        discussion: """
            Each notifier's outcome is printed; the exit status is 1 when any of them failed. A reminder \
            already delivered is reported as such and not sent again. With --test a sample reminder with \
            an id of its own is sent, so it always goes out: today's, or with --date that day's.
            """)

    @OptionGroup var config: ConfigOption
    @Option(help: "The day (default: today in the athlete's zone).") var date: DateArgument?
    @Option(help: "Only this notifier (a [notifiers.NAME] of config).") var notifier: String?
    @Flag(help: "Send a sample of the day's reminder, with an id of its own (it always goes out).") var test = false

    public init() {}

    public func run() async throws {
        let context = try AppContext.load(configPath: config.path)
        let names = context.configuration.notifiers.map(\.name)
        if let notifier, !names.contains(notifier) {
            let known = names.isEmpty ? "none are configured" : "configured: " + names.joined(separator: ", ")
            throw fail(with: ["\(context.configuration.path): no notifier named \"\(notifier)\" (\(known))"])
        }
        if names.isEmpty { throw fail(with: ["\(context.configuration.path): no [notifiers.NAME] tables: nothing to send through"]) }
        let engine = try OutboxSetup.engine(outbox: try OutboxSetup.open(), context: context)
        try await NotifierConnections.closing { try await send(context: context, engine: engine, names: names) }
    }

    private func send(context: AppContext, engine: DeliveryEngine, names: [String]) async throws {
        let now = Date()
        let day = date?.date ?? context.today(now: now)
        let reminder = test ? Self.sample(context.reminder(for: day), at: now) : context.reminder(for: day)
        let times = ReminderTimes(timeZone: context.timeZone, dailyAt: context.configuration.reminders.dailyAt)
        // Asked for by hand: an hour to get through even when the day is already over.
        let expiresAt = max(times.endOfDay(day), now.addingTimeInterval(3600))

        let enqueued = try await engine.enqueue(reminder, notifiers: notifier.map { [$0] } ?? names, expiresAt: expiresAt)
        let reports = try await engine.sendNow(ids: enqueued.map(\.delivery.id))
        print(reminder.title)
        var failed = false
        for report in reports {
            let outcome = OutboxSetup.describe(report)
            print("  " + outcome.line)
            failed = failed || outcome.failed
        }
        if failed { throw ExitCode(1) }
    }

    /// The day's reminder dressed as a sample, with an id of its own so that it is always sent.
    static func sample(_ daily: Reminder, at now: Date) -> Reminder {
        var sample = daily
        let athlete = daily.id.split(separator: ":").first.map(String.init) ?? "default"
        sample.id = "\(athlete):\(daily.date.iso):test-\(Int64(now.timeIntervalSince1970 * 1000))"
        sample.title = "Test from legday — \(daily.title)"
        return sample
    }
}
