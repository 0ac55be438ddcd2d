import ArgumentParser
import Foundation
import LegdayConfig
import LegdayCore

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
        for problem in problems {
            FileHandle.standardError.write(Data((problem.description + "\n").utf8))
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

    /// The next daily reminder's local date and time in the athlete's zone.
    static func nextReminder(_ config: LegdayConfiguration, now: Date) -> String {
        let zoneName = config.athlete.timezone
        let time = config.reminders.dailyAt
        guard let zone = TimeZone(identifier: zoneName) else { return "\(time) \(zoneName)" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let wanted = DateComponents(hour: time.hour, minute: time.minute, second: 0)
        guard let next = calendar.nextDate(after: now, matching: wanted, matchingPolicy: .nextTime) else {
            return "\(time) \(zoneName)"
        }
        let day = calendar.dateComponents([.year, .month, .day], from: next)
        let date = LocalDate(year: day.year ?? 1970, month: day.month ?? 1, day: day.day ?? 1)?.iso ?? ""
        return "\(date) \(time) \(zoneName)"
    }
}
