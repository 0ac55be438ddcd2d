/// Where a value sits inside config.toml, written the way a user would: `notifiers.mail.port`, `races[1].date`.
public struct ConfigKeyPath: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public enum Component: Hashable, Sendable {
        case key(String)
        /// An element of an array, or the n-th `[[table]]` of an array of tables (from 0).
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }

    /// Parses `a.b[2]."quoted.key"`. Quotes are needed only for keys that hold dots, brackets or spaces.
    public init(_ text: String) {
        var components: [Component] = []
        var current = ""
        var quoted = false
        var inBrackets = false
        var hadKey = false
        func flush() {
            if hadKey || !current.isEmpty { components.append(.key(current)) }
            current = ""
            hadKey = false
        }
        for ch in text {
            if quoted {
                if ch == "\"" { quoted = false } else { current.append(ch) }
            } else if inBrackets {
                if ch == "]" {
                    inBrackets = false
                    components.append(.index(Int(current) ?? 0))
                    current = ""
                } else {
                    current.append(ch)
                }
            } else {
                switch ch {
                case "\"": quoted = true; hadKey = true
                case ".": flush()
                case "[": flush(); inBrackets = true
                default: current.append(ch)
                }
            }
        }
        if !inBrackets { flush() }
        self.components = components
    }

    public init(stringLiteral value: String) { self.init(value) }

    public var isEmpty: Bool { components.isEmpty }

    public var parent: ConfigKeyPath? {
        components.isEmpty ? nil : ConfigKeyPath(Array(components.dropLast()))
    }

    /// The last key name, or nil when the path ends in an index.
    public var lastKey: String? {
        if case .key(let key)? = components.last { key } else { nil }
    }

    public func appending(_ key: String) -> ConfigKeyPath { ConfigKeyPath(components + [.key(key)]) }
    public func appending(index: Int) -> ConfigKeyPath { ConfigKeyPath(components + [.index(index)]) }
    public func appending(_ other: ConfigKeyPath) -> ConfigKeyPath { ConfigKeyPath(components + other.components) }

    public func hasPrefix(_ prefix: ConfigKeyPath) -> Bool {
        components.count >= prefix.components.count && Array(components.prefix(prefix.components.count)) == prefix.components
    }

    /// This path with `prefix` taken off the front, or nil when it does not start with it.
    public func relative(to prefix: ConfigKeyPath) -> ConfigKeyPath? {
        hasPrefix(prefix) ? ConfigKeyPath(Array(components.dropFirst(prefix.components.count))) : nil
    }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += ConfigKeyPath.isBare(key) ? key : "\"" + key + "\""
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }

    /// A TOML bare key: ASCII letters, digits, `_` and `-`.
    static func isBare(_ key: String) -> Bool {
        !key.isEmpty && key.unicodeScalars.allSatisfy { s in
            (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "_" || s == "-"
        }
    }

    public static func < (a: ConfigKeyPath, b: ConfigKeyPath) -> Bool { a.description < b.description }
}
