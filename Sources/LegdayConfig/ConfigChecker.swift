import LegdayCore

/// Reads values out of the parsed document and collects a diagnostic for everything wrong with them, so
/// that one run of `legday check` reports every problem in the file, each at its own line and column.
final class ConfigChecker {
    let map: TOMLSourceMap
    private(set) var diagnostics: [Diagnostic] = []

    /// The notifier types `[notifiers.NAME]` tables may name.
    let notifierKinds: [NotifierKind]

    init(map: TOMLSourceMap, notifierKinds: [NotifierKind]) {
        self.map = map
        self.notifierKinds = notifierKinds
    }

    /// A problem with a value: pointed at the value.
    func error(at path: ConfigKeyPath, _ message: String) {
        diagnostics.append(Diagnostic(map.valueLocation(path), "\(path): \(message)"))
    }

    /// A problem with a key itself (unknown, misplaced): pointed at the key.
    func keyError(at path: ConfigKeyPath, _ message: String) {
        diagnostics.append(Diagnostic(map.keyLocation(path), message))
    }

    func warning(at path: ConfigKeyPath, _ message: String) {
        diagnostics.append(Diagnostic(map.valueLocation(path), "\(path): \(message)", severity: .warning))
    }

    func add(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    // MARK: Keys

    /// Reports every key of `table` that is not in `allowed`, suggesting the nearest known one.
    func checkKeys(_ table: [String: ConfigValue], at path: ConfigKeyPath, allowed: [String]) {
        for key in table.keys.sorted() where !allowed.contains(key) {
            let place = path.isEmpty ? "at the top level" : "in [\(path)]"
            var message = "unknown key \"\(key)\" \(place)"
            if let suggestion = Self.nearest(to: key, in: allowed) {
                message += "; did you mean \"\(suggestion)\"?"
            } else if !allowed.isEmpty {
                message += " (known keys: \(allowed.joined(separator: ", ")))"
            }
            keyError(at: path.appending(key), message)
        }
    }

    /// The allowed key within two edits of `key`, if there is one.
    static func nearest(to key: String, in allowed: [String]) -> String? {
        let scored = allowed.map { ($0, editDistance(key.lowercased(), $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2, best.1 < key.count else { return nil }
        return best.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int { EditDistance.between(a, b) }

    // MARK: Typed values

    /// A sub-table, or nil (with a diagnostic when the key holds something else).
    func table(_ parent: [String: ConfigValue], _ key: String, at path: ConfigKeyPath) -> [String: ConfigValue]? {
        typed(parent, key, at: path, "a table", \.table)
    }

    func string(_ table: [String: ConfigValue], _ key: String, at path: ConfigKeyPath) -> String? {
        typed(table, key, at: path, "a string", \.string)
    }

    func integer(_ table: [String: ConfigValue], _ key: String, at path: ConfigKeyPath) -> Int? {
        typed(table, key, at: path, "an integer", \.integer)
    }

    /// The value at `key` as `T`, or nil: silently when the key is absent, with an "expected …" diagnostic
    /// when it holds something else.
    private func typed<T>(_ table: [String: ConfigValue], _ key: String, at path: ConfigKeyPath, _ what: String,
                          _ extract: (ConfigValue) -> T?) -> T? {
        guard let value = table[key] else { return nil }
        guard let typed = extract(value) else {
            expected(what, found: value, at: path.appending(key))
            return nil
        }
        return typed
    }

    /// A string that must be one of `cases`' raw values.
    func choice<E: RawRepresentable & CaseIterable>(_ table: [String: ConfigValue], _ key: String,
                                                    at path: ConfigKeyPath, as _: E.Type) -> E? where E.RawValue == String {
        guard let text = string(table, key, at: path) else { return nil }
        if let value = E(rawValue: text) ?? E(rawValue: text.lowercased()) { return value }
        error(at: path.appending(key), "\"\(text)\" is not one of \(E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
        return nil
    }

    /// An array of strings (a single string is taken as an array of one), each checked by `convert`.
    func list<T>(_ table: [String: ConfigValue], _ key: String, at path: ConfigKeyPath,
                 _ convert: (String, ConfigKeyPath) -> T?) -> [T]? {
        guard let value = table[key] else { return nil }
        let keyPath = path.appending(key)
        if let single = value.string { return convert(single, keyPath).map { [$0] } ?? [] }
        guard let array = value.array else {
            expected("an array of strings", found: value, at: keyPath)
            return nil
        }
        var result: [T] = []
        for (index, element) in array.enumerated() {
            let elementPath = keyPath.appending(index: index)
            guard let text = element.string else {
                expected("a string", found: element, at: elementPath)
                continue
            }
            if let converted = convert(text, elementPath) { result.append(converted) }
        }
        return result
    }

    func expected(_ kind: String, found value: ConfigValue, at path: ConfigKeyPath) {
        error(at: path, "expected \(kind), found \(value.kindName)")
    }
}
