import ArgumentParser
import Foundation
import LegdayCore
import LegdayDaemon

/// `legday next`: when legday will speak, in local time and UTC.
struct NextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "next", abstract: "List the coming reminder times.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var config: ConfigOption
    @Option(help: "Start from this instant (ISO 8601, e.g. 2026-03-29T00:00:00+01:00; default now).") var from: String?
    @Option(help: "How many reminders.") var count: Int = 5
    @Option(help: "text or json.") var format: Format = .text

    struct Entry: Codable {
        var date: String
        var local: String
        var offset: String
        var utc: String
    }

    func run() throws {
        let context = try AppContext.load(configPath: config.path)
        var moment = Date()
        if let from {
            guard let parsed = ISO8601DateFormatter().date(from: from) else {
                throw ValidationError("--from must be an ISO 8601 date and time with offset, e.g. 2026-03-29T00:00:00Z")
            }
            moment = parsed
        }
        guard (1...1000).contains(count) else { throw ValidationError("--count must be between 1 and 1000") }
        let times = ReminderTimes(timeZone: context.timeZone, dailyAt: context.configuration.reminders.dailyAt)
        var entries: [Entry] = []
        for _ in 0..<count {
            let next = times.next(after: moment)
            entries.append(Self.entry(next.date, next.instant, zone: context.timeZone))
            moment = next.instant
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(entries), as: UTF8.self))
        case .text:
            for e in entries { print("\(e.date)  \(e.local) (\(e.offset))  \(e.utc)") }
        }
    }

    static func entry(_ date: LocalDate, _ instant: Date, zone: TimeZone) -> Entry {
        let local = ISO8601DateFormatter()
        local.timeZone = zone
        local.formatOptions = [.withInternetDateTime]
        let utc = ISO8601DateFormatter()
        utc.formatOptions = [.withInternetDateTime]
        let offset = zone.secondsFromGMT(for: instant)
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 3600, minutes = abs(offset) % 3600 / 60
        return Entry(date: date.iso, local: local.string(from: instant),
                     offset: String(format: "%@%02d:%02d", sign, hours, minutes), utc: utc.string(from: instant))
    }
}
