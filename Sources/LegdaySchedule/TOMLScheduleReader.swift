import Foundation
import LegdayCore
import TOMLKit

/// Reads legday's own schedule format (docs/schedules.md):
///
/// ```toml
/// [[runs]]
/// date = 2026-11-24
/// type = "intervals"
/// distance_km = 10
/// title = "6 x 800 m"
///
/// [weekly]
/// from = 2026-11-16
/// until = 2027-04-25
/// tue = "intervals 10 km"
/// sat = "long 24 km"
///
/// [[strength]]
/// date = 2026-11-26
/// title = "Gym A (lower body)"
///
/// [[notes]]
/// first = 2026-11-16
/// last = 2026-11-22
/// text = "Week 1: base"
/// ```
///
/// A dated run replaces what the weekly template says for that day.
struct TOMLScheduleReader {
    let path: String
    let horizonDays: Int
    private(set) var diagnostics: [Diagnostic] = []
    private var locator = TOMLLocator(text: "", path: "")

    init(path: String, horizonDays: Int) {
        self.path = path
        self.horizonDays = horizonDays
    }

    mutating func read(_ text: String, into builder: inout ScheduleBuilder) {
        locator = TOMLLocator(text: text, path: path)
        if let problem = TOMLHeaderCheck.firstProblem(in: text, path: path) {
            diagnostics.append(problem)
            return
        }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            diagnostics.append(Diagnostic(SourceLocation(path: path, line: error.source.begin.line,
                                                         column: error.source.begin.column), error.description))
            return
        } catch {
            diagnostics.append(Diagnostic(SourceLocation(path: path, line: 1), "cannot read TOML: \(error)"))
            return
        }
        var dated: Set<LocalDate> = []
        var templateEntries: [ScheduleEntry] = []
        for key in root.keys.sorted(by: { locator.line(table: $0) < locator.line(table: $1) }) {
            guard let value = root[key] else { continue }
            switch key {
            case "runs":
                for (index, table) in tables(value, key: key).enumerated() {
                    if let entry = readRun(table, index: index) {
                        dated.insert(entry.date)
                        builder.add(entry)
                    }
                }
            case "strength":
                for (index, table) in tables(value, key: key).enumerated() {
                    readStrength(table, index: index, into: &builder)
                }
            case "notes":
                for (index, table) in tables(value, key: key).enumerated() {
                    if let note = readNote(table, index: index) {
                        builder.add(note, source: locator.location(table: "notes", index: index, key: nil))
                    }
                }
            case "weekly":
                for (index, table) in tables(value, key: key).enumerated() {
                    templateEntries += readWeekly(table, index: index, arrayed: value.array != nil)
                }
            default:
                error(at: locator.location(table: nil, index: nil, key: key),
                      "unknown key '\(key)' (a schedule has [[runs]], [weekly], [[strength]] and [[notes]])")
            }
        }
        for entry in templateEntries where !dated.contains(entry.date) {
            builder.add(entry)
        }
    }

    /// `[[runs]]` gives an array of tables, `[weekly]` a table; both are read as a list.
    private mutating func tables(_ value: any TOMLValueConvertible, key: String) -> [TOMLTable?] {
        if let table = value.table { return [table] }
        if let array = value.array { return array.map { $0.table } }
        error(at: locator.location(table: nil, index: nil, key: key), "'\(key)' must be a table ([\(key)] or [[\(key)]])")
        return []
    }

    private mutating func readRun(_ table: TOMLTable?, index: Int) -> ScheduleEntry? {
        guard let table else { return nil }
        let locator = self.locator
        let at = { (key: String?) in locator.location(table: "runs", index: index, key: key) }
        checkKeys(table, allowed: ["date", "type", "distance_km", "title", "description"], table: "runs", index: index)
        guard let date = readDate(table, key: "date", at: at("date")) else { return nil }
        var entry = ScheduleEntry(date: date, title: table["title"]?.string ?? "", source: at(nil))
        entry.description = table["description"]?.string ?? ""
        if let value = table["type"] {
            switch ScheduleTypeName.read(value.string ?? "\u{0}") {
            case .run(let type): entry.type = type
            case .strength: entry.isStrength = true
            case .unstated: break
            case .unknown:
                error(at: at("type"), "type must be \(ScheduleTypeName.allowed); run skipped")
                return nil
            }
        }
        if let value = table["distance_km"] {
            guard let km = value.double ?? value.int.map(Double.init), km >= 0, km < 1000 else {
                error(at: at("distance_km"), "distance_km must be a number of kilometres; run skipped")
                return nil
            }
            entry.distanceKm = km
        }
        if entry.type == nil && entry.title.isEmpty {
            error(at: at(nil), "a run needs a type or a title; run skipped")
            return nil
        }
        if entry.title.isEmpty, let type = entry.type { entry.title = type.rawValue }
        return entry
    }

    private mutating func readStrength(_ table: TOMLTable?, index: Int, into builder: inout ScheduleBuilder) {
        guard let table else { return }
        checkKeys(table, allowed: ["date", "title"], table: "strength", index: index)
        let at = locator.location(table: "strength", index: index, key: "date")
        guard let date = readDate(table, key: "date", at: at) else { return }
        var entry = ScheduleEntry(date: date, title: table["title"]?.string ?? "strength",
                                  source: locator.location(table: "strength", index: index, key: nil))
        entry.isStrength = true
        builder.add(entry)
    }

    private mutating func readNote(_ table: TOMLTable?, index: Int) -> Annotation? {
        guard let table else { return nil }
        checkKeys(table, allowed: ["first", "last", "text"], table: "notes", index: index)
        let locator = self.locator
        let at = { (key: String) in locator.location(table: "notes", index: index, key: key) }
        guard let first = readDate(table, key: "first", at: at("first")) else { return nil }
        let last = table["last"] == nil ? first : readDate(table, key: "last", at: at("last"))
        guard let last else { return nil }
        return Annotation(first: first, last: max(first, last), text: table["text"]?.string ?? "")
    }

    /// A weekly template: each weekday key names the session(s) for that day from `from` to `until`.
    private mutating func readWeekly(_ table: TOMLTable?, index: Int, arrayed: Bool) -> [ScheduleEntry] {
        guard let table else { return [] }
        let slot: Int? = arrayed ? index : nil
        let locator = self.locator
        let at = { (key: String?) in locator.location(table: "weekly", index: slot, key: key) }
        let days = Weekday.allCases.map(\.rawValue)
        checkKeys(table, allowed: Set(days + ["from", "until"]), table: "weekly", index: slot)
        guard let from = readDate(table, key: "from", at: at("from")) else { return [] }
        let horizon = from.adding(days: horizonDays)
        var until = horizon
        if table["until"] != nil {
            guard let given = readDate(table, key: "until", at: at("until")) else { return [] }
            // Like an RRULE, a template is expanded no further than the horizon: `until = 9999-12-31` with a
            // list of sessions on each day would otherwise be millions of entries from a few lines.
            if given > horizon {
                diagnostics.append(Diagnostic(at("until"),
                    "until is more than \(horizonDays) days after from; the template is read up to \(horizon)",
                    severity: .warning))
            }
            until = min(given, horizon)
        }
        var sessions: [Weekday: [String]] = [:]
        for day in Weekday.allCases {
            guard let value = table[day.rawValue] else { continue }
            if let text = value.string {
                sessions[day] = [text]
            } else if let array = value.array, array.allSatisfy({ $0.string != nil }) {
                sessions[day] = array.compactMap(\.string)
            } else {
                error(at: at(day.rawValue), "\(day.rawValue) must be a string such as \"intervals 10 km\" or a list of them")
            }
        }
        var entries: [ScheduleEntry] = []
        for date in DateRange(first: from, last: until) {
            for text in sessions[date.weekday] ?? [] {
                entries.append(ScheduleEntry(date: date, title: text, source: at(date.weekday.rawValue)))
            }
        }
        return entries
    }

    private mutating func readDate(_ table: TOMLTable, key: String, at location: SourceLocation) -> LocalDate? {
        guard let value = table[key] else {
            error(at: location, "'\(key)' is missing (a date such as 2026-11-24)")
            return nil
        }
        if let d = value.date, let date = LocalDate(year: d.year, month: d.month, day: d.day) { return date }
        if let text = value.string, let date = LocalDate(iso: text) { return date }
        error(at: location, "'\(key)' must be a date such as 2026-11-24")
        return nil
    }

    private mutating func checkKeys(_ table: TOMLTable, allowed: Set<String>, table name: String, index: Int?) {
        for key in table.keys where !allowed.contains(key) {
            error(at: locator.location(table: name, index: index, key: key),
                  "unknown key '\(key)' in [\(name)] (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    private mutating func error(at location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(location, message))
    }
}

/// Finds where a key was written in TOML source, which TOMLKit does not tell.
///
/// Scans lines for `[table]` / `[[table]]` headers and `key =` assignments; good enough for the flat files a
/// schedule is. What it cannot place is reported at the table's header line (or line 1).
struct TOMLLocator {
    private struct Slot: Hashable {
        var table: String?
        var index: Int?
        var key: String?
    }

    private var positions: [Slot: (line: Int, column: Int)] = [:]
    let path: String

    init(text: String, path: String) {
        self.path = path
        var table: String?
        var index: Int?
        var counts: [String: Int] = [:]
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            let indent = raw.prefix { $0 == " " || $0 == "\t" }.count
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("[[") , let close = trimmed.range(of: "]]") {
                let name = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 2)..<close.lowerBound]
                    .trimmingCharacters(in: .whitespaces)
                table = name
                index = counts[name, default: 0]
                counts[name] = (index ?? 0) + 1
                positions[Slot(table: table, index: index, key: nil)] = (line, indent + 1)
            } else if trimmed.hasPrefix("["), let close = trimmed.firstIndex(of: "]") {
                let name = trimmed[trimmed.index(after: trimmed.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                table = name
                index = nil
                positions[Slot(table: table, index: nil, key: nil)] = (line, indent + 1)
            } else if let equals = trimmed.firstIndex(of: "="), !trimmed.hasPrefix("#") {
                let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
                    .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                let slot = Slot(table: table, index: index, key: key)
                if positions[slot] == nil { positions[slot] = (line, indent + 1) }
            }
        }
    }

    func location(table: String?, index: Int?, key: String?) -> SourceLocation {
        let found = positions[Slot(table: table, index: index, key: key)]
            ?? positions[Slot(table: table, index: index, key: nil)]
            ?? (key.flatMap { positions[Slot(table: nil, index: nil, key: $0)] })
            ?? (key.flatMap { positions[Slot(table: $0, index: nil, key: nil)] ?? positions[Slot(table: $0, index: 0, key: nil)] })
            ?? (1, 1)
        return SourceLocation(path: path, line: found.line, column: found.column)
    }

    /// Where the table `name` (or top-level key `name`) first appears; orders reading as written.
    func line(table name: String) -> Int {
        positions[Slot(table: name, index: nil, key: nil)]?.line
            ?? positions[Slot(table: name, index: 0, key: nil)]?.line
            ?? positions[Slot(table: nil, index: nil, key: name)]?.line
            ?? Int.max
    }
}
