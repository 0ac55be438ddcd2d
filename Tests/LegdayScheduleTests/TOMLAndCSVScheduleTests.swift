import Foundation
import LegdayCore
import Testing
@testable import LegdaySchedule

@Suite struct TOMLScheduleTests {
    @Test func weeklyTemplateWithDatedRunsStrengthAndNotes() {
        let result = Fixture.read("plan.toml")
        #expect(result.diagnostics.isEmpty)
        #expect(result.schedule.summary == [
            "2027-01-04 rest", "2027-01-05 intervals 10.0", "2027-01-07 easy 8.0", "2027-01-07 easy", "2027-01-09 long 21.0",
            "2027-01-11 rest", "2027-01-12 tempo 12.0", "2027-01-14 easy 8.0", "2027-01-14 easy", "2027-01-16 long 21.0",
            "2027-01-18 rest", "2027-01-19 intervals 10.0", "2027-01-21 easy 8.0", "2027-01-21 easy", "2027-01-23 long 21.0",
            "2027-01-25 rest", "2027-01-26 intervals 10.0", "2027-01-28 easy 8.0", "2027-01-28 easy", "2027-01-30 race 21.1",
        ])
        // The dated run replaced the template's Tuesday; the template's title is the text it was written as.
        #expect(result.schedule.runs.first { $0.date == day("2027-01-12") }?.title == "Tempo 3 x 3 km")
        #expect(result.schedule.runs.first { $0.date == day("2027-01-05") }?.title == "intervals 10 km")
        #expect(result.schedule.runs.first { $0.date == day("2027-01-05") }?.source?.line == 7)
        #expect(result.schedule.strength == [PlannedStrength(date: day("2027-01-07"), title: "Gym A (lower body)",
                                                             source: SourceLocation(path: "plan.toml", line: 21))])
        #expect(result.schedule.annotations == [Annotation(first: day("2027-01-04"), last: day("2027-01-10"), text: "Week 1: base")])
    }

    @Test func unknownKeysAndBadValuesAreFoundOnTheirLines() {
        let result = Fixture.read("bad.toml")
        #expect(result.diagnostics.map(\.location.line) == [5, 9, 13, 20, 22])
        #expect(result.diagnostics.allSatisfy { $0.location.path == "bad.toml" && $0.severity == .error })
        #expect(result.diagnostics[1].message.contains("sprint") || result.diagnostics[1].message.contains("type must be"))
        #expect(result.diagnostics[3].message.contains("'pace'"))
        #expect(result.diagnostics[4].message.contains("'races'"))
        // Everything that could be read was.
        #expect(result.schedule.summary == ["2027-01-05 intervals 10.0", "2027-01-08 easy 8.0"])
    }

    @Test func syntaxErrorsCarryLineAndColumn() {
        let result = Fixture.read("syntax-error.toml")
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.location.line == 2)
        #expect((result.diagnostics.first?.location.column ?? 0) > 1)
        #expect(result.schedule.runs.isEmpty)
    }

    @Test func weeklyTemplateWithoutUntilStopsAtTheHorizon() {
        let text = "[weekly]\nfrom = 2027-01-04\nsun = \"long 20 km\"\n"
        let result = ScheduleReader.parse(data: Data(text.utf8), format: .toml, path: "w.toml",
                                          options: ScheduleReadOptions(horizonDays: 27))
        #expect(result.schedule.runs.map(\.date.iso) == ["2027-01-10", "2027-01-17", "2027-01-24", "2027-01-31"])
    }

    @Test func aTemplateDayNoKeywordExplainsIsUnclassified() {
        let text = "[weekly]\nfrom = 2027-01-04\nuntil = 2027-01-10\nwed = \"club night\"\n"
        let result = parse(text, .toml)
        #expect(result.schedule.unclassified.map(\.title) == ["club night"])
    }
}

@Suite struct CSVScheduleTests {
    @Test func quotedFieldsCRLFAndAFieldSpanningLines() {
        let result = Fixture.read("plan.csv")
        #expect(result.diagnostics.isEmpty)
        #expect(result.schedule.summary == [
            "2027-02-01 easy 8.0", "2027-02-02 intervals", "2027-02-04 tempo 10.0", "2027-02-06 long 22.0",
            "2027-02-07 rest", "2027-02-08 recovery 5.0",
        ])
        #expect(result.schedule.strength.map(\.title) == ["Gym B (upper body, core)"])
        #expect(result.schedule.runs.first { $0.date == day("2027-02-04") }?.title == "Tempo \"cruise\" km")
        // The row after the two-line field starts on line 9.
        #expect(result.schedule.runs.last?.source?.line == 9)
    }

    @Test func badFieldsAreReportedAtLineAndColumnAndOnlyAnUndatedRowIsSkipped() {
        let result = Fixture.read("bad.csv")
        #expect(result.diagnostics.map(\.location.description) == ["bad.csv:5:17", "bad.csv:7:1"])
        #expect(result.diagnostics.map(\.severity) == [.warning, .error])
        // A day-first date, a type that is a keyword ("jogging"), a distance that is not a number: all read.
        #expect(result.schedule.summary == [
            "2027-02-01 easy 8.0", "2027-02-02 easy 8.0", "2027-02-03 easy 6.0", "2027-02-04 easy", "2027-02-05 long 30.0",
        ])
    }

    @Test func theHeaderIsRequired() {
        let result = Fixture.read("no-header.csv")
        #expect(result.diagnostics.contains { $0.location.line == 1 && $0.message.contains("header") })
        #expect(result.schedule.runs.isEmpty)
    }

    @Test func sourcesMerge() {
        let merged = ScheduleReadResult.merged([Fixture.read("plan.csv"), Fixture.read("strength-plan.ics")])
        // strength-plan.ics: three runs and one entry read as unknown, which takes its day as an easy run.
        #expect(merged.schedule.runs.count == 6 + 4)
        #expect(merged.schedule.runs.map(\.date) == merged.schedule.runs.map(\.date).sorted())
        #expect(merged.schedule.strength.count == 1 + 4)
    }

    @Test func aMissingFileOrUnknownExtensionIsADiagnostic() {
        #expect(ScheduleReader.read(path: "/nonexistent/plan.ics").diagnostics.first?.message.contains("cannot read") == true)
        #expect(ScheduleReader.read(path: "/nonexistent/plan.xlsx").diagnostics.first?.message.contains("format") == true)
    }
}
