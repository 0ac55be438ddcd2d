import Foundation
import LegdayCore
@testable import LegdayCLI
import LegdayOutput
import Testing

/// `legday schedule`'s JSON contract and table, and `legday check`'s count of entries.
@Suite struct ScheduleCommandTests {
    let entries = [
        ReadEntry(date: LocalDate(year: 2027, month: 3, day: 2)!, title: "Strength + 5K easy run",
                  source: SourceLocation(path: "/plans/plan.ics", line: 12),
                  components: [EntryComponent(.run, type: .easy, distanceKm: 5), EntryComponent(.strength)],
                  why: "title: 'strength', 'easy run', 5 km"),
        ReadEntry(date: LocalDate(year: 2027, month: 3, day: 3)!, title: "RB 00:25:00",
                  source: SourceLocation(path: "/plans/plan.ics", line: 20),
                  components: [EntryComponent(.run, type: .easy, durationMin: 25)], why: "title: 'RB', 25 min"),
        ReadEntry(date: LocalDate(year: 2027, month: 3, day: 4)!, title: "Team quiz night",
                  source: SourceLocation(path: "/plans/plan.ics", line: 28), components: [], why: "nothing"),
    ]

    @Test func jsonHasEveryKeyOfTheContractWithNullsForWhatIsAbsent() throws {
        let data = try JSONEncoder().encode(ScheduleDocument(entries: entries.map(ScheduleDocument.Entry.init)))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let list = try #require(root["entries"] as? [[String: Any]])
        #expect(list.count == 3)
        let keys: Set<String> = ["date", "title", "source", "read_as", "type", "distance_km", "duration_min", "also", "why"]
        #expect(list.allSatisfy { Set($0.keys) == keys })
        #expect(list[0]["date"] as? String == "2027-03-02")
        #expect(list[0]["source"] as? String == "/plans/plan.ics:12")
        #expect(list[0]["read_as"] as? String == "run")
        #expect(list[0]["type"] as? String == "easy")
        #expect(list[0]["distance_km"] as? Double == 5)
        #expect(list[0]["duration_min"] is NSNull)
        #expect((list[0]["also"] as? [[String: String]]) == [["read_as": "strength"]])
        #expect(list[1]["duration_min"] as? Double == 25)
        #expect(list[1]["distance_km"] is NSNull)
        // An entry nothing explains is unknown, with no type.
        #expect(list[2]["read_as"] as? String == "unknown")
        #expect(list[2]["type"] is NSNull)
    }

    @Test(arguments: [80, 60]) func theTableFitsTheScreenAndWrapsLongTitles(width: Int) {
        let long = ReadEntry(date: LocalDate(year: 2027, month: 3, day: 5)!, title: String(repeating: "Tempo ", count: 30),
                             components: [EntryComponent(.run, type: .threshold, distanceKm: 12.5, durationMin: 55)],
                             why: "title")
        let lines = ScheduleCommand.table(entries + [long], width: width).split(separator: "\n")
        #expect(lines.allSatisfy { TextTable.columns(of: $0) <= width }, "\(lines)")
        #expect(lines[1].hasPrefix("2027-03-02  run+strength  easy"))
        let last = lines.firstIndex { $0.hasPrefix("2027-03-05") }!
        #expect(lines[last].contains("threshold  12.5  55"))
        // Every word of the long title is shown, on the lines below its row.
        #expect(lines[last...].joined().components(separatedBy: "Tempo").count - 1 == 30)
    }

    @Test func wideCharactersTakeTwoColumns() {
        #expect(TextTable.columns(of: "3公里慢跑") == 9)
        #expect(TextTable.wrap("3公里慢跑 easy", to: 8) == ["3公里慢", "跑 easy"])
    }

    @Test func checkCountsEntriesByTheirMainPart() {
        #expect(CheckCommand.entrySummary(Schedule(entries: entries)) == "3 entries: 2 runs, 1 unknown")
        #expect(CheckCommand.entrySummary(Schedule(entries: [])) == "0 entries: 0 runs")
    }
}
