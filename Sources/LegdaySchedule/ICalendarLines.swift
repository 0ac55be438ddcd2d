/// One unfolded iCalendar content line: `NAME;PARAM=value:VALUE` (RFC 5545 section 3.1).
struct ContentLine {
    /// Upper-case property name.
    var name: String
    /// Parameters with upper-case names and unquoted values.
    var parameters: [(name: String, value: String)]
    /// The value as written, still escaped.
    var value: String
    /// The physical line the content line starts on, 1-based.
    var line: Int

    func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }
}

/// Splits iCalendar bytes into content lines.
///
/// Works on UTF-8 bytes so that unfolding never has to care where a line was folded: exporters fold at 75
/// octets (possibly inside a multi-byte character), at 75 characters, or not at all, and end lines with CRLF
/// or LF. Bytes are joined first and decoded once per logical line. Properties legday never reads are skipped
/// without decoding, which is most of what a 1 MiB export holds (DTSTAMP, ATTENDEE, X-…).
struct ICalendarLines {
    /// What the line splitter could not read: the physical line and why.
    struct Problem {
        var line: Int
        var message: String
    }

    static let wanted: Set<String> = [
        "BEGIN", "END", "DTSTART", "DTEND", "DURATION", "SUMMARY", "DESCRIPTION", "RRULE", "RDATE", "EXDATE",
        "UID", "RECURRENCE-ID", "STATUS", "X-WR-TIMEZONE", "TZID", "TZOFFSETTO",
    ]

    private(set) var lines: [ContentLine] = []
    private(set) var problems: [Problem] = []

    init(bytes: [UInt8]) {
        var start = 0
        // A byte-order mark is not part of the first line.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var logical: [UInt8] = []
        logical.reserveCapacity(256)
        var logicalLine = 0
        var physicalLine = 0
        var position = start
        while position < bytes.count {
            physicalLine += 1
            var end = position
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            var contentEnd = end
            if contentEnd > position, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let first = position < contentEnd ? bytes[position] : 0
            if (first == 0x20 || first == 0x09), !logical.isEmpty {
                // A continuation: drop the one folding whitespace character and join.
                logical.append(contentsOf: bytes[(position + 1)..<contentEnd])
            } else {
                if !logical.isEmpty { parse(logical, line: logicalLine) }
                logical.removeAll(keepingCapacity: true)
                logical.append(contentsOf: bytes[position..<contentEnd])
                logicalLine = physicalLine
            }
            position = end + 1
        }
        if !logical.isEmpty { parse(logical, line: logicalLine) }
    }

    private mutating func parse(_ bytes: [UInt8], line: Int) {
        // Blank lines and lines of only whitespace are common at the end of exports: ignore them.
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
        var index = 0
        while index < bytes.count, bytes[index] != UInt8(ascii: ";"), bytes[index] != UInt8(ascii: ":") {
            let b = bytes[index]
            let isNameByte = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D
            guard isNameByte else {
                problems.append(Problem(line: line, message: "not an iCalendar line (a property name holds only letters, digits and '-')"))
                return
            }
            index += 1
        }
        guard index < bytes.count, index > 0 else {
            problems.append(Problem(line: line, message: "not an iCalendar line (expected NAME:VALUE)"))
            return
        }
        let name = String(decoding: bytes[0..<index], as: UTF8.self).uppercased()
        guard ICalendarLines.wanted.contains(name) else { return }
        var parameters: [(name: String, value: String)] = []
        while index < bytes.count, bytes[index] == UInt8(ascii: ";") {
            index += 1
            let nameStart = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "="), bytes[index] != UInt8(ascii: ":"),
                  bytes[index] != UInt8(ascii: ";") { index += 1 }
            let parameterName = String(decoding: bytes[nameStart..<index], as: UTF8.self).uppercased()
            var value: [UInt8] = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                index += 1
                var quoted = false
                // A quoted value may hold ':' and ';' ("TZID="GMT+01:00"").
                while index < bytes.count {
                    let b = bytes[index]
                    if b == UInt8(ascii: "\"") { quoted.toggle(); index += 1; continue }
                    if !quoted, b == UInt8(ascii: ":") || b == UInt8(ascii: ";") { break }
                    value.append(b)
                    index += 1
                }
            }
            parameters.append((parameterName, String(decoding: value, as: UTF8.self)))
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
            problems.append(Problem(line: line, message: "\(name) has no ':' before its value"))
            return
        }
        let value = String(decoding: bytes[(index + 1)...], as: UTF8.self)
        lines.append(ContentLine(name: name, parameters: parameters, value: value, line: line))
    }

    /// Undoes TEXT escaping: `\n` and `\N` are line breaks, `\,` `\;` `\\` the characters themselves.
    static func unescape(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\\")) else { return text }
        // Every escape is ASCII, so the bytes can be rewritten without decoding characters.
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        var escaping = false
        for byte in text.utf8 {
            if escaping {
                result.append(byte == UInt8(ascii: "n") || byte == UInt8(ascii: "N") ? UInt8(ascii: "\n") : byte)
                escaping = false
            } else if byte == UInt8(ascii: "\\") {
                escaping = true
            } else {
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
