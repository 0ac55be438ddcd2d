import ArgumentParser
import Foundation
import LegdayConfig
import LegdayCore
import LegdayExercises
import LegdayFeeds
import LegdayLog
import LegdayDaemon
import LegdaySchedule
import LegdayNotifierRegistry

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

    /// Loads everything, or throws every problem found. A bad event in a schedule is a warning and the
    /// rest is kept; a local schedule that yields nothing at all (gone, or empty for a moment while an
    /// editor saves) fails the load, so the daemon keeps its previous setup instead of planning as if the
    /// runner had no runs. Feeds are read from their last fetched copy (`legday run` refreshes them).
    static func loadChecked(configPath: String) throws(ConfigError) -> AppContext {
        if ProcessInfo.processInfo.environment["TZ"] == nil {
            // The machine's zone may have changed since the last load (/etc/localtime replaced).
            NSTimeZone.resetSystemTimeZone()
        }
        let configuration = try ConfigLoader.load(path: configPath, notifierKinds: NotifierRegistry.kinds)
        guard let zone = TimeZone(identifier: configuration.athlete.timezone) else {
            throw ConfigError([Diagnostic(SourceLocation(path: configPath, line: 1),
                                          "unknown time zone \(configuration.athlete.timezone)")])
        }
        let setup = LoadedSetup.read(configuration, feedCopies: feedCopies)
        if !setup.unreadable.isEmpty { throw ConfigError(setup.unreadable) }
        let library: ExerciseLibrary
        do {
            library = try ExerciseCatalog.bundled()
        } catch {
            throw ConfigError([Diagnostic(SourceLocation(path: "exercises.json", line: 1), "\(error)")])
        }
        return AppContext(configuration: configuration, schedule: setup.schedule, warnings: setup.diagnostics,
                          library: library, timeZone: zone)
    }

    /// Where fetched feeds are kept: under the state folder, so a network error never empties the plan.
    static var feedCacheDirectory: String { XDGDirectories().state + "/feeds" }

    /// The last fetched copy of each feed, for `LoadedSetup`.
    static let feedCopies: LoadedSetup.FeedCopies = { url in
        guard let feed = try? FeedSource(url), let copy = FeedCache(directory: feedCacheDirectory).load(feed) else {
            return nil
        }
        return (copy.body, feed.description)
    }

    func request(for range: DateRange) -> PlanRequest {
        PlanRequest(schedule: schedule, profile: configuration.athlete, races: configuration.races, range: range,
                    rules: configuration.rules, library: library,
                    history: loggedHistory(from: range.first.adding(days: -Self.logLookback), to: range.last))
    }

    /// How far before a plan's first day the log is read: the re-entry rule looks back two weeks from a
    /// Monday and progression to the last time each lift was logged; eight weeks cover both, and a log of
    /// years is not read whole for every plan.
    static let logLookback = 56

    /// What `legday log` recorded, with today: the plan hears it (docs/logging.md). Nil when nothing was
    /// ever logged (no log file: the plan is the one legday makes without a log) or the log cannot be read.
    func loggedHistory(from first: LocalDate? = nil, to last: LocalDate? = nil) -> (log: TrainingHistory, today: LocalDate)? {
        let path = LogSetup.path()
        guard FileManager.default.fileExists(atPath: path), let log = try? TrainingLog(path: path),
              let history = try? log.history(from: first, to: last) else { return nil }
        return (history, today())
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
