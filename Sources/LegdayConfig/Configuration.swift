import Foundation
import LegdayCore

/// A notifier's table from `[notifiers.NAME]`: its type and the rest of its keys, for the notifier to read.
public struct NotifierConfiguration: Sendable, Hashable {
    public var name: String
    public var type: String
    public var options: [String: ConfigValue]
    /// Where the table starts, for errors about it.
    public var location: SourceLocation

    public init(name: String, type: String, options: [String: ConfigValue] = [:], location: SourceLocation) {
        self.name = name
        self.type = type
        self.options = options
        self.location = location
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

    public init(dailyAt: TimeOfDay = TimeOfDay(hour: 7, minute: 0)!, catchUp: CatchUp = .sameDay) {
        self.dailyAt = dailyAt
        self.catchUp = catchUp
    }
}

/// Everything config.toml says, checked and resolved (schedule paths made absolute).
public struct LegdayConfiguration: Sendable, Hashable {
    /// The config file itself.
    public var path: String
    public var athlete: AthleteProfile
    /// Absolute paths (or URLs) of the schedule sources.
    public var scheduleSources: [String]
    public var races: [Race]
    public var reminders: ReminderSettings
    public var rules: RuleSettings
    /// Notifiers in the order the file names them.
    public var notifiers: [NotifierConfiguration]

    public init(path: String, athlete: AthleteProfile = AthleteProfile(), scheduleSources: [String] = [],
                races: [Race] = [], reminders: ReminderSettings = ReminderSettings(),
                rules: RuleSettings = RuleSettings(), notifiers: [NotifierConfiguration] = []) {
        self.path = path
        self.athlete = athlete
        self.scheduleSources = scheduleSources
        self.races = races
        self.reminders = reminders
        self.rules = rules
        self.notifiers = notifiers
    }

    /// The folder relative paths in the file are resolved against.
    public var directory: String { (path as NSString).deletingLastPathComponent }
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
