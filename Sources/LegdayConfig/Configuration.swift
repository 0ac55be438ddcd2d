import Foundation
import LegdayCore
import LegdaySchedule

/// A notifier's table from `[notifiers.NAME]`: its type and the rest of its keys, for the notifier to read.
public struct NotifierConfiguration: Sendable, Hashable {
    public var name: String
    public var type: String
    /// Every key of the table except `type` and `fallback`, as written.
    public var options: [String: ConfigValue]
    /// Where the table starts, for errors about it.
    public var location: SourceLocation
    /// The notifier to try when this one fails for good (checked: it exists and is not this one).
    public var fallback: String?
    /// The folder of the config file, which relative paths in options (`password_file`, `ca_file`) start from.
    public var configDirectory: String
    /// Where each option's value is written, by its path inside the table (`port`, `to[1]`, `options.token_file`).
    public var optionLocations: [ConfigKeyPath: SourceLocation]
    /// `timeout`, in seconds, when the table sets one; each notifier has its own default.
    public var timeoutSeconds: Double?

    public init(name: String, type: String, options: [String: ConfigValue] = [:], location: SourceLocation,
                fallback: String? = nil, configDirectory: String = ".",
                optionLocations: [ConfigKeyPath: SourceLocation] = [:]) {
        self.name = name
        self.type = type
        self.options = options
        self.location = location
        self.fallback = fallback
        self.configDirectory = configDirectory
        self.optionLocations = optionLocations
    }

    /// Where an option is written (`"port"`, `"to[1]"`, `"options.token_file"`), so a notifier can report a
    /// bad value as `path:line:column`; the table's header when the option is absent.
    public func location(of key: String) -> SourceLocation {
        var path: ConfigKeyPath? = ConfigKeyPath(key)
        while let candidate = path, !candidate.isEmpty {
            if let location = optionLocations[candidate] { return location }
            path = candidate.parent
        }
        return location
    }

    /// The option at a path inside the table (`"port"`, `"options.token_file"`, `"to[0]"`).
    public func option(_ key: String) -> ConfigValue? {
        var value: ConfigValue? = .table(options)
        for component in ConfigKeyPath(key).components {
            switch component {
            case .key(let name): value = value?.table?[name]
            case .index(let index):
                guard let array = value?.array, array.indices.contains(index) else { return nil }
                value = array[index]
            }
        }
        return value
    }

    /// A diagnostic at an option, for a notifier's own checks: `path:line:column: notifiers.NAME.KEY: message`.
    public func problem(_ key: String, _ message: String) -> Diagnostic {
        Diagnostic(location(of: key), "\(ConfigKeyPath([.key("notifiers"), .key(name)]).appending(ConfigKeyPath(key))): \(message)")
    }
}

/// A TOML value, kept with where it was written so that a notifier can report a bad option precisely.
public indirect enum ConfigValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case double(Double)
    case bool(Bool)
    case array([ConfigValue])
    case table([String: ConfigValue])
    case date(LocalDate)
    case time(TimeOfDay)
    /// A TOML date-time, kept as its RFC 3339 text (`2027-04-25T09:00:00+02:00`).
    case dateTime(String)

    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var integer: Int? { if case .integer(let i) = self { i } else { nil } }
    public var double: Double? {
        switch self {
        case .double(let d): d
        case .integer(let i): Double(i)
        default: nil
        }
    }
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var array: [ConfigValue]? { if case .array(let a) = self { a } else { nil } }
    public var table: [String: ConfigValue]? { if case .table(let t) = self { t } else { nil } }
    public var date: LocalDate? { if case .date(let d) = self { d } else { nil } }
    public var time: TimeOfDay? { if case .time(let t) = self { t } else { nil } }

    /// What kind of value this is, as messages name it: "a string", "an integer".
    public var kindName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .double: "a number"
        case .bool: "a boolean"
        case .array: "an array"
        case .table: "a table"
        case .date: "a date"
        case .time: "a time"
        case .dateTime: "a date-time"
        }
    }
}

/// What to do about a reminder whose time passed while legday was not running.
public enum CatchUp: String, Sendable, Hashable, CaseIterable {
    /// Send it late, once, if its day has not ended.
    case sameDay = "same-day"
    case none
}

public struct ReminderSettings: Sendable, Hashable {
    public var dailyAt: TimeOfDay
    public var catchUp: CatchUp
    /// `evening_before`: when the reminder about tomorrow's lift goes out; nil: none.
    public var eveningBefore: TimeOfDay?
    /// `weekly`: when the week at a glance goes out; nil: none.
    public var weekly: WeeklyTime?

    public init(dailyAt: TimeOfDay = TimeOfDay(hour: 7, minute: 0)!, catchUp: CatchUp = .sameDay,
                eveningBefore: TimeOfDay? = nil, weekly: WeeklyTime? = nil) {
        self.dailyAt = dailyAt
        self.catchUp = catchUp
        self.eveningBefore = eveningBefore
        self.weekly = weekly
    }
}

/// A weekday and a time of day: `"sun 18:00"`.
public struct WeeklyTime: Sendable, Hashable, CustomStringConvertible {
    public var weekday: Weekday
    public var time: TimeOfDay

    public init(weekday: Weekday, time: TimeOfDay) {
        self.weekday = weekday
        self.time = time
    }

    public var description: String { "\(weekday.rawValue) \(time)" }
}

/// One entry of `[schedule] files`: a local file (made absolute) or a feed URL.
public struct ScheduleSource: Sendable, Hashable {
    /// An absolute path, or the URL of a feed.
    public var resolved: String
    /// As the config file wrote it, for messages.
    public var written: String
    /// Where the config file names it; nil for sources made in code.
    public var location: SourceLocation?

    public init(resolved: String, written: String? = nil, location: SourceLocation? = nil) {
        self.resolved = resolved
        self.written = written ?? resolved
        self.location = location
    }

    /// An `https://`, `http://` (loopback only) or `webcal://` feed rather than a file.
    public var isFeed: Bool { ScheduleSource.isFeedURL(resolved) }

    static func isFeedURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("webcal://")
    }
}

/// What a schedule keyword in `[schedule.keywords]` makes of a title: a kind of run, or strength work the
/// runner's plan already holds.
public enum KeywordMeaning: Sendable, Hashable, CustomStringConvertible {
    case run(RunType)
    case strength

    public init?(_ text: String) {
        let lower = text.lowercased()
        if lower == "strength" { self = .strength } else if let type = RunType(rawValue: lower) { self = .run(type) } else { return nil }
    }

    public var description: String {
        switch self {
        case .run(let type): type.rawValue
        case .strength: "strength"
        }
    }

    /// Every value a keyword may map to, for messages.
    public static var allNames: [String] { RunType.allCases.map(\.rawValue) + ["strength"] }
}

/// Everything config.toml says, checked and resolved (schedule paths made absolute).
public struct LegdayConfiguration: Sendable, Hashable {
    /// The config file itself.
    public var path: String
    /// True when `[athlete] timezone` is left out or set to "system": the athlete's zone is the machine's,
    /// and the daemon re-plans when /etc/localtime changes (travel).
    public var timezoneFollowsSystem = false
    public var athlete: AthleteProfile
    /// The schedule sources in the order the file lists them.
    public var schedule: [ScheduleSource]
    /// `[schedule.keywords]`: words in a title (lower case) and what they mean; they win over legday's own.
    public var keywords: [String: KeywordMeaning]
    /// How often feeds are fetched again (`[schedule] refresh`), in seconds.
    public var feedRefreshSeconds: Int
    /// `[schedule] units`: the unit of distances written without one; nil: inferred from each file.
    public var scheduleUnits: DistanceUnit?
    /// `[schedule.csv]`: CSV columns legday cannot tell from the header, and the order of day and month.
    public var csvLayout = CSVLayout()
    /// The notifier types this configuration was read against (`NotifierRegistry.kinds`).
    public var notifierKinds: [NotifierKind] = []
    public var races: [Race]
    public var reminders: ReminderSettings
    public var rules: RuleSettings
    /// Notifiers in the order the file names them.
    public var notifiers: [NotifierConfiguration]
    /// `[plugins] folders`: extra folders searched for notifier plugins, made absolute.
    public var pluginFolders: [String]
    /// Things worth knowing that do not stop legday (printed by `legday check`).
    public var warnings: [Diagnostic] = []

    public init(path: String, athlete: AthleteProfile = AthleteProfile(), scheduleSources: [String] = [],
                races: [Race] = [], reminders: ReminderSettings = ReminderSettings(),
                rules: RuleSettings = RuleSettings(), notifiers: [NotifierConfiguration] = [],
                keywords: [String: KeywordMeaning] = [:], feedRefreshSeconds: Int = LegdayConfiguration.defaultFeedRefreshSeconds,
                pluginFolders: [String] = []) {
        self.path = path
        self.athlete = athlete
        self.schedule = scheduleSources.map { ScheduleSource(resolved: $0) }
        self.keywords = keywords
        self.feedRefreshSeconds = feedRefreshSeconds
        self.races = races
        self.reminders = reminders
        self.rules = rules
        self.notifiers = notifiers
        self.pluginFolders = pluginFolders
    }

    /// Feeds are fetched again every 6 hours unless `[schedule] refresh` says otherwise.
    public static let defaultFeedRefreshSeconds = 6 * 3600

    /// Absolute paths (or URLs) of the schedule sources.
    public var scheduleSources: [String] {
        get { schedule.map(\.resolved) }
        set { schedule = newValue.map { ScheduleSource(resolved: $0) } }
    }

    /// The folder relative paths in the file are resolved against.
    public var directory: String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    public func notifier(named name: String) -> NotifierConfiguration? { notifiers.first { $0.name == name } }
}

/// Config problems, each as `path:line:column: message`.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Where config.toml is: `--config`, else `$LEGDAY_CONFIG`, else `$XDG_CONFIG_HOME/legday/config.toml`
/// (`~/.config/legday/config.toml`).
public enum ConfigLocator {
    public static func path(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnv = environment["LEGDAY_CONFIG"], !fromEnv.isEmpty { return fromEnv }
        return XDGDirectories(environment: environment).config + "/config.toml"
    }
}

/// The XDG base directories legday uses, each with its `legday` subfolder.
public struct XDGDirectories: Sendable {
    public var config: String
    public var state: String
    public var data: String
    public var bin: String
    public var systemdUser: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let home = environment["HOME"] ?? NSHomeDirectory()
        func dir(_ key: String, _ fallback: String) -> String {
            if let value = environment[key], value.hasPrefix("/") { return value }
            return home + "/" + fallback
        }
        let configHome = dir("XDG_CONFIG_HOME", ".config")
        let dataHome = dir("XDG_DATA_HOME", ".local/share")
        config = configHome + "/legday"
        state = dir("XDG_STATE_HOME", ".local/state") + "/legday"
        data = dataHome + "/legday"
        bin = home + "/.local/bin"
        systemdUser = configHome + "/systemd/user"
    }
}
