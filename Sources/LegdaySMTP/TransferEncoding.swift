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
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return normalized.split(separator: "\n", omittingEmptySubsequences: false)
            .map { quotedPrintableLine(Array($0.utf8)) }
            .joined(separator: "\r\n")
    }

    private static func quotedPrintableLine(_ bytes: [UInt8]) -> String {
        var lines: [String] = []
        var current = ""
        for (i, byte) in bytes.enumerated() {
            let isLast = i == bytes.count - 1
            let token: String
            switch byte {
            case UInt8(ascii: "."):
                token = current.isEmpty ? "=2E" : "."
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                // Trailing whitespace would be stripped by some relays; encode it at the end of a line.
                token = isLast ? hex(byte) : String(UnicodeScalar(byte))
            case 33...126 where byte != UInt8(ascii: "="):
                token = String(UnicodeScalar(byte))
            default:
                token = hex(byte)
            }
            // Leave room for the soft break's `=`, unless this token ends the line.
            let room = isLast ? lineLimit : lineLimit - 1
            if current.count + token.count > room {
                lines.append(current + "=")
                current = ""
                current = token == "." ? "=2E" : token
            } else {
                current += token
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
    }

    /// Base64 in CRLF lines of 76 characters (RFC 2045 section 6.8).
    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
    }
}
