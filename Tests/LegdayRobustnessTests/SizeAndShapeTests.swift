import Foundation
import LegdayCore
import LegdaySchedule
import Testing

/// Big files, deep nesting and endless recurrences: read in bounded time, with what is readable kept.
/// The bound is one generous time limit on the whole suite (a quadratic reader would take hours on these
/// inputs); how fast reading is, is measured by `make bench`, not asserted here.
@Suite(.timeLimit(.minutes(2))) struct SizeAndShapeTests {
    /// 10 MiB of events shaped like a platform export (most properties are ones legday skips unread).
    @Test func tenMebibyteCalendarIsReadInFull() {
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        var events = 0
        let first = day("2020-01-06")
        while text.utf8.count < 10 << 20 {
            let date = first.adding(days: events % 3650).iso.replacingOccurrences(of: "-", with: "")
            text += "BEGIN:VEVENT\r\nUID:\(events)@example.com\r\nDTSTAMP:20261101T080000Z\r\nDTSTART;VALUE=DATE:\(date)\r\n"
            text += "SUMMARY:Tempo 8 km\r\nATTENDEE;CN=Coach:mailto:coach@example.com\r\n"
            text += "DESCRIPTION:\(String(repeating: "Keep it honest. ", count: 8))\r\nEND:VEVENT\r\n"
            events += 1
        }
        text += "END:VCALENDAR\r\n"
        var result = ScheduleReadResult()
        result = read(text, as: "big.ics")
        #expect(result.diagnostics.isEmpty)
        // Events fall on 3650 distinct days; repeats of a day are separate runs.
        #expect(result.schedule.runs.count == events)
        #expect(result.schedule.runs.allSatisfy { $0.type == .tempo && $0.distanceKm == 8 })
    }

    /// One title of 10 MiB: the text scanners are linear.
    @Test func tenMebibyteTitleIsKept() {
        let title = "Easy 5 km " + String(repeating: "x", count: 10 << 20)
        var result = ScheduleReadResult()
        result = read(calendar(around: "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261126\r\nSUMMARY:\(title)\r\nEND:VEVENT\r\n"),
                      as: "long-title.ics")
        #expect(result.keptTheGoodEvents)
        #expect(result.schedule.runs.first { $0.date == day("2026-11-26") }?.title.utf8.count == title.utf8.count)
    }

    /// A million events is a benchmark-sized input; here 100,000 CSV rows check that reading stays linear and
    /// keeps every row (the million-row case runs in `make bench`, see docs/robustness.md).
    @Test func hundredThousandCSVRowsAreAllKept() {
        var text = "date,type,distance_km,title\n"
        let first = day("2000-01-01")
        let rows = 100_000
        for index in 0..<rows {
            text += "\(first.adding(days: index).iso),easy,5,Easy\n"
        }
        var result = ScheduleReadResult()
        result = read(text, as: "many.csv")
        #expect(result.diagnostics.isEmpty)
        #expect(result.schedule.runs.count == rows)
        #expect(result.schedule.runs.last?.date == first.adding(days: rows - 1))
    }

    /// BEGIN:VEVENT inside itself 10,000 deep: every nesting is reported, the events around it are kept.
    @Test func eventsNestedTenThousandDeep() {
        let depth = 10_000
        let nested = String(repeating: "BEGIN:VEVENT\r\n", count: depth) + String(repeating: "END:VEVENT\r\n", count: depth)
        var result = ScheduleReadResult()
        result = read(calendar(around: nested), as: "nested.ics")
        #expect(result.keptTheGoodEvents)
        #expect(result.schedule.runs.count == 2)
        #expect(result.diagnosticsPoint(into: "nested.ics", lines: 13 + 2 * depth))
        // The first nested BEGIN is on line 8; it is the first event left open.
        #expect(result.errors.first?.description == "nested.ics:8:1: event has no END:VEVENT before the next event; skipped")
        #expect(result.diagnostics.count <= 2 * depth + 1)
    }

    /// 100,000 END lines that match nothing, after 50,000 alarms left open inside an event: each END is
    /// answered without a scan of the open components (a scan each would be 5 billion comparisons).
    @Test func unmatchedEndLinesAgainstADeepStackTakeLinearTime() {
        let middle = "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261126\r\nSUMMARY:Easy 5 km\r\n"
            + String(repeating: "BEGIN:VALARM\r\n", count: 50_000)
            + String(repeating: "END:VTODO\r\n", count: 100_000) + "END:VEVENT\r\n"
        let result = read(calendar(around: middle), as: "ends.ics")
        #expect(result.keptTheGoodEvents)
        #expect(result.runSummary.contains("2026-11-26 easy"))
        #expect(result.diagnostics.count == 100_000)
        #expect(result.diagnostics.allSatisfy { $0.message == "END:VTODO without a BEGIN:VTODO" })
    }

    /// 5,000 events repeating daily without end would make 5.5 million runs over the horizon: the calendar
    /// stops at `ScheduleReader.maxEntriesPerFile` entries with one error that says why, and keeps the events
    /// written before the ones it leaves out.
    @Test func openEndedDailyEventsStopAtTheOccurrenceCap() {
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        text += "BEGIN:VEVENT\r\nUID:first@legday\r\nDTSTART;VALUE=DATE:20261124\r\nSUMMARY:6x800 intervals\r\nEND:VEVENT\r\n"
        for index in 0..<5_000 {
            text += "BEGIN:VEVENT\r\nUID:daily-\(index)@legday\r\nDTSTART;VALUE=DATE:20261201\r\n"
            text += "RRULE:FREQ=DAILY\r\nSUMMARY:Easy 5 km\r\nEND:VEVENT\r\n"
        }
        text += "END:VCALENDAR\r\n"
        let result = read(text, as: "daily.ics")
        #expect(result.schedule.runs.count == ScheduleReader.maxEntriesPerFile)
        #expect(result.runSummary.contains("2026-11-24 intervals"))
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.message.contains("more than \(ScheduleReader.maxEntriesPerFile) entries") == true)
    }

    /// Alarms nested 10,000 deep inside an event: the event's own properties are still its own.
    @Test func alarmsNestedTenThousandDeepInsideAnEvent() {
        let depth = 10_000
        let middle = "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261126\r\nSUMMARY:Easy 5 km\r\n"
            + String(repeating: "BEGIN:VALARM\r\nSUMMARY:Hills 10 km\r\n", count: depth)
            + String(repeating: "END:VALARM\r\n", count: depth) + "END:VEVENT\r\n"
        let result = read(calendar(around: middle), as: "alarms.ics")
        #expect(result.keptTheGoodEvents)
        #expect(result.runSummary.contains("2026-11-26 easy"))
        #expect(result.diagnostics.isEmpty)
    }

    @Test func rruleWithoutEndStopsAtTheHorizon() {
        let middle = "BEGIN:VEVENT\r\nUID:forever\r\nDTSTART;VALUE=DATE:20261125\r\nRRULE:FREQ=DAILY\r\nSUMMARY:Easy 5 km\r\nEND:VEVENT\r\n"
        var result = ScheduleReadResult()
        result = read(calendar(around: middle), as: "forever.ics")
        let easy = result.schedule.runs.filter { $0.type == .easy }
        #expect(easy.count == ScheduleReadOptions.defaultHorizonDays + 1)
        #expect(easy.last?.date == day("2026-11-25").adding(days: ScheduleReadOptions.defaultHorizonDays))
        #expect(result.keptTheGoodEvents)
    }

    /// Endless rules with absurd numbers: no overflow, no hang, the first occurrence at least.
    @Test(arguments: [
        "FREQ=WEEKLY;INTERVAL=9223372036854775807",
        "FREQ=DAILY;INTERVAL=9223372036854775807",
        "FREQ=WEEKLY;INTERVAL=2000000000000000000;BYDAY=MO,TU,WE,TH,FR,SA,SU",
        "FREQ=DAILY;COUNT=9223372036854775807",
        "FREQ=DAILY;UNTIL=99991231",
    ])
    func rruleWithHugeNumbersEndsQuickly(rule: String) {
        let middle = "BEGIN:VEVENT\r\nUID:huge\r\nDTSTART;VALUE=DATE:20261125\r\nRRULE:\(rule)\r\nSUMMARY:Easy 5 km\r\nEND:VEVENT\r\n"
        var result = ScheduleReadResult()
        result = read(calendar(around: middle), as: "huge-rule.ics")
        let easy = result.schedule.runs.filter { $0.type == .easy }
        #expect(easy.first?.date == day("2026-11-25"))
        #expect(easy.count <= ScheduleReadOptions.defaultHorizonDays + 1)
        #expect(result.keptTheGoodEvents)
    }

    /// A weekly TOML template to 9999 with many sessions a day is bounded like an RRULE, with a warning.
    @Test func weeklyTemplateToYear9999IsBoundedByTheHorizon() {
        let sessions = Array(repeating: "\"easy 5 km\"", count: 50).joined(separator: ", ")
        let text = "[weekly]\nfrom = 0001-01-01\nuntil = 9999-12-31\nmon = [\(sessions)]\n"
        var result = ScheduleReadResult()
        result = read(text, as: "forever.toml")
        let horizon = day("0001-01-01").adding(days: ScheduleReadOptions.defaultHorizonDays)
        #expect(result.diagnostics.map(\.description)
            == ["forever.toml:3:1: warning: until is more than \(ScheduleReadOptions.defaultHorizonDays) days after from; the template is read up to \(horizon)"])
        #expect(result.schedule.runs.allSatisfy { $0.date <= horizon })
        #expect(!result.schedule.runs.isEmpty)
    }
}
