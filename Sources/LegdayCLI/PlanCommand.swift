import ArgumentParser
import Foundation
import LegdayCore

/// `legday plan`: the plan for a range of days, as a table or JSON.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "Show the lift plan for a range of days.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @OptionGroup var config: ConfigOption
    @Option(help: "First day (default: today in the athlete's zone).") var from: DateArgument?
    @Option(help: "Number of days (default 7).") var days: Int?
    @Option(help: "Last day, instead of --days.") var to: DateArgument?
    @Option(help: "table or json.") var format: Format = .table

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
        case .table:
            print(PlanTable.render(plan))
        }
    }
}

/// The plain table: date, weekday, runs, day kind, session name, a one-line why.
enum PlanTable {
    static func render(_ plan: Plan) -> String {
        var rows = [["Date", "Day", "Runs", "Kind", "Session", "Why"]]
        for day in plan.days {
            let runs = day.runs.map { run in
                run.distanceKm.map { "\(run.type.rawValue) \(ReminderText.formatKm($0))k" } ?? run.type.rawValue
            }.joined(separator: ", ")
            rows.append([day.date.iso, day.date.weekday.rawValue, runs.isEmpty ? "-" : runs, day.kind.rawValue,
                         day.session?.name ?? "-", day.why.first ?? ""])
        }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            (0..<5).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                + "  " + row[5]
        }.joined(separator: "\n")
    }
}
