import Foundation

/// Header fields as RFC 5322 and RFC 2047 want them: one logical line, folded, ASCII only.
///
/// This is the place that stops header injection. Every header value goes through `field`, which turns
/// any CR, LF or other control character into a space before anything else happens, so text from a
/// schedule (an ICS SUMMARY with a line break in it, say) can never start a header of its own.
enum HeaderEncoding {
    /// Lines holding encoded-words stay within 76 characters (RFC 2047 section 2); plain text folds at 78.
    static let encodedLineLimit = 76
    static let foldLimit = 78

    /// `Name: value`, folded with CRLF + space, without the final CRLF.
    static func field(_ name: String, _ value: String) -> String {
        let clean = singleLine(value)
        let prefix = name + ": "
        if isPlainASCII(clean) && !clean.contains("=?") && !hasOverlongWord(clean) {
            return fold(prefix + clean)
        }
        return prefix + encodedWords(clean, firstLineUsed: prefix.count).joined(separator: "\r\n ")
    }

    /// A structured field (addresses, ids, dates) whose parts are already encoded: only made one line and
    /// folded at spaces, never turned into encoded-words itself.
    static func structured(_ name: String, _ value: String) -> String {
        fold(name + ": " + singleLine(value))
    }

    /// A display name: atoms as they are, quoted when it holds specials, encoded-words when not ASCII.
    static func phrase(_ text: String) -> String {
        let clean = singleLine(text)
        guard isPlainASCII(clean), !clean.contains("=?"), !hasOverlongWord(clean) else {
            return encodedWords(clean, firstLineUsed: 0).joined(separator: " ")
        }
        let atext = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "!#$%&'*+-/=?^_`{|}~ "))
        if clean.unicodeScalars.allSatisfy({ atext.contains($0) }) { return clean }
        let escaped = clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }

    /// Control characters (CR and LF above all) become spaces; runs of spaces become one.
    static func singleLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            let isSpace = scalar.value < 32 || scalar.value == 127 || scalar == " "
                || (0x80...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
            if isSpace {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(scalar)
                lastWasSpace = false
            }
        }
        return String(out).trimmingSpaces
    }

    /// A word folding cannot break (no space in it) that would leave a line over the fold limit; such text
    /// goes out as encoded-words, which split anywhere. Otherwise a 3,000-character display name made a
    /// header line longer than the 998 octets RFC 5322 allows.
    static func hasOverlongWord(_ text: String) -> Bool {
        text.split(separator: " ").contains { $0.utf8.count > foldLimit - 20 }
    }

    static func isPlainASCII(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value >= 32 && $0.value < 127 }
    }

    /// Folds an ASCII line at spaces so each physical line stays within 78 characters where a space allows
    /// it. A word longer than that stays whole; `field` and `phrase` send text with such a word as
    /// encoded-words instead, so only structured values (addresses, ids) reach here with one.
    static func fold(_ line: String) -> String {
        guard line.count > foldLimit else { return line }
        var lines: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= foldLimit {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n ")
    }

    /// `=?UTF-8?B?…?=` words, each fitting its line, never splitting a character's UTF-8 bytes between two
    /// words (RFC 2047 section 5 requires each word to decode on its own).
    static func encodedWords(_ text: String, firstLineUsed: Int) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        var budget = maxBytes(lineRoom: encodedLineLimit - firstLineUsed)
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty && chunk.count + bytes.count > budget {
                words.append(word(chunk))
                chunk = []
                budget = maxBytes(lineRoom: encodedLineLimit - 1)
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    /// How many bytes fit in one encoded-word of at most `lineRoom` characters (12 are the word's frame).
    private static func maxBytes(lineRoom: Int) -> Int {
        max(3, (lineRoom - 12) / 4 * 3)
    }
}
