import Foundation
import LegdayCore

/// `[rules]`: every field of `RuleSettings`, under its snake_case name (`baseSessionsPerWeek` is
/// `base_sessions_per_week`).
///
/// The keys are not listed here: they are read off `RuleSettings` itself (its fields by reflection, its
/// values through its `Codable` conformance), so a rule the planner gains is configurable at once and
/// the two can never disagree.
enum RulesSection {
    static func read(_ root: [String: ConfigValue], _ checker: ConfigChecker) -> RuleSettings {
        let path = ConfigKeyPath("rules")
        let defaults = RuleSettings()
        guard let table = checker.table(root, "rules", at: ConfigKeyPath()) else { return defaults }

        var overrides: [String: Any] = [:]
        var fieldForKey: [String: String] = [:]
        readStruct(table, template: defaults, at: path, into: &overrides, fieldForKey: &fieldForKey, checker)
        guard !overrides.isEmpty else { return defaults }

        do {
            let encoded = try JSONEncoder().encode(defaults)
            guard var json = try JSONSerialization.jsonObject(with: encoded) as? [String: Any] else { return defaults }
            merge(overrides, into: &json)
            let data = try JSONSerialization.data(withJSONObject: json)
            return try JSONDecoder().decode(RuleSettings.self, from: data)
        } catch let error as DecodingError {
            report(error, at: path, fieldForKey: fieldForKey, checker)
        } catch {
            checker.error(at: path, "cannot apply these rules: \(error)")
        }
        return defaults
    }

    /// Every key the `[rules]` table accepts, in declaration order (for docs and messages).
    static var keys: [String] {
        Mirror(reflecting: RuleSettings()).children.compactMap { $0.label.map(snakeCase) }
    }

    /// Checks `table` against the fields of `template` and collects the values to apply, keyed by field name.
    private static func readStruct(_ table: [String: ConfigValue], template: Any, at path: ConfigKeyPath,
                                   into overrides: inout [String: Any], fieldForKey: inout [String: String],
                                   _ checker: ConfigChecker) {
        var fields: [String: (label: String, value: Any)] = [:]
        var order: [String] = []
        for child in Mirror(reflecting: template).children {
            guard let label = child.label else { continue }
            let key = snakeCase(label)
            fields[key] = (label, child.value)
            order.append(key)
            fieldForKey[label] = key
        }
        checker.checkKeys(table, at: path, allowed: order)
        for (key, value) in table {
            guard let field = fields[key] else { continue }
            if let converted = convert(value, like: field.value, at: path.appending(key), fieldForKey: &fieldForKey, checker) {
                overrides[field.label] = converted
            }
        }
    }

    /// The JSON form of `value`, checked against the type of the field's default `template`.
    private static func convert(_ value: ConfigValue, like template: Any, at path: ConfigKeyPath,
                                fieldForKey: inout [String: String], _ checker: ConfigChecker) -> Any? {
        let mirror = Mirror(reflecting: template)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return plain(value) }
            return convert(value, like: wrapped, at: path, fieldForKey: &fieldForKey, checker)
        }
        switch template {
        case is Bool:
            guard let bool = value.bool else { checker.expected("a boolean", found: value, at: path); return nil }
            return bool
        case is Int:
            guard let int = value.integer else { checker.expected("an integer", found: value, at: path); return nil }
            return int
        case is Double:
            guard let double = value.double, double.isFinite else { checker.expected("a number", found: value, at: path); return nil }
            return double
        case is String:
            guard let string = value.string else { checker.expected("a string", found: value, at: path); return nil }
            return string
        default:
            break
        }
        if let raw = template as? any RawRepresentable, raw.rawValue is String {
            guard let string = value.string else { checker.expected("a string", found: value, at: path); return nil }
            if let type = type(of: template) as? any CaseIterable.Type {
                let names = caseNames(type)
                if !names.isEmpty && !names.contains(string) {
                    checker.error(at: path, "\"\(string)\" is not one of \(names.map { "\"\($0)\"" }.joined(separator: ", "))")
                    return nil
                }
            }
            return string
        }
        if mirror.displayStyle == .struct, !mirror.children.isEmpty {
            guard let table = value.table else { checker.expected("a table", found: value, at: path); return nil }
            var nested: [String: Any] = [:]
            readStruct(table, template: template, at: path, into: &nested, fieldForKey: &fieldForKey, checker)
            return nested
        }
        if mirror.displayStyle == .collection || mirror.displayStyle == .set {
            guard let array = value.array else { checker.expected("an array", found: value, at: path); return nil }
            let sample = mirror.children.first?.value
            var result: [Any] = []
            for (index, element) in array.enumerated() {
                if let sample {
                    guard let item = convert(element, like: sample, at: path.appending(index: index),
                                             fieldForKey: &fieldForKey, checker) else { return nil }
                    result.append(item)
                } else {
                    result.append(plain(element))
                }
            }
            return result
        }
        return plain(value)
    }

    private static func caseNames<T: CaseIterable>(_ type: T.Type) -> [String] {
        T.allCases.compactMap { ($0 as? any RawRepresentable)?.rawValue as? String }
    }

    /// A config value as JSON, for fields whose type reflection cannot tell.
    private static func plain(_ value: ConfigValue) -> Any {
        switch value {
        case .string(let s): s
        case .integer(let i): i
        case .double(let d): d.isFinite ? d : 0
        case .bool(let b): b
        case .array(let a): a.map(plain)
        case .table(let t): t.mapValues(plain)
        case .date(let d): d.iso
        case .time(let t): t.description
        case .dateTime(let text): text
        }
    }

    private static func merge(_ overrides: [String: Any], into json: inout [String: Any]) {
        for (key, value) in overrides {
            if let nested = value as? [String: Any], var existing = json[key] as? [String: Any] {
                merge(nested, into: &existing)
                json[key] = existing
            } else {
                json[key] = value
            }
        }
    }

    private static func report(_ error: DecodingError, at path: ConfigKeyPath, fieldForKey: [String: String],
                               _ checker: ConfigChecker) {
        let context: DecodingError.Context
        switch error {
        case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c): context = c
        @unknown default:
            checker.error(at: path, "these rules cannot be used")
            return
        }
        var at = path
        for key in context.codingPath {
            if let index = key.intValue { at = at.appending(index: index) } else { at = at.appending(fieldForKey[key.stringValue] ?? key.stringValue) }
        }
        checker.error(at: at, context.debugDescription)
    }

    /// `baseSessionsPerWeek` → `base_sessions_per_week`; `percent1RM` → `percent1_rm`.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        let characters = Array(name)
        for (index, ch) in characters.enumerated() {
            if ch.isUppercase {
                let previous = index > 0 ? characters[index - 1] : nil
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                let startsWord = previous.map { !$0.isUppercase } ?? false
                let endsAcronym = (previous?.isUppercase ?? false) && (next?.isLowercase ?? false)
                if index > 0 && (startsWord || endsAcronym) { result.append("_") }
                result.append(Character(ch.lowercased()))
            } else {
                result.append(ch)
            }
        }
        return result
    }
}
