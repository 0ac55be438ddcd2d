import Foundation
import LegdayCore
import LegdaySchedule
import TOMLKit

/// Reads and checks config.toml.
///
/// Every problem in the file is collected (syntax, unknown keys, wrong types, bad values, missing schedule
/// files) and thrown together as one `ConfigError`, each as `path:line:column: message`. Nothing in here
/// traps on input: bad bytes, bad TOML and bad values all end as diagnostics.
public enum ConfigLoader {
    /// Config files beyond this size are refused rather than parsed: no real config comes near it.
    static let maxBytes = 4 << 20

    static let sections = ["athlete", "schedule", "races", "reminders", "rules", "notifiers", "plugins"]

    /// `notifierKinds` is the list of notifier types, `NotifierRegistry.kinds`: what each
    /// `[notifiers.NAME]` table is checked against.
    public static func load(path: String, notifierKinds: [NotifierKind]) throws(ConfigError) -> LegdayConfiguration {
        let (configuration, diagnostics) = loadCollecting(path: path, notifierKinds: notifierKinds)
        let errors = diagnostics.filter { $0.severity == .error }
        guard let configuration, errors.isEmpty else { throw ConfigError(errors) }
        return configuration
    }

    /// Parses config text; `path` is shown in diagnostics and its folder anchors relative paths.
    public static func parse(_ text: String, path: String, notifierKinds: [NotifierKind]) throws(ConfigError) -> LegdayConfiguration {
        let (configuration, diagnostics) = parseCollecting(data: Data(text.utf8), path: path, notifierKinds: notifierKinds)
        let errors = diagnostics.filter { $0.severity == .error }
        guard let configuration, errors.isEmpty else { throw ConfigError(errors) }
        return configuration
    }

    /// Every problem in the file, with as much of the configuration as could be read: nil only when the
    /// file could not be read or parsed at all. `legday check` uses this to go on to the schedule files
    /// even when the config has mistakes.
    public static func loadCollecting(path: String, notifierKinds: [NotifierKind])
        -> (configuration: LegdayConfiguration?, diagnostics: [Diagnostic]) {
        let top = SourceLocation(path: path, line: 1, column: 1)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return (nil, [Diagnostic(top, "config file not found (give one with --config, or create it)")])
        }
        guard !isDirectory.boolValue else {
            return (nil, [Diagnostic(top, "this is a folder, not a config file")])
        }
        switch RegularFile.contents(path: path, limitBytes: maxBytes) {
        case .success(let data):
            return parseCollecting(data: data, path: path, notifierKinds: notifierKinds)
        case .failure(.tooLarge):
            return (nil, [Diagnostic(top, "the config file is too large (over 4 MiB)")])
        case .failure(let failure):
            return (nil, [Diagnostic(top, "cannot read the config file: \(failure)")])
        }
    }

    public static func parseCollecting(data: Data, path: String, notifierKinds: [NotifierKind])
        -> (configuration: LegdayConfiguration?, diagnostics: [Diagnostic]) {
        guard data.count <= maxBytes else {
            return (nil, [Diagnostic(SourceLocation(path: path, line: 1), "the config file is too large (over 4 MiB)")])
        }
        // NUL bytes would end the text early for the C++ parser under TOMLKit; refuse the file instead.
        if let problem = TextCheck.problems(in: data, path: path).first { return (nil, [problem]) }
        let text = String(decoding: data, as: UTF8.self)
        // First, before anything walks the text: dotted keys deep enough to overflow the stack.
        if let problem = TOMLHeaderCheck.firstProblem(in: text, path: path) {
            return (nil, [Diagnostic(problem.location, "TOML syntax: " + problem.message)])
        }
        let map = TOMLSourceMap(path: path, text: text)
        if let trap = map.parserTraps.first {
            let location = SourceLocation(path: path, line: trap.position.line, column: trap.position.column)
            return (nil, [Diagnostic(location, "TOML syntax: \(trap.message)")])
        }
        let document: TOMLTable
        do {
            document = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let location = SourceLocation(path: path, line: max(error.source.begin.line, 1),
                                          column: max(error.source.begin.column, 1))
            return (nil, [Diagnostic(location, "TOML syntax: \(error.description)")])
        } catch {
            return (nil, [Diagnostic(SourceLocation(path: path, line: 1), "TOML syntax: \(error)")])
        }
        let root = TOMLConversion.table(document)
        let checker = ConfigChecker(map: map, notifierKinds: notifierKinds)
        var configuration = read(root, path: path, checker)
        configuration.warnings = sorted(checker.diagnostics.filter { $0.severity == .warning })
        return (configuration, sorted(checker.diagnostics))
    }

    static func read(_ root: [String: ConfigValue], path: String, _ checker: ConfigChecker) -> LegdayConfiguration {
        checker.checkKeys(root, at: ConfigKeyPath(), allowed: sections)
        let directory = absoluteDirectory(of: path)
        let schedule = ScheduleSection.read(root, directory: directory, checker)
        var configuration = LegdayConfiguration(
            path: path,
            athlete: AthleteSection.read(root, checker),
            races: RacesSection.read(root, checker),
            reminders: RemindersSection.read(root, checker),
            rules: RulesSection.read(root, checker),
            notifiers: NotifiersSection.read(root, directory: directory, checker),
            keywords: schedule.keywords,
            feedRefreshSeconds: schedule.refreshSeconds,
            pluginFolders: PluginsSection.read(root, directory: directory, checker))
        configuration.notifierKinds = checker.notifierKinds
        let zone = root["athlete"]?.table?["timezone"]
        configuration.timezoneFollowsSystem = zone == nil || zone == .string("system")
        configuration.schedule = schedule.sources
        configuration.scheduleUnits = schedule.units
        configuration.csvLayout = schedule.csv
        return configuration
    }

    /// The config file's folder as an absolute path: relative paths in the file start there.
    static func absoluteDirectory(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        let absolute = folder.hasPrefix("/") ? folder
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(folder)
        return (absolute as NSString).standardizingPath
    }

    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let (la, lb) = (a.element.location, b.element.location)
            if la.line != lb.line { return la.line < lb.line }
            if la.column != lb.column { return la.column < lb.column }
            return a.offset < b.offset
        }.map(\.element)
    }
}

/// `[plugins]`: extra folders searched for notifier plugins.
enum PluginsSection {
    static func read(_ root: [String: ConfigValue], directory: String, _ checker: ConfigChecker) -> [String] {
        let path = ConfigKeyPath("plugins")
        guard let table = checker.table(root, "plugins", at: ConfigKeyPath()) else { return [] }
        checker.checkKeys(table, at: path, allowed: ["folders"])
        return checker.list(table, "folders", at: path) { text, _ in
            ScheduleSection.absolute(text, relativeTo: directory)
        } ?? []
    }
}

/// TOMLKit's values as legday's `ConfigValue`s.
enum TOMLConversion {
    static func table(_ table: TOMLTable) -> [String: ConfigValue] {
        var result: [String: ConfigValue] = [:]
        for key in table.keys {
            // A key holding "\u0000" comes back cut short and cannot be looked up again; it is skipped.
            guard let value = table[key] else { continue }
            result[key] = convert(value)
        }
        return result
    }

    static func convert(_ value: any TOMLValueConvertible) -> ConfigValue {
        switch value.type {
        case .table: return .table(value.table.map(table) ?? [:])
        case .array: return .array(value.array.map { array in array.map(convert) } ?? [])
        case .string: return .string(value.string ?? "")
        case .int: return .integer(value.int ?? 0)
        case .double: return .double(value.double ?? 0)
        case .bool: return .bool(value.bool ?? false)
        case .date:
            guard let date = value.date else { return .string("") }
            if let local = LocalDate(year: date.year, month: date.month, day: date.day) { return .date(local) }
            return .string(String(format: "%04d-%02d-%02d", date.year, date.month, date.day))
        case .time:
            guard let time = value.time else { return .string("") }
            if let local = TimeOfDay(hour: time.hour, minute: time.minute) { return .time(local) }
            return .string(String(format: "%02d:%02d", time.hour, time.minute))
        case .dateTime:
            guard let dateTime = value.dateTime else { return .dateTime("") }
            var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", dateTime.date.year, dateTime.date.month,
                              dateTime.date.day, dateTime.time.hour, dateTime.time.minute, dateTime.time.second)
            if let offset = dateTime.offset?.offset {
                if offset == 0 {
                    text += "Z"
                } else {
                    let minutes = abs(offset)
                    text += String(format: "%@%02d:%02d", offset < 0 ? "-" : "+", minutes / 60, minutes % 60)
                }
            }
            return .dateTime(text)
        }
    }
}
