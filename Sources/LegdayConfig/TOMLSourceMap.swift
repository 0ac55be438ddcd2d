import LegdayCore

/// Where each key and value of a TOML document is written.
///
/// TOMLKit gives values but not their positions, so legday scans the text itself to point every problem
/// at `path:line:column`. The scan only runs on text TOMLKit has already accepted, so it can be lenient:
/// it follows tables, arrays of tables, dotted and quoted keys, inline tables and arrays, and skips
/// scalars without interpreting them.
public struct TOMLSourceMap: Sendable, Hashable {
    /// The file the positions are in, as it is shown in messages.
    public var path: String
    /// Where each key's name is written (for a table header, the key inside the brackets).
    public private(set) var keys: [ConfigKeyPath: Position] = [:]
    /// Where each value starts.
    public private(set) var values: [ConfigKeyPath: Position] = [:]
    /// Paths in the order they first appear in the file.
    public private(set) var order: [ConfigKeyPath] = []
    /// Mistakes that TOMLKit's C++ parser (toml++) stops the process on, through a failed assertion,
    /// instead of reporting them: a table name starting with a character no key starts with (`[é]`, `[=`),
    /// and `}` where an array expects a value (`a = [ } ]`). The loader reports these itself, first.
    public private(set) var parserTraps: [Trap] = []

    public struct Trap: Hashable, Sendable {
        public var position: Position
        public var message: String
    }

    public struct Position: Hashable, Sendable {
        public var line: Int
        public var column: Int
    }

    public init(path: String, text: String) {
        self.path = path
        var scanner = Scanner(scalars: Array(text.unicodeScalars))
        scanner.scanDocument()
        keys = scanner.keys
        values = scanner.values
        order = scanner.order
        parserTraps = scanner.traps
    }

    /// Where a key is written, else the nearest enclosing table's key, else the top of the file.
    public func keyLocation(_ keyPath: ConfigKeyPath) -> SourceLocation {
        var current: ConfigKeyPath? = keyPath
        while let candidate = current, !candidate.isEmpty {
            if let position = keys[candidate] ?? values[candidate] { return location(position) }
            current = candidate.parent
        }
        return SourceLocation(path: path, line: 1, column: 1)
    }

    /// Where a value is written (for a table: its header), falling back like `keyLocation`.
    public func valueLocation(_ keyPath: ConfigKeyPath) -> SourceLocation {
        if let position = values[keyPath] { return location(position) }
        return keyLocation(keyPath)
    }

    /// The position of the first appearance of `keyPath`, for ordering things the way the file has them.
    public func firstIndex(of keyPath: ConfigKeyPath) -> Int {
        order.firstIndex(of: keyPath) ?? Int.max
    }

    private func location(_ position: Position) -> SourceLocation {
        SourceLocation(path: path, line: position.line, column: position.column)
    }
}

extension TOMLSourceMap {
    fileprivate struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1
        var column = 1
        var keys: [ConfigKeyPath: Position] = [:]
        var values: [ConfigKeyPath: Position] = [:]
        var order: [ConfigKeyPath] = []
        /// How many `[[name]]` headers each array of tables has had so far.
        var tableArrayCounts: [ConfigKeyPath: Int] = [:]
        var traps: [Trap] = []
        var depth = 0
        /// Deeper nesting than TOMLKit accepts never reaches here; the bound only keeps the stack safe.
        static let maxDepth = 512

        init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var atEnd: Bool { index >= scalars.count }
        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
        func peek(_ offset: Int) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }
        var position: Position { Position(line: line, column: column) }

        mutating func advance() {
            guard index < scalars.count else { return }
            if scalars[index] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }

        mutating func advance(_ count: Int) { for _ in 0..<count { advance() } }

        mutating func skipSpaces() {
            while let c = current, c == " " || c == "\t" { advance() }
        }

        /// Spaces, newlines and comments: what may stand between the elements of an array.
        mutating func skipBlank() {
            while let c = current {
                if c == " " || c == "\t" || c == "\n" || c == "\r" {
                    advance()
                } else if c == "#" {
                    skipToEndOfLine()
                } else {
                    return
                }
            }
        }

        mutating func skipToEndOfLine() {
            while let c = current, c != "\n" { advance() }
        }

        mutating func record(key path: ConfigKeyPath, at position: Position) {
            if keys[path] == nil {
                keys[path] = position
                if values[path] == nil { order.append(path) }
            }
        }

        mutating func record(value path: ConfigKeyPath, at position: Position) {
            if values[path] == nil {
                values[path] = position
                if keys[path] == nil { order.append(path) }
            }
        }

        mutating func scanDocument() {
            var table = ConfigKeyPath()
            while !atEnd {
                skipBlank()
                guard let c = current else { break }
                if c == "[" {
                    table = scanHeader()
                } else if isKeyStart(c) {
                    scanKeyValue(in: table)
                } else {
                    advance()
                }
                // Whatever follows on the line is a comment or something TOMLKit has already rejected.
                skipToEndOfLine()
            }
        }

        func isKeyStart(_ c: Unicode.Scalar) -> Bool {
            c == "\"" || c == "'" || ConfigKeyPath.isBare(String(c))
        }

        /// `[a.b]` or `[[a.b]]`; returns the path of the table it opens, with array indices filled in.
        mutating func scanHeader() -> ConfigKeyPath {
            let isArray = peek(1) == "["
            advance(isArray ? 2 : 1)
            skipSpaces()
            if let c = current, c != "]", !isKeyStart(c) {
                traps.append(Trap(position: position, message: "a table name starts with a letter, digit, '_', '-' or a quote"))
            }
            let parts = scanDottedKey()
            var path = ConfigKeyPath()
            for (offset, part) in parts.enumerated() {
                path = path.appending(part.key)
                record(key: path, at: part.position)
                let isLast = offset == parts.count - 1
                if isLast && isArray {
                    let count = tableArrayCounts[path, default: 0]
                    tableArrayCounts[path] = count + 1
                    path = path.appending(index: count)
                    record(key: path, at: part.position)
                } else if let count = tableArrayCounts[path], count > 0 {
                    // A sub-table of an array of tables belongs to its latest element.
                    path = path.appending(index: count - 1)
                }
            }
            return path
        }

        /// `a."b c".'d'` as key names with where each is written.
        mutating func scanDottedKey() -> [(key: String, position: Position)] {
            var parts: [(key: String, position: Position)] = []
            while let c = current, isKeyStart(c) {
                let start = position
                let key: String
                if c == "\"" {
                    key = scanBasicString()
                } else if c == "'" {
                    key = scanLiteralString()
                } else {
                    var bare = ""
                    while let b = current, ConfigKeyPath.isBare(String(b)) {
                        bare.unicodeScalars.append(b)
                        advance()
                    }
                    key = bare
                }
                parts.append((key, start))
                skipSpaces()
                guard current == "." else { break }
                advance()
                skipSpaces()
            }
            return parts
        }

        /// `key = value` inside the table (or inline table) at `base`.
        mutating func scanKeyValue(in base: ConfigKeyPath) {
            let parts = scanDottedKey()
            guard !parts.isEmpty else { advance(); return }
            var path = base
            for part in parts {
                path = path.appending(part.key)
                record(key: path, at: part.position)
            }
            skipSpaces()
            guard current == "=" else { return }
            advance()
            skipSpaces()
            scanValue(at: path)
        }

        mutating func scanValue(at path: ConfigKeyPath) {
            guard let c = current else { return }
            record(value: path, at: position)
            switch c {
            case "\"": _ = scanBasicString()
            case "'": _ = scanLiteralString()
            case "[": nested { $0.scanArray(at: path) }
            case "{": nested { $0.scanInlineTable(at: path) }
            default:
                // Numbers, booleans, dates and times: skip to where the value must end.
                while let s = current, s != ",", s != "]", s != "}", s != "\n", s != "#" { advance() }
            }
        }

        mutating func nested(_ body: (inout Scanner) -> Void) {
            guard depth < Scanner.maxDepth else { skipToEndOfLine(); return }
            depth += 1
            body(&self)
            depth -= 1
        }

        mutating func scanArray(at path: ConfigKeyPath) {
            advance()  // [
            var element = 0
            while !atEnd {
                skipBlank()
                guard let c = current else { return }
                if c == "]" { advance(); return }
                if c == "," { advance(); continue }
                if c == "}" {
                    traps.append(Trap(position: position, message: "'}' where the array expects a value or ']'"))
                    advance()
                    continue
                }
                let before = index
                scanValue(at: path.appending(index: element))
                element += 1
                if index == before { advance() }
            }
        }

        mutating func scanInlineTable(at path: ConfigKeyPath) {
            advance()  // {
            while !atEnd {
                skipBlank()
                guard let c = current else { return }
                if c == "}" { advance(); return }
                if c == "," { advance(); continue }
                let before = index
                if isKeyStart(c) { scanKeyValue(in: path) }
                if index == before { advance() }
            }
        }

        /// A `"…"` or `"""…"""` string; returns its text with the common escapes resolved (for quoted keys).
        mutating func scanBasicString() -> String {
            let multiline = peek(1) == "\"" && peek(2) == "\""
            advance(multiline ? 3 : 1)
            var text = ""
            while let c = current {
                if c == "\\" {
                    advance()
                    guard let e = current else { break }
                    advance()
                    switch e {
                    case "n": text += "\n"
                    case "t": text += "\t"
                    case "r": text += "\r"
                    case "b": text += "\u{8}"
                    case "f": text += "\u{c}"
                    case "e": text += "\u{1b}"
                    case "u", "U", "x":
                        let width = e == "U" ? 8 : (e == "u" ? 4 : 2)
                        var hex = ""
                        for _ in 0..<width {
                            guard let h = current else { break }
                            hex.unicodeScalars.append(h)
                            advance()
                        }
                        if let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
                            text.unicodeScalars.append(scalar)
                        }
                    default: text.unicodeScalars.append(e)
                    }
                    continue
                }
                if c == "\"" {
                    if !multiline { advance(); break }
                    if peek(1) == "\"" && peek(2) == "\"" {
                        // Up to two more quotes may close a multi-line string ("""a"""").
                        advance(3)
                        while current == "\"" { advance() }
                        break
                    }
                }
                if c == "\n" && !multiline { break }
                text.unicodeScalars.append(c)
                advance()
            }
            return text
        }

        /// A `'…'` or `'''…'''` string, taken as written.
        mutating func scanLiteralString() -> String {
            let multiline = peek(1) == "'" && peek(2) == "'"
            advance(multiline ? 3 : 1)
            var text = ""
            while let c = current {
                if c == "'" {
                    if !multiline { advance(); break }
                    if peek(1) == "'" && peek(2) == "'" {
                        advance(3)
                        while current == "'" { advance() }
                        break
                    }
                }
                if c == "\n" && !multiline { break }
                text.unicodeScalars.append(c)
                advance()
            }
            return text
        }
    }
}
