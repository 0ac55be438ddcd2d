import ArgumentParser
import Foundation
import LegdayConfig
import LegdayCore
import LegdayExercises
import LegdayDaemon
import LegdaySchedule

/// Config, schedule and exercise library, loaded once for a command.
struct AppContext {
    let configuration: LegdayConfiguration
    let schedule: Schedule
    /// Problems in schedule files that did not stop loading (bad events are skipped, the rest kept).
    let warnings: [Diagnostic]
    let library: ExerciseLibrary
    let timeZone: TimeZone

    /// Loads everything, or prints every problem as `path:line:column: message` and exits 1.
    static func load(configPath: String) throws -> AppContext {
        do {
            return try loadChecked(configPath: configPath)
        } catch {
            throw fail(with: error.diagnostics.map(\.description))
        }
    }

    /// Loads everything, or throws every problem found.
    static func loadChecked(configPath: String) throws(ConfigError) -> AppContext {
        let configuration = try ConfigLoader.load(path: configPath)
        guard let zone = TimeZone(identifier: configuration.athlete.timezone) else {
            throw ConfigError([Diagnostic(SourceLocation(path: configPath, line: 1),
                                          "unknown time zone \(configuration.athlete.timezone)")])
        }
        var parts: [Schedule] = []
        var warnings: [Diagnostic] = []
        var unreadable: [Diagnostic] = []
        for source in configuration.schedule {
            let result = ScheduleReader.read(path: source.resolved, displayPath: display(source.resolved, relativeTo: configuration.directory))
            parts.append(result.schedule)
            warnings += result.diagnostics
            if !source.isFeed, result.readNothing { unreadable += result.diagnostics.filter { $0.severity == .error } }
        }
        // A local schedule that yields nothing (gone or empty for a moment while an editor saves, unparsable)
        // fails the load: the daemon keeps its previous setup and commands say why, instead of planning as
        // if the runner had no runs.
        if !unreadable.isEmpty { throw ConfigError(unreadable) }
        let library: ExerciseLibrary
        do {
            library = try ExerciseCatalog.bundled()
        } catch {
            throw ConfigError([Diagnostic(SourceLocation(path: "exercises.json", line: 1), "\(error)")])
        }
        return AppContext(configuration: configuration, schedule: Schedule.merged(parts), warnings: warnings,
                          library: library, timeZone: zone)
    }

    func request(for range: DateRange) -> PlanRequest {
        PlanRequest(schedule: schedule, profile: configuration.athlete, races: configuration.races, range: range,
                    rules: configuration.rules, library: library)
    }

    func plan(_ range: DateRange) -> Plan { Planner.plan(request(for: range)) }

    /// One day's plan, planned with its week around it so weekly rules see the whole week.
    func day(_ date: LocalDate) -> DayPlan {
        let range = DateRange(first: date.startOfWeek.adding(days: -7), last: date.startOfWeek.adding(days: 13))
        return plan(range)[date]!
    }

    func today(now: Date = Date()) -> LocalDate {
        ReminderTimes.localDate(of: now, in: timeZone)
    }

    func reminder(for date: LocalDate, late: Bool = false) -> Reminder {
        Reminder(for: day(date), late: late)
    }

    private static func display(_ path: String, relativeTo directory: String) -> String {
        path.hasPrefix(directory + "/") ? String(path.dropFirst(directory.count + 1)) : path
    }
}

/// Parses a `YYYY-MM-DD` option value.
struct DateArgument: ExpressibleByArgument {
    let date: LocalDate

    init?(argument: String) {
        guard let date = LocalDate(iso: argument) else { return nil }
        self.date = date
    }

    static var defaultValueDescription: String { "YYYY-MM-DD" }
}
