import Foundation
import LegdayCore
import LegdaySchedule
import Testing

/// Titles carrying CR/LF and header-looking text ("\r\nBcc: …") are kept as the runner wrote them: the readers
/// neither drop nor rewrite them. Keeping them out of mail headers is the email builder's job, tested with it
/// (MailHeaderInjectionTests once LegdaySMTP is part of the package).
@Suite struct HeaderInjectionTests {
    static let injected = "Easy 5 km\r\nBcc: victim@example.com\r\nSubject: free money"

    @Test func icalendarTitleKeepsEscapedLineBreaks() {
        // TEXT escaping writes line breaks as \n; a raw CR inside a line is kept as it is.
        let summary = "Easy 5 km\\nBcc: victim@example.com\\nSubject: free money"
        let result = read(calendar(around: "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261126\r\nSUMMARY:\(summary)\r\nEND:VEVENT\r\n"),
                          as: "inject.ics")
        let run = result.schedule.runs.first { $0.date == day("2026-11-26") }
        #expect(run?.title == "Easy 5 km\nBcc: victim@example.com\nSubject: free money")
        #expect(run?.type == .easy)
        #expect(result.keptTheGoodEvents)
    }

    @Test func csvQuotedTitleKeepsCRLF() {
        let text = "date,type,distance_km,title\n2026-11-26,easy,5,\"\(Self.injected)\"\n2026-11-27,tempo,8,Tempo\n"
        let result = read(text, as: "inject.csv")
        #expect(result.schedule.runs.first?.title == Self.injected)
        #expect(result.runSummary == ["2026-11-26 easy", "2026-11-27 tempo"])
        #expect(result.diagnostics.isEmpty)
    }

    @Test func tomlTitleKeepsCRLF() {
        let text = "[[runs]]\ndate = 2026-11-26\ntype = \"easy\"\ntitle = \"Easy 5 km\\r\\nBcc: victim@example.com\\r\\nSubject: free money\"\n"
        let result = read(text, as: "inject.toml")
        #expect(result.schedule.runs.first?.title == Self.injected)
        #expect(result.diagnostics.isEmpty)
    }

    /// The reminder's title is made by legday from the day's kind; the schedule's text reaches the body only.
    @Test func reminderTitleNeverCarriesScheduleText() {
        let run = Run(date: day("2026-11-26"), type: .easy, distanceKm: 5, title: Self.injected)
        for kind in DayKind.allCases {
            let plan = DayPlan(date: day("2026-11-26"), phase: .base, runs: [run], kind: kind)
            let reminder = Reminder(for: plan)
            #expect(!reminder.title.contains("\r") && !reminder.title.contains("\n"), "\(kind)")
            #expect(!reminder.title.contains("Bcc") && !reminder.body.contains("Bcc"), "\(kind)")
        }
    }
}
