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

/// How many columns a table may take: `$COLUMNS` when set (shells set it, and a user can), else the
/// terminal's own width when standard output is one, else 80 (a pipe, a file, the journal).
enum TerminalWidth {
    static var current: Int {
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let columns = Int(text), (20...1000).contains(columns) {
            return columns
        }
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 {
            return Int(size.ws_col)
        }
        return 80
    }
}
