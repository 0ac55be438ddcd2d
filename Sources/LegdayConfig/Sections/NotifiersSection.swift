import LegdayCore

/// `[notifiers.NAME]`: each notifier's type, its fallback, and its options kept for the notifier to read.
enum NotifiersSection {
    static func read(_ root: [String: ConfigValue], directory: String, _ checker: ConfigChecker) -> [NotifierConfiguration] {
        let path = ConfigKeyPath("notifiers")
        guard let table = checker.table(root, "notifiers", at: ConfigKeyPath()) else { return [] }
        var notifiers: [NotifierConfiguration] = []
        var fallbackPaths: [String: ConfigKeyPath] = [:]
        for name in table.keys.sorted(by: { checker.map.firstIndex(of: path.appending($0)) < checker.map.firstIndex(of: path.appending($1)) }) {
            let at = path.appending(name)
            guard let value = table[name], let options = value.table else {
                if let value = table[name] {
                    checker.expected("a table ([notifiers.\(name)] with a type)", found: value, at: at)
                }
                continue
            }
            guard let notifier = readOne(name: name, options, at: at, directory: directory, checker) else { continue }
            if notifier.fallback != nil { fallbackPaths[name] = at.appending("fallback") }
            notifiers.append(notifier)
        }
        checkFallbacks(notifiers, names: Set(table.keys), paths: fallbackPaths, checker)
        return notifiers
    }

    static func readOne(name: String, _ table: [String: ConfigValue], at path: ConfigKeyPath, directory: String,
                        _ checker: ConfigChecker) -> NotifierConfiguration? {
        let types = checker.notifierKinds.map(\.type)
        guard let typeValue = table["type"] else {
            checker.keyError(at: path, "[\(path)] needs a type: one of \(types.joined(separator: ", "))")
            return nil
        }
        guard let type = typeValue.string else {
            checker.expected("a string", found: typeValue, at: path.appending("type"))
            return nil
        }
        guard let kind = checker.notifierKinds.first(where: { $0.type == type }) else {
            var message = "unknown notifier type \"\(type)\"; use one of \(types.joined(separator: ", "))"
            if let suggestion = ConfigChecker.nearest(to: type, in: types) { message += " (did you mean \"\(suggestion)\"?)" }
            checker.error(at: path.appending("type"), message)
            return nil
        }
        checker.checkKeys(table, at: path, allowed: NotifierKind.commonKeys + kind.keys)

        var fallback: String?
        if let name = checker.string(table, "fallback", at: path) { fallback = name }
        var timeout: Double?
        if let value = table["timeout"] {
            switch ConfigDuration.seconds(value, in: 0...kind.maximumTimeoutSeconds) {
            case .success(let seconds): timeout = seconds
            case .failure(let problem): checker.error(at: path.appending("timeout"), problem.message)
            }
        }

        var options = table
        options["type"] = nil
        options["fallback"] = nil
        options["timeout"] = nil
        var locations: [ConfigKeyPath: SourceLocation] = [:]
        for keyPath in checker.map.order {
            if let relative = keyPath.relative(to: path), !relative.isEmpty {
                locations[relative] = checker.map.valueLocation(keyPath)
            }
        }
        var notifier = NotifierConfiguration(name: name, type: type, options: options,
                                             location: checker.map.keyLocation(path), fallback: fallback,
                                             configDirectory: directory, optionLocations: locations)
        notifier.timeoutSeconds = timeout
        return notifier
    }

    /// A fallback must name another notifier, and following fallbacks must not come back around.
    static func checkFallbacks(_ notifiers: [NotifierConfiguration], names: Set<String>,
                               paths: [String: ConfigKeyPath], _ checker: ConfigChecker) {
        let byName = Dictionary(notifiers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for notifier in notifiers {
            guard let fallback = notifier.fallback, let at = paths[notifier.name] else { continue }
            if fallback == notifier.name {
                checker.error(at: at, "a notifier cannot fall back to itself")
            } else if !names.contains(fallback) {
                let known = notifiers.map(\.name).filter { $0 != notifier.name }
                var message = "no notifier named \"\(fallback)\""
                if let suggestion = ConfigChecker.nearest(to: fallback, in: known) {
                    message += "; did you mean \"\(suggestion)\"?"
                } else if !known.isEmpty {
                    message += "; configured: \(known.joined(separator: ", "))"
                }
                checker.error(at: at, message)
            } else {
                // Walk the chain; coming back to this notifier means deliveries would go round forever.
                var seen: Set<String> = [notifier.name]
                var next = byName[fallback]
                while let current = next {
                    if seen.contains(current.name) {
                        if current.name == notifier.name {
                            checker.error(at: at, "fallbacks go round in a circle: \(notifier.name) → \(fallback) → … → \(notifier.name)")
                        }
                        break
                    }
                    seen.insert(current.name)
                    next = current.fallback.flatMap { byName[$0] }
                }
            }
        }
    }
}
