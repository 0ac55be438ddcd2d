import ArgumentParser
import Foundation
import LegdayCore
import LegdayDaemon

/// `legday next`: every coming reminder, of every moment (daily, evening before, weekly), as the daemon will
/// send it: its local time, the moment, the day it is about and its kind; `--format json` adds offset and UTC.
struct NextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "next", abstract: "List the coming reminders.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var config: ConfigOption
    @Option(help: "Start from this instant (ISO 8601, e.g. 2026-03-29T00:00:00+01:00; default now).") var from: String?
    @Option(help: "How many reminders.") var count: Int = 5
    @Option(help: "text or json.") var format: Format = .text

    /// One coming reminder. `date`, `local`, `offset` and `utc` are the moment's (the day it is sent, its
    /// local time); the fields after them were added with the evening and weekly moments.
    struct Entry: Codable {
        var date: String
        var local: String
        var offset: String
        var utc: String
        /// daily, evening or weekly.
        var moment: String
        /// The reminder's id, as the outbox deduplicates it.
        var id: String
        /// The day the reminder is about (tomorrow for `evening`, the week's Monday for `weekly`).
        var day: String
        /// The day's kind: heavy-lift, light-lift, recovery, rest or race.
        var kind: String
        /// What the table shows under Kind: "heavy lift", "run only", or for a week "3 lifts, 1 recovery".
        var display: String
        var title: String
        /// What the reminder will be, in a few words (the daemon's "next reminder" line says the same).
        var gist: String
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
        let entries = Self.entries(context.daemonSetup(dispatcher: NoDispatch()), after: moment, count: count)
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(entries), as: UTF8.self))
        case .text:
            print(Self.table(entries), terminator: "")
        }
    }

    /// The next `count` reminders after `moment`, exactly as a freshly started daemon decides them.
    static func entries(_ setup: DaemonSetup, after moment: Date, count: Int) -> [Entry] {
        let loop = ReminderLoop(moments: setup.loopMoments, watchdogInterval: nil, releasesMemory: false)
        return loop.upcoming(after: moment, count: count).compactMap { next in
            guard let each = setup.moment(next.moment), let reminder = each.reminder(next.date, false) else { return nil }
            return entry(next, reminder, zone: each.times.timeZone)
        }
    }

    static func entry(_ next: ReminderLoop.Upcoming, _ reminder: Reminder, zone: TimeZone) -> Entry {
        let local = ISO8601DateFormatter()
        local.timeZone = zone
        local.formatOptions = [.withInternetDateTime]
        let utc = ISO8601DateFormatter()
        utc.formatOptions = [.withInternetDateTime]
        let offset = zone.secondsFromGMT(for: next.instant)
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 3600, minutes = abs(offset) % 3600 / 60
        let display = reminder.moment == .weekly ? MomentText.weekCount(reminder.week ?? [reminder.day])
            : reminder.day.displayKind
        return Entry(date: next.date.iso, local: local.string(from: next.instant),
                     offset: String(format: "%@%02d:%02d", sign, hours, minutes), utc: utc.string(from: next.instant),
                     moment: next.moment, id: reminder.id, day: reminder.date.iso, kind: reminder.kind.rawValue,
                     display: display, title: reminder.title, gist: reminder.gist)
    }

    /// The text table: `When (local)`, `Moment`, `Day`, `Kind`, one reminder a row.
    static func table(_ entries: [Entry]) -> String {
        let rows: [[String]] = entries.map { e in
            let sent = LocalDate(iso: e.date)!
            let about = LocalDate(iso: e.day)!
            let time = e.local.dropFirst(11).prefix(5)  // HH:MM of 2026-12-08T07:00:00+01:00
            var day = "\(short(about.weekday)) \(about.iso)"
            if e.moment == "weekly" {
                let last = about.adding(days: 6)
                day += " to \(short(last.weekday)) \(last.iso)"
            }
            return ["\(short(sent.weekday)) \(e.date) \(time) (\(e.offset))", e.moment, day, e.display]
        }
        let header = ["When (local)", "Moment", "Day", "Kind"]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ") + "\n"
        }
        return ([header] + rows).map(line).joined()
    }

    static func short(_ weekday: Weekday) -> String { String(weekday.name.prefix(3)) }
}
