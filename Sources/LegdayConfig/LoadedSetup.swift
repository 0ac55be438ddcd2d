import Foundation
import LegdayCore
import LegdaySchedule

/// The config file and everything it points at, read together: the schedule files (through
/// `ScheduleReader`, with the athlete's zone and keyword overrides) and the notifiers' secrets. What
/// `legday check` reports, and what the other commands start from.
public struct LoadedSetup: Sendable {
    public var configuration: LegdayConfiguration
    /// Every schedule file merged. Feeds are not fetched here: they are counted in `feeds`.
    public var schedule: Schedule
    /// Schedule and secret problems (errors and warnings), in file order within each file.
    public var diagnostics: [Diagnostic]
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

    /// Loads the config (throwing its problems) and then reads what it names, collecting those problems.
    public static func load(configPath: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigError) -> LoadedSetup {
        let configuration = try ConfigLoader.load(path: configPath)
        return read(configuration, environment: environment)
    }

    /// Everything `legday check` reports: config problems, then schedule and secret problems for whatever
    /// part of the config could be read. `setup` is nil when the config could not be parsed at all.
    public static func check(configPath: String,
                             environment: [String: String] = ProcessInfo.processInfo.environment)
        -> (setup: LoadedSetup?, diagnostics: [Diagnostic]) {
        let (configuration, configProblems) = ConfigLoader.loadCollecting(path: configPath)
        guard let configuration else { return (nil, configProblems) }
        let setup = read(configuration, environment: environment)
        // `read` starts from the config's warnings, which are already among `configProblems`.
        let rest = setup.diagnostics.filter { !configuration.warnings.contains($0) }
        return (setup, configProblems + rest)
    }

    /// Reads the schedule files and checks the secrets of an already loaded configuration.
    public static func read(_ configuration: LegdayConfiguration,
                            environment: [String: String] = ProcessInfo.processInfo.environment) -> LoadedSetup {
        var diagnostics = configuration.warnings
        var parts: [Schedule] = []
        let shownFolder = (configuration.path as NSString).deletingLastPathComponent
        for source in configuration.schedule where !source.isFeed {
            let shown = source.written.hasPrefix("/") || source.written.hasPrefix("~") || shownFolder.isEmpty
                ? source.written : (shownFolder as NSString).appendingPathComponent(source.written)
            let result = ScheduleReader.read(path: source.resolved, displayPath: shown,
                                             options: configuration.scheduleReadOptions)
            parts.append(result.schedule)
            diagnostics += result.diagnostics
        }
        let schedule = Schedule.merged(parts)
        diagnostics += secretProblems(configuration, credentialsDirectory: environment["CREDENTIALS_DIRECTORY"])
        return LoadedSetup(configuration: configuration, schedule: schedule, diagnostics: diagnostics)
    }

    /// Reads every secret the notifiers name, to report a missing or unprotected file now rather than
    /// at the first delivery. The secrets themselves are dropped at once.
    static func secretProblems(_ configuration: LegdayConfiguration, credentialsDirectory: String?) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for notifier in configuration.notifiers {
            let kind = NotifierKind.named(notifier.type)
            var keys = kind?.secretKeys ?? []
            if notifier.type == "plugin", let options = notifier.options["options"]?.table {
                keys += options.keys.sorted().filter { $0.hasSuffix("_file") }.map { "options." + $0 }
            }
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
