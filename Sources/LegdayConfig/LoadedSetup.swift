import Foundation
import LegdayCore
import LegdaySchedule

/// The config file and everything it points at, read together: the schedule files (through
/// `ScheduleReader`, with the athlete's zone and keyword overrides), the last fetched copy of each feed,
/// and the notifiers' secrets. The one setup loader: `legday check` reports what it found, and every
/// other command (`run`, a reload, `plan`, `today`, …) plans from it, so they cannot read a file
/// differently.
public struct LoadedSetup: Sendable {
    public var configuration: LegdayConfiguration
    /// Every schedule file and fetched feed merged. Feeds are not fetched here (`legday run` does that).
    public var schedule: Schedule
    /// Config warnings, then schedule, feed and secret problems (errors and warnings), in file order
    /// within each file.
    public var diagnostics: [Diagnostic]
    /// The errors of local schedule files that yielded nothing at all (gone, or empty for a moment while
    /// an editor saves). Planning refuses such a setup, so the daemon keeps its previous one instead of
    /// planning as if the runner had no runs; `check` reports them among `diagnostics`.
    public var unreadable: [Diagnostic] = []
    /// The sources that are feed URLs.
    public var feeds: [ScheduleSource] { configuration.schedule.filter(\.isFeed) }
    /// How many local schedule files were read.
    public var fileCount: Int { configuration.schedule.filter { !$0.isFeed }.count }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

    public init(configuration: LegdayConfiguration, schedule: Schedule, diagnostics: [Diagnostic]) {
        self.configuration = configuration
        self.schedule = schedule
        self.diagnostics = diagnostics
    }

    /// The last fetched body of a feed (by its URL as configured) and the name problems show it by (the
    /// address without the path, which may hold a private token), or nil when it was never fetched.
    public typealias FeedCopies = @Sendable (_ url: String) -> (body: Data, shownAs: String)?

    /// Loads the config (throwing its problems) and then reads what it names, collecting those problems.
    public static func load(configPath: String, notifierKinds: [NotifierKind],
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            feedCopies: FeedCopies = { _ in nil }) throws(ConfigError) -> LoadedSetup {
        let configuration = try ConfigLoader.load(path: configPath, notifierKinds: notifierKinds)
        return read(configuration, environment: environment, feedCopies: feedCopies)
    }

    /// Everything `legday check` reports: config problems, then schedule and secret problems for whatever
    /// part of the config could be read. `setup` is nil when the config could not be parsed at all.
    public static func check(configPath: String, notifierKinds: [NotifierKind],
                             environment: [String: String] = ProcessInfo.processInfo.environment,
                             feedCopies: FeedCopies = { _ in nil })
        -> (setup: LoadedSetup?, diagnostics: [Diagnostic]) {
        let (configuration, configProblems) = ConfigLoader.loadCollecting(path: configPath, notifierKinds: notifierKinds)
        guard let configuration else { return (nil, configProblems) }
        let setup = read(configuration, environment: environment, feedCopies: feedCopies)
        // `read` starts from the config's warnings, which are already among `configProblems`.
        let rest = setup.diagnostics.filter { !configuration.warnings.contains($0) }
        return (setup, configProblems + rest)
    }

    /// Reads the schedule files and feed copies and checks the secrets of an already loaded configuration.
    public static func read(_ configuration: LegdayConfiguration,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            feedCopies: FeedCopies = { _ in nil }) -> LoadedSetup {
        var diagnostics = configuration.warnings
        var unreadable: [Diagnostic] = []
        var parts: [Schedule] = []
        for source in configuration.schedule {
            let result: ScheduleReadResult
            if source.isFeed {
                guard let copy = feedCopies(source.resolved) else {
                    // Where the config names the feed: its address may hold a private token.
                    diagnostics.append(Diagnostic(source.location ?? SourceLocation(path: configuration.path, line: 1),
                                                  "feed not fetched yet; legday run fetches it", severity: .warning))
                    continue
                }
                result = ScheduleReader.parse(data: copy.body, format: .ics, path: copy.shownAs,
                                              options: configuration.scheduleReadOptions)
            } else {
                result = ScheduleReader.read(path: source.resolved, displayPath: shownPath(of: source, in: configuration),
                                             options: configuration.scheduleReadOptions)
                if result.readNothing { unreadable += result.diagnostics.filter { $0.severity == .error } }
            }
            parts.append(result.schedule)
            diagnostics += result.diagnostics
        }
        diagnostics += secretProblems(configuration, credentialsDirectory: environment["CREDENTIALS_DIRECTORY"])
        var setup = LoadedSetup(configuration: configuration, schedule: Schedule.merged(parts), diagnostics: diagnostics)
        setup.unreadable = unreadable
        return setup
    }

    /// A schedule file as problems name it: as written in the config, beside the config as it was named
    /// on the command line ("cfg/runs.ics" for `--config cfg/config.toml`), so the path works from there.
    static func shownPath(of source: ScheduleSource, in configuration: LegdayConfiguration) -> String {
        let folder = (configuration.path as NSString).deletingLastPathComponent
        return source.written.hasPrefix("/") || source.written.hasPrefix("~") || folder.isEmpty
            ? source.written : (folder as NSString).appendingPathComponent(source.written)
    }

    /// Reads every secret the notifiers name, to report a missing or unprotected file now rather than
    /// at the first delivery. The secrets themselves are dropped at once.
    static func secretProblems(_ configuration: LegdayConfiguration, credentialsDirectory: String?) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for notifier in configuration.notifiers {
            let kind = configuration.notifierKinds.first { $0.type == notifier.type }
            let keys = kind?.secretKeys(of: notifier) ?? []
            for key in keys {
                let credential = SecretReader.credentialKey(for: key)
                if notifier.option(key) == nil, notifier.option(credential) != nil, credentialsDirectory == nil {
                    continue  // systemd credentials exist only inside the service
                }
                do throws(ConfigError) {
                    _ = try SecretReader.readIfPresent(key: key, options: notifier, credentialsDirectory: credentialsDirectory,
                                                       shape: kind?.secretShape(for: key) ?? .oneLine)
                } catch {
                    problems += error.diagnostics
                }
            }
        }
        return problems
    }
}

extension LegdayConfiguration {
    /// legday's keywords with the runner's `[schedule.keywords]` laid over them.
    public var keywordMap: KeywordMap {
        var map = KeywordMap.default
        for (phrase, meaning) in keywords.sorted(by: { $0.key < $1.key }) {
            switch meaning {
            case .run(let type): map.set(phrase, to: type)
            case .strength: map.setStrength(phrase)
            }
        }
        return map
    }

    /// How to read this runner's schedule files: in their zone, with their keywords, units, CSV columns
    /// and races.
    public var scheduleReadOptions: ScheduleReadOptions {
        ScheduleReadOptions(timeZone: athlete.timezone, keywords: keywordMap, units: scheduleUnits, races: races,
                            csv: csvLayout)
    }
}
