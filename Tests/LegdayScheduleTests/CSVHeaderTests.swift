import Foundation
import LegdayCore
import Testing
@testable import LegdaySchedule

/// CSV files as people export them: headers legday recognises, separators, dates and several rows a day.
@Suite struct CSVHeaderTests {
    private func read(_ text: String, layout: CSVLayout = CSVLayout(), units: DistanceUnit? = nil) -> ScheduleReadResult {
        ScheduleReader.parse(data: Data(text.utf8), format: .csv, path: "plan.csv",
                             options: ScheduleReadOptions(units: units, csv: layout))
    }

    private func readings(_ result: ScheduleReadResult) -> [String] {
        result.schedule.entries.map { entry in
            let km = entry.main.distanceKm.map { String(format: " %.1f", $0) } ?? ""
            let minutes = entry.main.durationMin.map { String(format: " %gmin", $0) } ?? ""
            return "\(entry.date) \(entry.main.kind.rawValue) \(entry.main.type?.rawValue ?? "-")\(km)\(minutes)"
        }
    }

    @Test func aGermanExportWithABOMSemicolonsAndDayFirstDates() {
        let result = Fixture.read("export-de.csv")
        #expect(result.diagnostics.isEmpty)
        #expect(readings(result) == [
            "2027-01-11 run easy 8.0", "2027-01-12 rest -", "2027-01-13 strength - 45min",
            "2027-01-14 run intervals 10.5", "2027-01-14 cross - 20min", "2027-01-17 run long 22.7",
        ])
        // A quoted field keeps its semicolon; the description is the "Beschreibung" column.
        #expect(result.schedule.entries.first?.title == "Lockerer Lauf")
    }

    @Test func columnsAreFoundByTheirNames() {
        // Title, type, distance with a unit, description and a duration column among columns legday ignores.
        let text = """
            "Week","Phase","Date","Day","Type","Workout","Distance","Detail","RPE / Duration"
            1,"Base",2026-06-22,Mon,run,"Easy run","7km","Warm up 10 min walk.","RPE 5/10"
            1,"Base",2026-06-23,Tue,strength,"Strength A","","Deadlifts 3x8","40-45 min"
            1,"Base",2026-06-24,Wed,rest,"Rest","","Full rest or 20 min walk.",""
            4,"Taper",2026-07-12,Sun,race,"RACE DAY","21.1km","Go.","1:30:00 target"

            """
        let result = read(text)
        #expect(result.diagnostics.isEmpty)
        // "RPE 5/10" is no time, and a target time is the goal, not the session's length.
        #expect(readings(result) == [
            "2026-06-22 run easy 7.0", "2026-06-23 strength - 42.5min", "2026-06-24 rest -", "2026-07-12 race race 21.1",
        ])
    }

    @Test func aMilesColumnAndSeveralRowsForOneDate() {
        let text = "date\tactivity_category\tactivity\tTotal_Miles\n2021-03-09\tSE\tpushups\t\n2021-03-09\tSE\tbodyweight squats\t\n"
            + "2021-03-10\tE\tlss run\t5\n2021-03-11\tStrength\t\t\n2021-03-12\tRecovery\trest\t\n"
        let result = read(text)
        #expect(readings(result) == [
            "2021-03-09 strength -", "2021-03-09 strength -", "2021-03-10 run easy 8.0", "2021-03-11 strength -",
            "2021-03-12 rest -",
        ])
        // A row without a title is titled by its type column.
        #expect(result.schedule.entries[3].title == "Strength")
    }

    @Test func aBareDistanceTakesTheFilesUnit() {
        let text = "date,title,distance\n2027-01-04,Easy,5\n2027-01-05,Tempo,8\n"
        #expect(readings(read(text)) == ["2027-01-04 run easy 5.0", "2027-01-05 run tempo 8.0"])
        #expect(readings(read(text, units: .miles)) == ["2027-01-04 run easy 8.0", "2027-01-05 run tempo 12.9"])
    }

    @Test func dayAndMonthAreToldFromTheFileOrTheConfig() {
        let monthFirst = "date,title\n01/13/2027,Easy 5 km\n01/02/2027,Easy 6 km\n"
        #expect(readings(read(monthFirst)) == ["2027-01-02 run easy 6.0", "2027-01-13 run easy 5.0"])
        let ambiguous = "date,title\n01/02/2027,Easy 6 km\n"
        #expect(readings(read(ambiguous)) == ["2027-02-01 run easy 6.0"])
        #expect(readings(read(ambiguous, layout: CSVLayout(dateOrder: .mdy))) == ["2027-01-02 run easy 6.0"])
    }

    @Test func theConfigNamesColumnsTheHeaderDoesNotGiveAway() {
        let text = "Tag;Was;Umfang\n2027-01-04;Locker;8\n"
        #expect(read(text).diagnostics.first?.message.contains("[schedule.csv]") == true)
        let layout = CSVLayout(columns: ["date": "Tag", "title": "Was", "distance": "Umfang"])
        #expect(readings(read(text, layout: layout)) == ["2027-01-04 run easy 8.0"])
    }

    @Test func separatorsAreTakenFromTheHeaderLine() {
        #expect(CSVScheduleReader.separator(of: "date;title\n2027-01-04;\"a, b\"\n") == ";")
        #expect(CSVScheduleReader.separator(of: "date\ttitle\n") == "\t")
        #expect(CSVScheduleReader.separator(of: "date,title;x\n") == ",")
    }

    @Test func aTitleLessRowTakesWhatItsTypeWordMeansInThisFile() {
        // This plan's "Recovery" rows say "rest", so a "Recovery" row with no title is a day off, not a
        // recovery run. "lss run" is no type name, so nothing is learned for "E", which stays Daniels' easy.
        let text = """
            date,activity_category,activity
            2027-01-04,Recovery,rest
            2027-01-11,Recovery,rest
            2027-01-18,Recovery,
            2027-01-19,E,lss run
            2027-01-20,E,
            2027-01-21,Tempo,

            """
        let result = read(text)
        #expect(readings(result) == ["2027-01-04 rest -", "2027-01-11 rest -", "2027-01-18 rest -",
                                     "2027-01-19 run easy", "2027-01-20 run easy", "2027-01-21 run tempo"])
        // One titled row is not enough to learn from.
        let once = "date,category,title\n2027-01-04,Recovery,rest\n2027-01-18,Recovery,\n"
        #expect(readings(read(once)) == ["2027-01-04 rest -", "2027-01-18 run recovery"])
    }

    @Test func aMinutesColumnWithAnotherNameIsNamedInTheConfig() {
        // A "reps" column that holds a run's minutes, as some fitness trackers export.
        let text = "date,activity,sets,reps\n2027-01-04,lss run,1,45\n2027-01-05,pushups,3,10\n"
        #expect(readings(read(text)) == ["2027-01-04 run easy", "2027-01-05 strength -"])
        #expect(readings(read(text, layout: CSVLayout(columns: ["duration": "reps"])))
                == ["2027-01-04 run easy 45min", "2027-01-05 strength - 10min"])
    }
}
