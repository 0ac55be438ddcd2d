import LegdayCore
import LegdayOutput
import Testing

@Suite struct CalendarViewTests {
    @Test func oneWeekPerRowWithEveryDaysKind() {
        let plan = Fixtures.marathonPlan(weeks: 6, from: "2027-03-15")
        let text = CalendarView.render(plan, style: .plain)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(!text.contains("\u{1B}"))
        // Header, 6 weeks plus the Monday after the race, blank line, legend.
        #expect(lines[0].hasPrefix("            Mon"))
        let rows = lines.filter { $0.first?.isNumber == true }
        #expect(rows.count == 7)
        for (n, row) in rows.enumerated() {
            #expect(row.hasPrefix(Fixtures.day("2027-03-15").adding(days: 7 * n).iso))
        }
        for day in plan.days {
            let row = rows[plan.days[0].date.days(until: day.date) / 7]
            let start = row.index(row.startIndex, offsetBy: 12 + 10 * day.date.weekday.index)
            let cell = row[start...].prefix(10)
            #expect(cell.hasPrefix(day.day2Text), "\(day.date)")
            #expect(cell.contains(CalendarView.code(day.kind)), "\(day.date): \(cell)")
            #expect(cell.contains("*") == day.runs.contains { $0.isKey }, "\(day.date)")
        }
        #expect(lines.last(where: { !$0.isEmpty })?.contains("HEAVY heavy lift") == true)
    }

    @Test func coloursOnlyWhenAsked() {
        let plan = Fixtures.marathonPlan(weeks: 2)
        let coloured = CalendarView.render(plan, style: .ansi)
        #expect(coloured.contains("\u{1B}[1;31m"))   // heavy
        #expect(coloured.contains("\u{1B}[36m"))     // recovery
        #expect(coloured.contains("\u{1B}[0m"))
        // Without the escapes the coloured view is the plain one.
        #expect(coloured.strippingANSI == CalendarView.render(plan, style: .plain))
    }

    @Test func aPartialWeekLeavesTheOtherDaysBlank() {
        var plan = Fixtures.marathonPlan(weeks: 2)
        plan.days = Array(plan.days[2..<5])   // Wednesday to Friday
        let rows = CalendarView.render(plan).split(separator: "\n").filter { $0.first?.isNumber == true }
        #expect(rows.count == 1)
        #expect(rows[0].dropFirst(12).hasPrefix(String(repeating: " ", count: 20)))
    }

    @Test func anEmptyPlanSaysSo() {
        #expect(CalendarView.render(Plan(timezone: "UTC", days: [])).contains("No days"))
    }
}

@Suite struct DayTableTests {
    @Test func oneLinePerDayWithRunsKindSessionAndWhy() {
        let plan = Fixtures.marathonPlan(weeks: 2)
        let lines = DayTable.render(plan).split(separator: "\n").map(String.init)
        #expect(lines.count == plan.days.count + 1)
        #expect(lines[0].hasPrefix("Date"))
        for (line, day) in zip(lines.dropFirst(), plan.days) {
            #expect(line.hasPrefix("\(day.date.iso)  \(day.date.weekday.name.prefix(3))"))
            #expect(line.contains(" \(day.kind.rawValue) "))
            #expect(line.hasSuffix(day.reasons.first?.text ?? ""))
            if let session = day.session { #expect(line.contains(session.name)) }
            for run in day.runs { #expect(line.contains(run.type.rawValue)) }
        }
        let tuesday = lines[2]
        #expect(tuesday.contains("intervals 10 km"))
    }

    @Test func columnsLineUp() {
        let lines = DayTable.render(Fixtures.marathonPlan(weeks: 2)).split(separator: "\n").map(String.init)
        let kindColumn = lines[0].range(of: "Kind")!.lowerBound.utf16Offset(in: lines[0])
        for line in lines.dropFirst() {
            let kinds = DayKind.allCases.map(\.rawValue)
            let at = line.index(line.startIndex, offsetBy: kindColumn)
            #expect(kinds.contains { line[at...].hasPrefix($0) }, "\(line)")
        }
    }
}

@Suite struct ExplanationTests {
    @Test func listsTheRulesThatDecidedAndThoseThatGaveWay() {
        let day = DayPlan(date: Fixtures.day("2027-03-16"), phase: .racePrep, block: .power, blockWeek: 2,
                          runs: [Run(date: Fixtures.day("2027-03-16"), type: .intervals, distanceKm: 10, title: "6x800")],
                          kind: .heavyLift,
                          reasons: [Reason(rule: "heavy-per-week", "Heavy session 1 of 1."),
                                    Reason(rule: "gym-days", "No gym day fits: bodyweight today.", outcome: .gaveWay)])
        let text = Explanation.render(day)
        #expect(text.hasPrefix("Tuesday 2027-03-16: Heavy lift"))
        #expect(text.contains("Phase: race-prep · Block: power, week 2"))
        #expect(text.contains("intervals 10 km (key) — 6x800"))
        let decided = text.range(of: "Decided by:")!, gave = text.range(of: "Gave way:")!
        let applied = text.range(of: "[heavy-per-week] Heavy session 1 of 1.")!
        let yielded = text.range(of: "[gym-days] No gym day fits: bodyweight today.")!
        #expect(decided.upperBound < applied.lowerBound && applied.upperBound < gave.lowerBound)
        #expect(gave.upperBound < yielded.lowerBound)
    }

    @Test func aRunTitleFromACalendarCannotReachTheTerminalRaw() {
        let day = DayPlan(date: Fixtures.day("2027-03-16"), phase: .racePrep, block: .power, blockWeek: 2,
                          runs: [Run(date: Fixtures.day("2027-03-16"), type: .intervals, distanceKm: 10,
                                     title: "6x800\u{1B}]0;owned\u{07}\r\nlegday: forged")],
                          kind: .heavyLift, reasons: [])
        let text = Explanation.render(day)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x0D })
        #expect(text.contains("— 6x800\\u{1B}]0;owned\\u{7}\\u{D}\\u{A}legday: forged"))
    }

    @Test func saysWhenEveryRuleHeld() {
        let plan = Fixtures.marathonPlan(weeks: 2)
        let monday = plan.days[7]
        #expect(monday.kind == .recovery)
        let text = Explanation.render(monday)
        #expect(text.contains("none: every rule held"))
        #expect(text.contains("[after-long-run-recovery]"))
        #expect(text.contains("Session — \(monday.session?.name ?? "?")"))
    }
}

extension DayPlan {
    var day2Text: String { date.day < 10 ? "0\(date.day)" : "\(date.day)" }
}

extension String {
    /// The text without ANSI colour escapes.
    var strippingANSI: String {
        var out = ""
        var inEscape = false
        for c in self {
            if c == "\u{1B}" { inEscape = true; continue }
            if inEscape { if c == "m" { inEscape = false }; continue }
            out.append(c)
        }
        return out
    }
}
