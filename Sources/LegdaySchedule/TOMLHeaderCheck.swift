import LegdayCore

/// Finds what the toml++ parser under TOMLKit asserts on, ending the process instead of reporting a syntax
/// error, before TOMLKit sees it: table headers that do not start with a key (`[#]`, `[(a]`, `[é]`, `[` at
/// the end of a line; found by fuzzing, see docs/robustness.md), `}` where an array expects a value, a date
/// followed by a space and a lone digit (`2027-01-03 1`, which toml++ starts reading as a date-time), and
/// dotted keys thousands of levels deep (which overflow the stack).
/// The config loader finds the same through `TOMLSourceMap.parserTraps`, which lives in LegdayConfig and so
/// cannot serve the schedule reader.
///
/// A small scanner, not a TOML parser: it follows strings, comments and bracket depth only well enough to
/// tell a header (a `[` that starts a line outside any value) from an array.
public enum TOMLHeaderCheck {
    public static func firstProblem(in text: String, path: String) -> Diagnostic? {
        let bytes = Array(text.utf8)
        var index = 0
        var line = 1
        var lineStart = 0
        // The open arrays and inline tables, innermost last.
        var open: [UInt8] = []
        // Dots in the current run of key or value characters: `a.b.c…` with 100,000 parts overflows the stack
        // in toml++ and in anything that walks the tables it makes.
        var dots = 0
        var atLineStart = true
        func location(_ at: Int) -> SourceLocation {
            SourceLocation(path: path, line: line, column: String(decoding: bytes[lineStart..<at], as: UTF8.self).count + 1)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                dots += 1
                if dots > maxKeyDepth {
                    return Diagnostic(location(index), "a dotted key nested more than \(maxKeyDepth) levels deep")
                }
            } else if byte == 0x0A || isValueStart(byte) {
                dots = 0
            }
            switch byte {
            case 0x0A:
                line += 1
                lineStart = index + 1
                atLineStart = true
                index += 1
                continue
            case 0x20, 0x09, 0x0D:
                index += 1
                continue
            case UInt8(ascii: "#"):
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                continue
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                index = endOfString(bytes, from: index, line: &line, lineStart: &lineStart)
                atLineStart = false
                continue
            case UInt8(ascii: "["):
                if atLineStart, open.isEmpty {
                    var key = index + 1
                    if key < bytes.count, bytes[key] == UInt8(ascii: "[") { key += 1 }
                    while key < bytes.count, bytes[key] == 0x20 || bytes[key] == 0x09 { key += 1 }
                    if key < bytes.count, !startsKey(bytes[key]) {
                        return Diagnostic(location(key), "expected a table name after '[' (letters, digits, '_', '-' or a quoted name)")
                    }
                }
                open.append(byte)
            case UInt8(ascii: "{"):
                open.append(byte)
            case UInt8(ascii: "}"):
                if open.last == UInt8(ascii: "[") {
                    return Diagnostic(location(index), "'}' where the array expects a value or ']'")
                }
                _ = open.popLast()
            case UInt8(ascii: "]"):
                _ = open.popLast()
            default:
                if let problem = dateWithLoneDigit(bytes, at: index) {
                    return Diagnostic(location(problem), "a date followed by a space and a number: a date-time is "
                                      + "written YYYY-MM-DD HH:MM:SS; otherwise put a comma or a new line between them")
                }
            }
            atLineStart = false
            index += 1
        }
        return nil
    }

    /// The index of the lone digit when the value starting at `start` looks like a date to toml++ (ten
    /// characters of any kind, underscores not counted, with `-` at the fifth and eighth) and goes on with one space and
    /// one digit that no second digit follows. toml++ then reads on looking for a time and asserts when the
    /// value ends there; anything else after the digit is no valid TOML either, so it is reported here too.
    static func dateWithLoneDigit(_ bytes: [UInt8], at start: Int) -> Int? {
        guard isDigit(bytes[start]), start == 0 || isValueStart(bytes[start - 1]) else { return nil }
        var end = start
        var characters: [UInt8] = []
        while end < bytes.count, !isValueEnd(bytes[end]), characters.count <= 10 {
            // toml++ counts characters, not bytes: a UTF-8 continuation byte adds none.
            if bytes[end] != UInt8(ascii: "_") && !(0x80...0xBF).contains(bytes[end]) { characters.append(bytes[end]) }
            end += 1
        }
        guard characters.count == 10, characters[4] == UInt8(ascii: "-"), characters[7] == UInt8(ascii: "-"),
              end + 2 < bytes.count, bytes[end] == 0x20, isDigit(bytes[end + 1]), !isDigit(bytes[end + 2])
        else { return nil }
        return end + 1
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// What can stand just before a value: `=`, a separator, an opening bracket or white space.
    static func isValueStart(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, UInt8(ascii: "="), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "{"): true
        default: false
        }
    }

    /// What ends a value for toml++: white space, a line end, a separator, a closing bracket or a comment.
    static func isValueEnd(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "#"): true
        default: false
        }
    }

    /// Far more than any legday file needs (four levels), far less than what overflows a stack.
    public static let maxKeyDepth = 64

    /// What toml++ accepts as the first character of a header's key, and `]` (an empty header, which it reports).
    static func startsKey(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"),
             UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "]"):
            return true
        default:
            return false
        }
    }

    /// The index just past the string starting at `start` (basic or literal, single- or multi-line).
    static func endOfString(_ bytes: [UInt8], from start: Int, line: inout Int, lineStart: inout Int) -> Int {
        let quote = bytes[start]
        let multiLine = start + 2 < bytes.count && bytes[start + 1] == quote && bytes[start + 2] == quote
        var index = start + (multiLine ? 3 : 1)
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), quote == UInt8(ascii: "\"") {
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                    line += 1
                    lineStart = index + 2
                }
                index += 2
                continue
            }
            if byte == 0x0A {
                // A single-line string cannot go on; toml++ reports that itself. The caller counts the line.
                if !multiLine { return index }
                line += 1
                lineStart = index + 1
            }
            if byte == quote {
                if !multiLine { return index + 1 }
                if index + 2 < bytes.count, bytes[index + 1] == quote, bytes[index + 2] == quote {
                    // Up to two more quotes may belong to the string ("""a"""" ends after four).
                    var end = index + 3
                    while end < bytes.count, bytes[end] == quote, end < index + 5 { end += 1 }
                    return end
                }
            }
            index += 1
        }
        return index
    }
}
