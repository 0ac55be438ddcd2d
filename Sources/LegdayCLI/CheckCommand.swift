import ArgumentParser
import Foundation
import LegdayConfig
import LegdayCore
import LegdayDaemon

/// `legday check`: reads the config and every schedule file it names and reports what is wrong.
public struct CheckCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the config file and the schedule files it names.",
        discussion: """
        Prints a one-line summary and exits 0 when everything is usable. Otherwise prints one \
        `path:line:column: message` line per problem on standard error and exits 1. Titles that no \
        keyword classifies are listed as warnings.
        """)

    @Option(name: .long, help: "The config file (default: $LEGDAY_CONFIG, else $XDG_CONFIG_HOME/legday/config.toml).")
    public var config: String?

    public init() {}

    public func run() throws {
        let path = ConfigLocator.path(explicit: config)
        let (setup, diagnostics) = LoadedSetup.check(configPath: path)
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
    }

    /// Titles the schedule reader could not classify, as warnings at the line that holds them.
    static func unclassifiedWarnings(_ setup: LoadedSetup) -> [Diagnostic] {
        setup.schedule.unclassified.map { run in
            let location = run.source ?? SourceLocation(path: setup.configuration.path, line: 1)
            return Diagnostic(location, "could not classify \"\(run.title)\" on \(run.date); taken as \(run.type.rawValue) "
                + "(add a keyword for it under [schedule.keywords])", severity: .warning)
        }
    }

    /// `config.toml: ok — 3 schedule files, 142 runs, 1 race, 2 notifiers; next reminder 2026-11-23 07:00 Europe/Berlin`
    static func summary(_ setup: LoadedSetup, now: Date) -> String {
        let config = setup.configuration
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        var parts = [count(setup.fileCount, "schedule file")]
        if !setup.feeds.isEmpty { parts.append(count(setup.feeds.count, "feed")) }
        parts.append(count(setup.schedule.runs.count, "run"))
        parts.append(count(config.races.count, "race"))
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
