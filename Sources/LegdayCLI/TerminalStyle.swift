import Foundation
import LegdayOutput

extension TextStyle {
    /// Colours on a terminal unless NO_COLOR is set (https://no-color.org); `explicit` overrides both.
    static func forStandardOutput(_ explicit: Bool?) -> TextStyle {
        if let explicit { return TextStyle(colour: explicit) }
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return TextStyle(colour: isatty(STDOUT_FILENO) == 1 && !noColor)
    }
}

/// Text from outside legday (calendar titles, a plugin's describe output and messages, a server's error
/// reply, anything kept in the outbox) made safe to print: every control character is shown as `\u{1B}`
/// instead of reaching the terminal, where an escape sequence could rewrite the screen, set the window
/// title or hide a line, and a line break could forge a line of legday's own output. Tabs stay.
enum TerminalText {
    static func safe(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\t" || !(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)) {
                out.append(scalar)
            } else {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            }
        }
        return String(out)
    }

    /// Each line made safe on its own, keeping the line breaks between them (legday's own).
    static func safeLines(_ lines: [String]) -> [String] { lines.map(safe) }
}
