import ArgumentParser
import Foundation
import LegdayCore
import LegdayNotifierRegistry
import LegdayNotify
import LegdayOutput

/// `legday today`: the day's reminder exactly as a notifier sends it.
struct TodayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "today", abstract: "Print today's reminder (or another day's).")

    @OptionGroup var config: ConfigOption
    @Option(help: "The day (default: today in the athlete's zone).") var date: DateArgument?
    @Flag(help: "Also send it through every configured notifier.") var send = false

    func run() async throws {
        let context = try AppContext.load(configPath: config.path)
        let reminder = context.reminder(for: date?.date ?? context.today())
        // A race's name comes from the calendar, and reaches the reminder's text.
        print(TerminalText.safeKeepingColours(StdoutNotifier.render(reminder)), terminator: "")
        guard send else { return }
        let notifiers: [any Notifier]
        do {
            notifiers = try NotifierRegistry.makeNotifiers(context.configuration).map(\.value)
        } catch {
            throw fail(with: error.diagnostics.map(\.description))
        }
        var failed = false
        for notifier in notifiers.sorted(by: { $0.name < $1.name }) {
            let context = DeliveryContext(deliveryID: DeliveryContext.deliveryID(reminder: reminder, notifier: notifier.name))
            do {
                try await notifier.send(reminder, context: context)
                print("\(notifier.name): sent")
            } catch {
                failed = true
                printError("\(notifier.name): \(NotifierError(classifying: error))")
            }
        }
        if failed { throw ExitCode(1) }
    }
}
