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
            print(ScheduleCommand.table(entries))
        }
    }

    /// `DATE  READ AS  TYPE  KM  MIN  TITLE`, at most 80 columns; further parts follow the kind ("run+strength").
    static func table(_ entries: [ReadEntry]) -> String {
        func cell(_ text: String, _ width: Int, right: Bool = false) -> String {
            let cut = text.count > width ? String(text.prefix(width - 1)) + "…" : text
            let padding = String(repeating: " ", count: max(width - cut.count, 0))
            return right ? padding + cut : cut + padding
        }
        var lines = [cell("DATE", 10) + "  " + cell("READ AS", 14) + " " + cell("TYPE", 9) + " "
            + cell("KM", 5, right: true) + " " + cell("MIN", 5, right: true) + "  TITLE"]
        for entry in entries {
            let main = entry.main
            let kind = ([main.kind] + entry.components.dropFirst().map(\.kind)).map(\.rawValue).joined(separator: "+")
            let line = cell(entry.date.iso, 10) + "  " + cell(kind, 14) + " " + cell(main.type?.rawValue ?? "", 9) + " "
                + cell(main.distanceKm.map { String(format: "%.1f", $0) } ?? "", 5, right: true) + " "
                + cell(main.durationMin.map { String(format: "%.0f", $0) } ?? "", 5, right: true) + "  "
            lines.append(line + fitted(TerminalText.safe(entry.title.replacingOccurrences(of: "\n", with: " ")), columns: 80 - line.count))
        }
        return lines.joined(separator: "\n")
    }

    /// `text` cut to `columns` terminal columns, with "…" where it was cut. Chinese, Japanese and Korean
    /// characters and emoji take two columns.
    static func fitted(_ text: String, columns: Int) -> String {
        func width(_ character: Character) -> Int {
            guard let scalar = character.unicodeScalars.first else { return 0 }
            let wide = (0x1100...0x115F).contains(scalar.value) || (0x2E80...0xA4CF).contains(scalar.value)
                || (0xAC00...0xD7A3).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
                || (0xFF00...0xFF60).contains(scalar.value) || (0x1F300...0x1FAFF).contains(scalar.value)
            return wide ? 2 : 1
        }
        var used = 0
        var result = ""
        for character in text {
            let w = width(character)
            if used + w > columns - 1 {
                // Room for the rest without the ellipsis?
                let rest = text[text.index(text.startIndex, offsetBy: result.count)...].reduce(0) { $0 + width($1) }
                return used + rest <= columns ? result + text.dropFirst(result.count) : result + "…"
            }
            used += w
            result.append(character)
        }
        return result
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
