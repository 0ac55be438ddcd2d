import Foundation

/// Content-Transfer-Encodings from RFC 2045: the output is 7-bit ASCII in CRLF lines of at most 76
/// characters, well inside SMTP's 998-octet limit whatever the input holds.
enum TransferEncoding {
    static let lineLimit = 76

    /// Quoted-printable (RFC 2045 section 6.7) of UTF-8 text. Line breaks in the text, whatever their
    /// style, become CRLF; long lines get soft breaks (`=` at the end of a line).
    ///
    /// Beyond the rules, a `.` starting a line is encoded as `=2E`, so no line of the body can look like the
    /// end of SMTP's DATA however the transport handles dot-stuffing.
    static func quotedPrintable(_ text: String) -> String {
        // Works on bytes, not Characters: a day's HTML is tens of KiB and this runs for every email.
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var lineStart = 0
        var first = true
        func endLine(at end: Int) {
            if !first { out += [13, 10] }
            first = false
            encodeLine(bytes[lineStart..<end], into: &out)
        }
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case 13:  // CR or CRLF
                endLine(at: i)
                if i + 1 < bytes.count, bytes[i + 1] == 10 { i += 1 }
                lineStart = i + 1
            case 10:
                endLine(at: i)
                lineStart = i + 1
            default:
                break
            }
            i += 1
        }
        endLine(at: bytes.count)
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// One line of the text (no CR or LF in it), with soft breaks where it is too long.
    private static func encodeLine(_ line: ArraySlice<UInt8>, into out: inout [UInt8]) {
        var width = 0  // characters on the output line so far
        for (offset, byte) in zip(line.indices, line) {
            let isLast = offset == line.index(before: line.endIndex)
            var encode: Bool
            switch byte {
            case UInt8(ascii: "."):
                encode = width == 0
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                // Trailing whitespace would be stripped by some relays; encode it at the end of a line.
                encode = isLast
            case 33...126:
                encode = byte == UInt8(ascii: "=")
            default:
                encode = true
            }
            // Leave room for the soft break's `=`, unless this token ends the line.
            let room = isLast ? lineLimit : lineLimit - 1
            if width + (encode ? 3 : 1) > room {
                out += [UInt8(ascii: "="), 13, 10]
                width = 0
                if byte == UInt8(ascii: ".") { encode = true }
            }
            if encode {
                out += [UInt8(ascii: "="), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
                width += 3
            } else {
                out.append(byte)
                width += 1
            }
        }
    }

    /// Base64 in CRLF lines of 76 characters (RFC 2045 section 6.8).
    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
    }
}
