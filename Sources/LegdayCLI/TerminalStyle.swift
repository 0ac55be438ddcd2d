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
