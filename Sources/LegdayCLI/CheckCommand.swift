import LegdayOutput
import ArgumentParser
import Foundation
import LegdayConfig
import LegdayCore
import LegdayDaemon
import LegdayNotifierRegistry

/// `legday check`: reads the config and every schedule file it names and reports what is wrong.
public struct CheckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the config file and the schedule files it names.",
        discussion: """
        Prints a summary (the config, then how the schedule's entries were read) and exits 0 when \
        everything is usable. Otherwise prints one `path:line:column: message` line per problem on standard \
        error and exits 1. Entries read as unknown, files with many of them, dates far from the rest of \
        their file and days whose entries disagree are warnings. `legday schedule` shows every entry.
        """)

    @Option(name: .long, help: "The config file (default: $LEGDAY_CONFIG, else $XDG_CONFIG_HOME/legday/config.toml).")
    public var config: String?

    public init() {}

    public func run() throws {
        let path = ConfigLocator.path(explicit: config)
        let (setup, diagnostics) = LoadedSetup.check(configPath: path, notifierKinds: NotifierRegistry.kinds, feedCopies: AppContext.feedCopies)
        var problems = diagnostics
        if let setup { problems += CheckCommand.unclassifiedWarnings(setup) }
        // Built only from a config file without errors of its own: `run` stops there too, and a table
        // with an unknown or missing key would only be reported twice.
        if let setup, !problems.contains(where: { $0.severity == .error && $0.location.path == setup.configuration.path }) {
            problems += CheckCommand.notifierProblems(setup.configuration, alreadyReported: problems)
        }
        for problem in problems {
            FileHandle.standardError.write(Data((TerminalText.safe(problem.description) + "\n").utf8))
        }
        guard let setup, !problems.contains(where: { $0.severity == .error }) else {
            throw ExitCode(1)
        }
        print(CheckCommand.summary(setup, now: Date()))
        print(CheckCommand.entrySummary(setup.schedule))
    }

    /// At most this many entries read as unknown are listed one by one; a file with many has its own warning.
    static let listedUnknown = 20

    /// Entries read as unknown, as warnings at the line that holds them: what the planner does with them.
    static func unclassifiedWarnings(_ setup: LoadedSetup) -> [Diagnostic] {
        let unknown = setup.schedule.entries.filter { $0.main.kind == .unknown }
        var warnings = unknown.prefix(listedUnknown).map { entry in
            let location = entry.source ?? SourceLocation(path: setup.configuration.path, line: 1)
            return Diagnostic(location, "\"\(entry.title)\" on \(entry.date) read as unknown; the day counts as "
                + "taken, like an easy session (teach legday the words under [schedule.keywords])", severity: .warning)
        }
        if unknown.count > listedUnknown, let last = unknown.last {
            warnings.append(Diagnostic(last.source ?? SourceLocation(path: setup.configuration.path, line: 1),
                "and \(unknown.count - listedUnknown) more entries read as unknown (legday schedule lists them)",
                severity: .warning))
        }
        return warnings
    }

    /// `412 entries: 380 runs, 12 strength, 18 notes, 2 unknown`: each entry counted by its main part, the
    /// same reading the planner uses.
    static func entrySummary(_ schedule: Schedule) -> String {
        var counts: [EntryKind: Int] = [:]
        for entry in schedule.entries { counts[entry.main.kind, default: 0] += 1 }
        let names: [(EntryKind, String, String)] = [
            (.run, "run", "runs"), (.race, "race", "races"), (.strength, "strength", "strength"),
            (.cross, "cross-training", "cross-training"), (.rest, "rest day", "rest days"),
            (.note, "note", "notes"), (.unknown, "unknown", "unknown"),
        ]
        let parts = names.compactMap { kind, one, many -> String? in
            guard let n = counts[kind], n > 0 || kind == .run else { return kind == .run ? "0 runs" : nil }
            return "\(n) \(n == 1 ? one : many)"
        }
        let total = schedule.entries.count
        return "\(total) \(total == 1 ? "entry" : "entries"): " + parts.joined(separator: ", ")
    }

    /// `config.toml: ok — 3 schedule files, 142 runs, 1 race, 2 notifiers; next reminder 2026-11-23 07:00 Europe/Berlin`
    static func summary(_ setup: LoadedSetup, now: Date) -> String {
        let config = setup.configuration
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        var parts = [count(setup.fileCount, "schedule file")]
        if !setup.feeds.isEmpty { parts.append(count(setup.feeds.count, "feed")) }
        parts.append(count(setup.schedule.runs.count, "run"))
        // Races from `[[races]]` and from the schedule alike (the planner treats both as races), each day once.
        let raceDays = Set(config.races.map(\.date) + setup.schedule.entries.filter { $0.main.kind == .race }.map(\.date))
        parts.append(count(raceDays.count, "race"))
        parts.append(count(config.notifiers.count, "notifier"))
        let name = (config.path as NSString).lastPathComponent
        return "\(name): ok — \(parts.joined(separator: ", ")); next reminder \(nextReminder(config, now: now))"
    }

    /// The next daily reminder's local date and time in the athlete's zone, by the daemon's own rule
    /// (`ReminderTimes`: a time in a DST gap moves on by the gap's length), not `Calendar.nextDate`.
    static func nextReminder(_ config: LegdayConfiguration, now: Date) -> String {
        let zoneName = config.athlete.timezone
        let time = config.reminders.dailyAt
        guard let zone = TimeZone(identifier: zoneName) else { return "\(time) \(zoneName)" }
        let next = ReminderTimes(timeZone: zone, dailyAt: time, zoneName: zoneName).next(after: now)
        // The wall time it fires at, which differs from `daily_at` only on a spring-forward day.
        let clock = DateFormatter()
        clock.locale = Locale(identifier: "en_US_POSIX")
        clock.timeZone = zone
        clock.dateFormat = "HH:mm"
        return "\(next.date.iso) \(clock.string(from: next.instant)) \(zoneName)"
    }
}
