import Foundation
import LegdayCore
import LegdayOutput
import Testing

@Suite struct ICalendarWriterTests {
    static let stamp = 1_795_000_000   // 2026-11-18T11:06:40Z

    @Test func escapesText() {
        #expect(ICalendarWriter.escape(#"a\b;c,d"#) == #"a\\b\;c\,d"#)
        #expect(ICalendarWriter.escape("one\ntwo\r\nthree") == #"one\ntwo\nthree"#)
        #expect(ICalendarWriter.escape("bell\u{07}tab\t") == "belltab\t")
    }

    @Test func foldsAt75OctetsWithoutSplittingCharacters() {
        let line = "DESCRIPTION:" + String(repeating: "Hüftbeuger dehnen — ", count: 20)
        let folded = ICalendarWriter.fold(line)
        let physical = folded.components(separatedBy: "\r\n")
        #expect(physical.count > 1)
        for (n, part) in physical.enumerated() {
            #expect(part.utf8.count <= 75)
            if n > 0 { #expect(part.hasPrefix(" ")) }
            #expect(String(validating: Array(part.utf8), as: UTF8.self) != nil)
        }
        #expect(physical.first.map { $0.utf8.count >= 73 } == true)   // filled, not folded early
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
        #expect(ICalendarWriter.fold("SHORT:line") == "SHORT:line")
    }

    @Test func writesAValidCalendar() {
        let plan = Fixtures.marathonPlan(weeks: 4)
        let text = ICalendarWriter(athlete: "ana").document(plan, stamp: Self.stamp)
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
        let lifts = plan.days.filter { $0.kind.hasSession }
        #expect(text.components(separatedBy: "BEGIN:VEVENT").count - 1 == lifts.count)
        #expect(text.contains("DTSTAMP:20261118T110640Z\r\n"))
        #expect(text.contains("UID:\(lifts[0].date.iso)-ana@legday"))
    }

    @Test func uidsAreStableAcrossRuns() {
        let plan = Fixtures.marathonPlan(weeks: 2)
        func uids(_ text: String) -> [String] {
            text.components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }
        }
        let a = uids(ICalendarWriter().document(plan, stamp: Self.stamp))
        let b = uids(ICalendarWriter().document(plan, stamp: Self.stamp + 86_400))
        #expect(a == b)
        #expect(Set(a).count == a.count)
    }

    /// Reads the calendar back with Python's `icalendar` (Tests/integration/requirements.txt), an
    /// independent parser: every lift and recovery day is one all-day event with the session in it.
    @Test func pythonIcalendarReadsItBack() throws {
        let plan = Fixtures.marathonPlan(weeks: 6)
        let text = ICalendarWriter(athlete: "ana").document(plan, stamp: Self.stamp)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("legday-ics-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("plan.ics")
        try Data(text.utf8).write(to: file)
        let script = """
        import json, sys, icalendar
        cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
        out = {"version": str(cal.get("VERSION")), "prodid": str(cal.get("PRODID")), "events": []}
        for ev in cal.walk("VEVENT"):
            out["events"].append({"uid": str(ev.get("UID")), "start": ev.decoded("DTSTART").isoformat(),
                                  "end": ev.decoded("DTEND").isoformat(), "summary": str(ev.get("SUMMARY")),
                                  "description": str(ev.get("DESCRIPTION")), "stamp": ev.decoded("DTSTAMP").isoformat()})
        print(json.dumps(out))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, file.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let problem = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 icalendar failed (pip install -r Tests/integration/requirements.txt): \(problem)")

        struct Parsed: Decodable {
            struct Event: Decodable { var uid, start, end, summary, description, stamp: String }
            var version: String
            var prodid: String
            var events: [Event]
        }
        let parsed = try JSONDecoder().decode(Parsed.self, from: data)
        #expect(parsed.version == "2.0")
        #expect(parsed.prodid == "-//legday//legday plan//EN")
        let lifts = plan.days.filter { $0.kind.hasSession }
        #expect(parsed.events.count == lifts.count)
        for (event, day) in zip(parsed.events, lifts) {
            #expect(event.uid == "\(day.date.iso)-ana@legday")
            #expect(event.start == day.date.iso)
            #expect(event.end == day.date.adding(days: 1).iso)
            #expect(event.summary.hasPrefix(day.kind.label))
            #expect(event.description == ReminderText.body(for: day))
            #expect(event.stamp == "2026-11-18T11:06:40+00:00")
        }
    }
}
