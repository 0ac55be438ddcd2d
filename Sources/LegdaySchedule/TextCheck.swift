import Foundation
import LegdayCore

/// Problems with the bytes of a text file, found before any parsing: NUL bytes (a binary file, or a C parser
/// such as the one under TOMLKit taking the text as ending there) and bytes that are not UTF-8.
public enum TextCheck {
    public static let nulMessage = "a NUL byte: this does not look like a text file"
    public static let invalidUTF8Message = "not valid UTF-8 text; save the file as UTF-8"

    /// Where the first NUL byte and the first invalid UTF-8 sequence are (columns count characters).
    public struct Findings: Equatable, Sendable {
        public var firstNUL: SourceLocation?
        public var firstInvalidUTF8: SourceLocation?
    }

    public static func scan(_ data: Data, path: String) -> Findings {
        var findings = Findings()
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var line = 1
            var column = 1
            var index = 0
            while index < bytes.count, findings.firstNUL == nil || findings.firstInvalidUTF8 == nil {
                let byte = bytes[index]
                if byte < 0x80 {
                    if byte == 0, findings.firstNUL == nil {
                        findings.firstNUL = SourceLocation(path: path, line: line, column: column)
                    }
                    if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
                    index += 1
                    continue
                }
                let length = sequenceLength(bytes, at: index)
                if length == 0 {
                    if findings.firstInvalidUTF8 == nil {
                        findings.firstInvalidUTF8 = SourceLocation(path: path, line: line, column: column)
                    }
                    index += 1
                } else {
                    index += length
                }
                column += 1
            }
        }
        return findings
    }

    /// Both findings as diagnostics, in file order.
    public static func problems(in data: Data, path: String, severity: Diagnostic.Severity = .error) -> [Diagnostic] {
        let findings = scan(data, path: path)
        var result: [Diagnostic] = []
        if let at = findings.firstNUL { result.append(Diagnostic(at, nulMessage, severity: severity)) }
        if let at = findings.firstInvalidUTF8 { result.append(Diagnostic(at, invalidUTF8Message, severity: severity)) }
        return result.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
    }

    /// The length of the well-formed UTF-8 sequence starting at `index` (RFC 3629: no overlong forms, no
    /// surrogates, nothing above U+10FFFF), or 0 when there is none.
    static func sequenceLength(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Int {
        let first = bytes[index]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch first {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        let second = bytes[index + 1]
        guard second >= low, second <= high else { return 0 }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) { return 0 }
        return length
    }
}
