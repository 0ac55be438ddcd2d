import Foundation
import LegdayCore
import Testing
@testable import LegdaySchedule

/// Reading a 1 MiB calendar, against Python's icalendar on the same file in the same run.
/// A measurement, not a test of behaviour: it runs only with LEGDAY_BENCH=1 (use `-c release`).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["LEGDAY_BENCH"] == "1"))
struct ICalendarBenchmark {
    /// About 1 MiB of events shaped like a platform export: folded descriptions, alarms, time zones.
    static func megabyteCalendar() -> Data {
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//legday//bench//EN\r\nX-WR-TIMEZONE:Europe/Berlin\r\n"
        let titles = ["Easy 8 km", "Intervals 6x800 m", "Tempo 10 km", "Rest day", "Long run 24 km", "Hills 8 x 60 s", "Bike 45 min"]
        var index = 0
        while text.utf8.count < 1 << 20 {
            let date = LocalDateText.day(index)
            text += "BEGIN:VEVENT\r\nUID:bench-\(index)@example.com\r\nDTSTAMP:20261101T080000Z\r\n"
            text += "DTSTART;TZID=Europe/Berlin:\(date)T071500\r\nDTEND;TZID=Europe/Berlin:\(date)T081500\r\n"
            text += "SUMMARY;LANGUAGE=en-us:\(titles[index % titles.count])\r\n"
            text += "DESCRIPTION:Warm up 2 km easy\\, then the main set\\; cool down 2 km. Keep the effort hon\r\n"
            text += " est and write down how it felt\\nSleep well the night before.\r\n"
            text += "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder\r\nTRIGGER:-PT30M\r\nEND:VALARM\r\nEND:VEVENT\r\n"
            index += 1
        }
        return Data((text + "END:VCALENDAR\r\n").utf8)
    }

    @Test func megabyteCalendarAgainstPythonICalendar() throws {
        let data = Self.megabyteCalendar()
        let path = NSTemporaryDirectory() + "legday-bench-\(UUID().uuidString).ics"
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        var best = Double.infinity
        var runs = 0
        for _ in 0..<5 {
            let start = ContinuousClock.now
            let result = ScheduleReader.parse(data: data, format: .ics, path: path,
                                              options: ScheduleReadOptions(timeZone: "Europe/Berlin"))
            best = min(best, (ContinuousClock.now - start).seconds)
            runs = result.schedule.runs.count
        }
        let python = try Self.pythonSeconds(path)
        print("1 MiB calendar (\(data.count) bytes, \(runs) runs): legday \(String(format: "%.4f", best)) s, "
              + "python icalendar \(String(format: "%.4f", python)) s, ratio \(String(format: "%.1f", python / best))x")
        #expect(runs > 1000)
        #expect(python / best >= 10)
    }

    static func pythonSeconds(_ path: String) throws -> Double {
        let script = """
        import sys, time, icalendar
        data = open(sys.argv[1], 'rb').read()
        best = None
        for _ in range(3):
            t = time.perf_counter()
            events = icalendar.Calendar.from_ical(data).walk('VEVENT')
            [(e.get('SUMMARY'), e.decoded('DTSTART')) for e in events]
            elapsed = time.perf_counter() - t
            best = elapsed if best is None else min(best, elapsed)
        print(best)
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let seconds = Double(text) else { throw BenchmarkError.python(text) }
        return seconds
    }

    enum BenchmarkError: Error { case python(String) }
}

private extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Consecutive days from 2026-11-16 as YYYYMMDD.
private enum LocalDateText {
    static func day(_ offset: Int) -> String {
        let date = LocalDate(year: 2026, month: 11, day: 16).map { $0.adding(days: offset) }
        return date.map { String(format: "%04d%02d%02d", $0.year, $0.month, $0.day) } ?? "20261116"
    }
}
