@testable import LegdayCLI
import Testing

/// What came from outside reaches the terminal with its control characters shown, not acted on.
@Suite struct TerminalTextTests {
    @Test func escapesAndLineBreaksAreShownNotSent() {
        #expect(TerminalText.safe("run\u{1B}]0;owned\u{07} 10 km") == "run\\u{1B}]0;owned\\u{7} 10 km")
        #expect(TerminalText.safe("a\r\nlegday: fake line") == "a\\u{D}\\u{A}legday: fake line")
        #expect(TerminalText.safe("c1 \u{9B}2J") == "c1 \\u{9B}2J")
        #expect(TerminalText.safe("tabs\tstay, Grüße too") == "tabs\tstay, Grüße too")
    }
}
