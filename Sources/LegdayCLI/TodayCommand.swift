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
        let text = TerminalText.safeKeepingColours(StdoutNotifier.render(reminder))
        // Exactly as notifiers send it, unless a person reads it on a terminal: then it fits the screen.
        print(isatty(STDOUT_FILENO) == 1 ? TodayCommand.wrapped(text, width: TerminalWidth.current) : text,
              terminator: "")
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

    /// The reminder's lines wrapped at spaces to `width` columns, each continuation indented under the text
    /// it continues ("   Start: …" goes on under "Start"): the notifiers get the lines whole, a terminal fits.
    static func wrapped(_ text: String, width: Int) -> String {
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard TextTable.columns(of: line) > width else { out.append(String(line)); continue }
            let indent = line.prefix { $0 == " " }.count
            let content = line.dropFirst(indent)
            let numbered = content.prefix { $0.isNumber }.count > 0 && content.drop { $0.isNumber }.hasPrefix(". ")
            let hanging = indent + (content.hasPrefix("• ") ? 2 : numbered || indent > 0 ? 3 : 2)
            let pieces = TextTable.wrap(String(line.dropFirst(indent)), to: max(width - hanging, 20))
            for (n, piece) in pieces.enumerated() {
                out.append(String(repeating: " ", count: n == 0 ? indent : hanging) + piece)
            }
        }
        return out.joined(separator: "\n")
    }
}
