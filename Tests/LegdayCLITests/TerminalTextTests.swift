@testable import LegdayCLI
import LegdayCore
import LegdayOutput
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

/// Run titles come from calendars: `legday schedule` shows their control characters instead of sending them.
@Suite struct RunTitlesOnTheTerminalTests {
    @Test func legdaysOwnColoursPassAndEverythingElseIsShown() {
        let styled = "\u{1B}[1;32mHeavy lift\u{1B}[0m Rome\u{1B}]0;owned\u{07} Marathon\nnext line"
        #expect(TerminalText.safeKeepingColours(styled)
                == "\u{1B}[1;32mHeavy lift\u{1B}[0m Rome\\u{1B}]0;owned\\u{7} Marathon\nnext line")
        // A cursor movement is no colour.
        #expect(TerminalText.safeKeepingColours("a\u{1B}[2Ab") == "a\\u{1B}[2Ab")
    }

    @Test func theScheduleTableShowsControlCharactersInTitles() {
        let entry = ReadEntry(date: LocalDate(iso: "2027-03-16")!, title: "6x800\u{1B}]0;owned\u{07}",
                              components: [EntryComponent(.run, type: .intervals)], why: "title: '6x800'")
        let table = ScheduleCommand.table([entry])
        #expect(!table.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        #expect(table.contains("6x800\\u{1B}"))
    }
}

/// `legday today` on a terminal: the reminder's long lines wrap under their own text.
@Suite struct TodayWrappingTests {
    @Test func longLinesWrapUnderTheirTextAndShortOnesStay() {
        let text = "Heavy lift · 4 exercises\n   Start: " + String(repeating: "stand tall ", count: 12)
            + "\n1. Romanian deadlift — " + String(repeating: "slow ", count: 20)
        let lines = TodayCommand.wrapped(text, width: 40).split(separator: "\n").map(String.init)
        #expect(lines[0] == "Heavy lift · 4 exercises")
        #expect(lines.allSatisfy { $0.count <= 40 })
        #expect(lines[1].hasPrefix("   Start: ") && lines[2].hasPrefix("      ") && !lines[2].hasPrefix("       "))
        let numbered = lines.firstIndex { $0.hasPrefix("1. ") }!
        #expect(lines[numbered + 1].hasPrefix("   slow"))
        #expect(lines.joined(separator: " ").split(separator: " ").filter { $0 == "tall" }.count == 12)
    }
}
