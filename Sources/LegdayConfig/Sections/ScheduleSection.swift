import Foundation
import LegdayCore
import LegdaySchedule

/// `[schedule]`: the schedule files and feeds, how often feeds refresh, keyword overrides, the unit of
/// bare distances and the columns of CSV files.
enum ScheduleSection {
    static let keys = ["files", "refresh", "keywords", "units", "csv"]

    struct Result {
        var sources: [ScheduleSource] = []
        var keywords: [String: KeywordMeaning] = [:]
        var refreshSeconds = LegdayConfiguration.defaultFeedRefreshSeconds
        var units: DistanceUnit?
        var csv = CSVLayout()
    }

    static func read(_ root: [String: ConfigValue], directory: String, _ checker: ConfigChecker) -> Result {
        let path = ConfigKeyPath("schedule")
        var result = Result()
        guard let table = checker.table(root, "schedule", at: ConfigKeyPath()) else { return result }
        checker.checkKeys(table, at: path, allowed: keys)

        if let sources = checker.list(table, "files", at: path, { text, at in
            source(text, at: at, directory: directory, checker)
        }) {
            result.sources = sources
        }
        if let value = table["refresh"] {
            let at = path.appending("refresh")
            if let seconds = ConfigDuration.seconds(value) {
                if seconds < 60 {
                    checker.error(at: at, "feeds are refreshed at most once a minute; use \"1m\" or more")
                } else {
                    result.refreshSeconds = Int(min(seconds, Double(Int32.max)))
                }
            } else {
                checker.error(at: at, ConfigDuration.expectation)
            }
        }
        if let keywords = checker.table(table, "keywords", at: path) {
            result.keywords = readKeywords(keywords, at: path.appending("keywords"), checker)
        }
        result.units = checker.choice(table, "units", at: path, as: DistanceUnit.self)
        if let csv = checker.table(table, "csv", at: path) {
            result.csv = readCSVLayout(csv, at: path.appending("csv"), checker)
        }
        return result
    }

    /// `[schedule.csv]`: `date = "Datum"`, `title = "Einheit"`, … (header names) and `date_order = "dmy"`.
    static func readCSVLayout(_ table: [String: ConfigValue], at path: ConfigKeyPath,
                              _ checker: ConfigChecker) -> CSVLayout {
        checker.checkKeys(table, at: path, allowed: CSVLayout.roles + ["date_order"])
        var layout = CSVLayout()
        for role in CSVLayout.roles {
            guard let header = checker.string(table, role, at: path) else { continue }
            if header.trimmingCharacters(in: .whitespaces).isEmpty {
                checker.error(at: path.appending(role), "an empty column name matches no column")
            } else {
                layout.columns[role] = header
            }
        }
        layout.dateOrder = checker.choice(table, "date_order", at: path, as: CSVLayout.DateOrder.self)
        return layout
    }

    /// A local file (relative to the config file's folder; it must exist) or a feed URL.
    static func source(_ text: String, at path: ConfigKeyPath, directory: String, _ checker: ConfigChecker) -> ScheduleSource? {
        let location = checker.map.valueLocation(path)
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            checker.error(at: path, "empty schedule path")
            return nil
        }
        if trimmed.contains("://") {
            guard ScheduleSource.isFeedURL(trimmed), let url = URL(string: trimmed), let host = url.host, !host.isEmpty else {
                checker.error(at: path, "\"\(trimmed)\" is not a usable feed URL; use https://… or webcal://…")
                return nil
            }
            if trimmed.lowercased().hasPrefix("http://") && !LoopbackHost.contains(host) {
                checker.error(at: path, "feeds are fetched over https; plain http:// is accepted for loopback hosts only")
                return nil
            }
            return ScheduleSource(resolved: trimmed, written: text, location: location)
        }
        let resolved = absolute(trimmed, relativeTo: directory)
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) {
            checker.error(at: path, "schedule file not found: \(resolved)")
            return nil
        }
        if isDirectory.boolValue {
            checker.error(at: path, "\(resolved) is a folder; name a .toml, .ics or .csv file")
            return nil
        }
        if ScheduleFormat(path: resolved) == nil {
            checker.error(at: path, "unknown schedule format: name a .toml, .ics or .csv file")
            return nil
        }
        return ScheduleSource(resolved: resolved, written: text, location: location)
    }

    /// `~/x` is under the home folder, `/x` is absolute, anything else starts at `directory`.
    static func absolute(_ path: String, relativeTo directory: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let joined = expanded.hasPrefix("/") ? expanded : (directory as NSString).appendingPathComponent(expanded)
        return (joined as NSString).standardizingPath
    }

    /// `[schedule.keywords]`: `"parkrun" = "race"`, `"spin" = "cross"`, `"pump" = "strength"`.
    static func readKeywords(_ table: [String: ConfigValue], at path: ConfigKeyPath,
                             _ checker: ConfigChecker) -> [String: KeywordMeaning] {
        var result: [String: KeywordMeaning] = [:]
        for (keyword, value) in table {
            let at = path.appending(keyword)
            guard let text = value.string else {
                checker.expected("a run type as a string", found: value, at: at)
                continue
            }
            let normalized = keyword.trimmingCharacters(in: .whitespaces).lowercased()
            guard !normalized.isEmpty else {
                checker.keyError(at: at, "\(at): an empty keyword matches nothing")
                continue
            }
            guard let meaning = KeywordMeaning(text) else {
                checker.error(at: at, "unknown run type \"\(text)\"; use one of \(KeywordMeaning.allNames.joined(separator: ", "))")
                continue
            }
            result[normalized] = meaning
        }
        return result
    }
}
