import LegdayOutput
import ArgumentParser
import Foundation
import LegdayCore

/// `legday schedule`: every schedule entry and how legday read it, the same reading the planner uses.
struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Show every schedule entry and how it was read.",
        discussion: """
        One line (or JSON object) per entry, in date order: read as run, race, strength, cross, rest, note \
        or unknown, with the run type, distance and duration, further parts of the same entry, and what \
        decided the reading. The JSON contract is in docs/schedules.md.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @OptionGroup var config: ConfigOption
    @Option(help: "First day (default: the schedule's first).") var from: DateArgument?
    @Option(help: "Last day (default: the schedule's last).") var to: DateArgument?
    @Option(help: "table or json.") var format: Format = .table

    func validate() throws {
        if let from, let to, to.date < from.date { throw ValidationError("--to is before --from") }
    }

    func run() throws {
        let context = try AppContext.load(configPath: config.path)
        let entries = context.schedule.entries.filter { entry in
            (from.map { entry.lastDate >= $0.date } ?? true) && (to.map { entry.date <= $0.date } ?? true)
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(ScheduleDocument(entries: entries.map(ScheduleDocument.Entry.init)))
            print(String(decoding: data, as: UTF8.self))
        case .table:
            print(ScheduleCommand.table(entries, width: TerminalWidth.current), terminator: "")
        }
    }

    /// `Date  Read as  Type  km  min  Title`, fitted to `width` columns (the title wraps); further parts
    /// follow the kind ("run+strength").
    static func table(_ entries: [ReadEntry], width: Int = 80) -> String {
        let rows = entries.map { entry -> [String] in
            let main = entry.main
            let kind = ([main.kind] + entry.components.dropFirst().map(\.kind)).map(\.rawValue).joined(separator: "+")
            return [entry.date.iso, kind, main.type?.rawValue ?? "", main.distanceKm.map { String(format: "%.1f", $0) } ?? "",
                    main.durationMin.map { String(format: "%.0f", $0) } ?? "",
                    TerminalText.safe(entry.title.replacingOccurrences(of: "\n", with: " "))]
        }
        return TextTable(headings: ["Date", "Read as", "Type", "km", "min", "Title"], rows: rows, wrappable: [5])
            .render(width: width)
    }
}

/// The JSON that `legday schedule --format json` prints (docs/schedules.md, "The JSON contract").
struct ScheduleDocument: Encodable {
    struct Part: Encodable {
        var readAs: EntryKind
        enum CodingKeys: String, CodingKey { case readAs = "read_as" }
    }

    struct Entry: Encodable {
        var date: String
        var title: String
        var source: String
        var readAs: EntryKind
        var type: RunType?
        var distanceKm: Double?
        var durationMin: Double?
        var also: [Part]
        var why: String

        enum CodingKeys: String, CodingKey {
            case date, title, source, type, also, why
            case readAs = "read_as", distanceKm = "distance_km", durationMin = "duration_min"
        }

        init(_ entry: ReadEntry) {
            date = entry.date.iso
            title = entry.title
            source = entry.source.map { "\($0.path):\($0.line)" } ?? ""
            readAs = entry.main.kind
            type = entry.main.kind == .run || entry.main.kind == .race ? entry.main.type : nil
            distanceKm = entry.main.distanceKm.map { ($0 * 1000).rounded() / 1000 }
            durationMin = entry.main.durationMin.map { ($0 * 100).rounded() / 100 }
            also = entry.components.dropFirst().map { Part(readAs: $0.kind) }
            why = entry.why
        }

        /// Every key is written, absent values as null, as the contract says.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(date, forKey: .date)
            try container.encode(title, forKey: .title)
            try container.encode(source, forKey: .source)
            try container.encode(readAs, forKey: .readAs)
            try container.encode(type, forKey: .type)
            try container.encode(distanceKm, forKey: .distanceKm)
            try container.encode(durationMin, forKey: .durationMin)
            try container.encode(also, forKey: .also)
            try container.encode(why, forKey: .why)
        }
    }

    var entries: [Entry]
}
