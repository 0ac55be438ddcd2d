import Foundation

/// Text from outside legday (calendar titles, a plugin's describe output and messages, a server's error
/// reply, anything kept in the outbox) made safe to print: every control character is shown as `\u{1B}`
/// instead of reaching the terminal, where an escape sequence could rewrite the screen, set the window
/// title or hide a line, and a line break could forge a line of legday's own output. Tabs stay.
public enum TerminalText {
    public static func safe(_ text: String) -> String {
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

    /// `safe` for text legday styled itself: its colour sequences (`ESC [ digits ; m`, SGR, which only
    /// colour text) pass, every other control character is shown. Line breaks stay: the text is legday's
    /// lines; a title's own line break was already shown by the renderer that put it in.
    public static func safeKeepingColours(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\u{1B}", index + 1 < scalars.count, scalars[index + 1] == "[" {
                var end = index + 2
                while end < scalars.count, ("0"..."9").contains(scalars[end]) || scalars[end] == ";" { end += 1 }
                if end < scalars.count, scalars[end] == "m" {
                    out.append(contentsOf: scalars[index...end])
                    index = end + 1
                    continue
                }
            }
            if scalar == "\n" { out.append(scalar) } else { out.append(contentsOf: safe(String(scalar)).unicodeScalars) }
            index += 1
        }
        return String(out)
    }

    /// Each line made safe on its own, keeping the line breaks between them (legday's own).
    public static func safeLines(_ lines: [String]) -> [String] { lines.map(safe) }
}
