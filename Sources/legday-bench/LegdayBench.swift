import Foundation
import LegdayCore
import LegdayExercises
import LegdaySchedule

/// `legday-bench`: the measurements `make bench` reports (Tests/bench/run.py drives it and compares the
/// calendar reader with Python's icalendar on the same file). Prints one `name value` line per number.
@main
enum LegdayBench {
    static func main() throws {
        let arguments = CommandLine.arguments
        if arguments.count > 1, arguments[1] == "deliver" { exit(DeliveryBench.main(Array(arguments.dropFirst(2)))) }
        let calendarPath = arguments.count > 1 ? arguments[1] : NSTemporaryDirectory() + "legday-bench.ics"
        let athletes = arguments.count > 2 ? Int(arguments[2]) ?? 10_000 : 10_000
        let library = try ExerciseCatalog.bundled()

        // One athlete, one year: the median of 21 runs.
        let one = request(seed: 1, library: library)
        var samples: [Double] = []
        for _ in 0..<21 {
            let start = ContinuousClock.now
            let plan = Planner.plan(one)
            samples.append(seconds(ContinuousClock.now - start))
            precondition(plan.days.count == 365)
        }
        samples.sort()
        print("plan_one_athlete_year_ms \(samples[samples.count / 2] * 1000)")

        // Many athletes, one year each, on one core.
        let requests = (0..<athletes).map { request(seed: UInt64($0) + 2, library: library) }
        let start = ContinuousClock.now
        let days = planAll(requests)
        print("plan_many_athletes_year_s \(seconds(ContinuousClock.now - start))")
        print("plan_many_athletes_count \(athletes) days \(days)")

        // A 1 MiB calendar, best of 5.
        let data = megabyteCalendar()
        try data.write(to: URL(fileURLWithPath: calendarPath))
        var best = Double.infinity
        var runs = 0
        for _ in 0..<5 {
            let start = ContinuousClock.now
            let result = ScheduleReader.parse(data: data, format: .ics, path: calendarPath,
                                              options: ScheduleReadOptions(timeZone: "Europe/Berlin"))
            best = min(best, seconds(ContinuousClock.now - start))
            runs = result.schedule.runs.count
        }
        print("ics_megabyte_s \(best) bytes \(data.count) runs \(runs)")
    }

    /// Plans every request and drops each plan before the next, as a service planning for many runners
    /// would; returns the number of days planned. Its own function so that profilers can single it out.
    @inline(never)
    static func planAll(_ requests: [PlanRequest]) -> Int {
        var days = 0
        for request in requests { days += Planner.plan(request).days.count }
        return days
    }

    /// A year of a typical week (easy, intervals, easy, tempo, rest, easy, long), varied per athlete, with a
    /// half in spring and a marathon in autumn.
    static func request(seed: UInt64, library: ExerciseLibrary) -> PlanRequest {
        var random = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        func next(_ bound: Int) -> Int {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((random >> 33) % UInt64(bound))
        }
        let first = LocalDate(iso: "2027-01-04")!
        let week: [RunType?] = [.easy, .intervals, .easy, .tempo, nil, .easy, .long]
        var runs: [Run] = []
        for day in 0..<365 {
            let date = first.adding(days: day)
            guard let type = week[(day + next(2)) % 7] else { continue }
            let km = type == .long ? Double(16 + next(16)) : Double(6 + next(6))
            runs.append(Run(date: date, type: type, distanceKm: km, title: "\(type.rawValue) \(Int(km)) km"))
        }
        let races = [Race(date: first.adding(days: 110 + next(14)), name: "Spring half", distance: .half),
                     Race(date: first.adding(days: 280 + next(14)), name: "Autumn marathon", distance: .marathon)]
        let profile = AthleteProfile(timezone: "Europe/Berlin", policy: next(2) == 0 ? .stack : .separate,
                                     gymDays: [.mon, .tue, .thu, .fri])
        return PlanRequest(schedule: Schedule(runs: runs), profile: profile, races: races,
                           range: DateRange(first: first, days: 365), library: library)
    }

    /// About 1 MiB shaped like a platform export: folded descriptions, alarms, time zones.
    static func megabyteCalendar() -> Data {
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//legday//bench//EN\r\nX-WR-TIMEZONE:Europe/Berlin\r\n"
        let titles = ["Easy 8 km", "Intervals 6x800 m", "Tempo 10 km", "Rest day", "Long run 24 km", "Hills 8 x 60 s", "Bike 45 min"]
        var index = 0
        let first = LocalDate(iso: "2020-01-01")!
        while text.utf8.count < 1 << 20 {
            let date = first.adding(days: index)
            let stamp = String(format: "%04d%02d%02d", date.year, date.month, date.day)
            text += "BEGIN:VEVENT\r\nUID:bench-\(index)@example.com\r\nDTSTAMP:20261101T080000Z\r\n"
            text += "DTSTART;TZID=Europe/Berlin:\(stamp)T071500\r\nDTEND;TZID=Europe/Berlin:\(stamp)T081500\r\n"
            text += "SUMMARY;LANGUAGE=en-us:\(titles[index % titles.count])\r\n"
            text += "DESCRIPTION:Warm up 2 km easy\\, then the main set\\; cool down 2 km. Keep the effort hon\r\n"
            text += " est and write down how it felt\\nSleep well the night before.\r\n"
            text += "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder\r\nTRIGGER:-PT30M\r\nEND:VALARM\r\nEND:VEVENT\r\n"
            index += 1
        }
        return Data((text + "END:VCALENDAR\r\n").utf8)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
