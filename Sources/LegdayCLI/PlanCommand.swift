import ArgumentParser
import Foundation
import LegdayCore
import LegdayOutput

/// `legday plan`: the plan for a range of days, as a table, a calendar (a week per row), JSON or iCalendar.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "Show the lift plan for a range of days.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, calendar, json, ics }

    @OptionGroup var config: ConfigOption
    @Option(help: "First day (default: today in the athlete's zone).") var from: DateArgument?
    @Option(help: "Number of days (default 7).") var days: Int?
    @Option(help: "Last day, instead of --days.") var to: DateArgument?
    @Option(help: "table, calendar (a week per row), json or ics.") var format: Format = .table
    @Flag(inversion: .prefixedNo, help: "Colours (default: on when printing to a terminal and NO_COLOR is unset).")
    var color: Bool?

    func validate() throws {
        if days != nil && to != nil { throw ValidationError("give --days or --to, not both") }
        if let days, !(1...3660).contains(days) { throw ValidationError("--days must be between 1 and 3660") }
    }

    func run() throws {
        let context = try AppContext.load(configPath: config.path)
        let first = from?.date ?? context.today()
        let last = to?.date ?? first.adding(days: (days ?? 7) - 1)
        guard last >= first else { throw ValidationError("--to is before --from") }
        let plan = context.plan(DateRange(first: first, last: last))
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(PlanDocument.plan(plan))
            print(String(decoding: data, as: UTF8.self))
        case .ics:
            let stamp = Int(Date().timeIntervalSince1970)
            print(ICalendarWriter().document(plan, stamp: stamp), terminator: "")
        case .table:
            print(TerminalText.safeKeepingColours(DayTable.render(plan, style: TextStyle.forStandardOutput(color),
                                                                width: TerminalWidth.current)), terminator: "")
        case .calendar:
            print(TerminalText.safeKeepingColours(CalendarView.render(plan, style: TextStyle.forStandardOutput(color))))
        }
    }
}

