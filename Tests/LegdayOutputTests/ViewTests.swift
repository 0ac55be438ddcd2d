import LegdayCore
import LegdayOutput
import Testing

@Suite struct CalendarViewTests {
    /// The three lines of each week: kinds, runs, phase.
    func weeks(_ text: String) -> [[String]] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let starts = lines.indices.filter { lines[$0].count >= 6 && CalendarView.months.contains(String(lines[$0].prefix(3))) }
        return starts.map { Array(lines[$0..<min($0 + 3, lines.count)]) }
    }

    @Test func oneWeekPerRowWithEveryDaysKindAndRuns() {
        let plan = Fixtures.marathonPlan(weeks: 6, from: "2027-03-15")
        let text = CalendarView.render(plan, style: .plain)
        #expect(!text.contains("\u{1B}"))
        #expect(text.hasPrefix("        Mon"))
        let weeks = weeks(text)
        #expect(weeks.count == 7)  // 6 weeks plus the Monday after the race
        #expect(weeks[0][0].hasPrefix("Mar 15"))
        for day in plan.days {
            let week = weeks[plan.days[0].date.startOfWeek.days(until: day.date) / 7]
            func cell(_ line: String) -> Substring {
                let start = line.index(line.startIndex, offsetBy: min(8 + 10 * day.date.weekday.index, line.count))
                return line[start...].prefix(10)
            }
            #expect(cell(week[0]).hasPrefix("\(day.day2Text) \(CalendarView.code(day))"), "\(day.date)")
            // A day with runs and no lift is "run", never "rest".
            #expect((CalendarView.code(day) == "rest") == (day.kind == .rest && !day.hasRunning))
            if let run = day.runs.first {
                #expect(cell(week[1]).hasPrefix(String(run.type.rawValue.prefix(5))), "\(day.date)")
                #expect(cell(week[1]).contains("*") == run.isKey, "\(day.date)")
            } else {
                #expect(cell(week[1]).hasPrefix("—"), "\(day.date)")
            }
            if day.date.weekday == .mon { #expect(week[2].contains("\(day.phase.rawValue) · "), "\(day.date)") }
        }
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
        #expect(text.contains("run run only"))
        #expect(!text.contains("rest rest"))
    }

    @Test func coloursOnlyWhenAsked() {
        let plan = Fixtures.marathonPlan(weeks: 6)
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
        let weeks = weeks(CalendarView.render(plan))
        #expect(weeks.count == 1)
        #expect(weeks[0][0].dropFirst(8).hasPrefix(String(repeating: " ", count: 20)))
    }

    @Test func anEmptyPlanSaysSo() {
        #expect(CalendarView.render(Plan(timezone: "UTC", days: [])).contains("No days"))
    }
}

@Suite struct DayTableTests {
    @Test func oneLinePerDayWithRunsKindSessionAndWhyWhenWide() {
        let plan = Fixtures.marathonPlan(weeks: 2)
        let lines = DayTable.render(plan, width: 400).split(separator: "\n").map(String.init)
        #expect(lines.count == plan.days.count + 1)
        #expect(lines[0].hasPrefix("Date"))
        for (line, day) in zip(lines.dropFirst(), plan.days) {
            #expect(line.hasPrefix("\(day.date.iso)  \(day.date.weekday.name.prefix(3))"))
            #expect(line.contains(" \(day.displayKind) "))
            #expect(line.hasSuffix(day.reasons.first?.text ?? ""))
            if let session = day.session { #expect(line.contains(session.name)) }
            for run in day.runs { #expect(line.contains(run.type.rawValue)) }
        }
        #expect(lines[2].contains("intervals 10 km"))
    }

    /// At 80 columns (and narrower) no line is longer than the screen: the runs, session and why columns
    /// wrap inside themselves, and every day's date still starts a line of its own.
    @Test(arguments: [80, 64]) func fitsTheScreenByWrappingColumns(width: Int) {
        let plan = Fixtures.marathonPlan(weeks: 2)
        let lines = DayTable.render(plan, width: width).split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= width }, "\(lines.filter { $0.count > width })")
        let starts = lines.filter { $0.first?.isNumber == true }
        #expect(starts.map { String($0.prefix(10)) } == plan.days.map(\.date.iso))
        // At 80 columns each reason is all there, over however many lines it takes (narrower, a long
        // word may be cut across lines).
        let words = Set(lines.joined(separator: " ").split(separator: " "))
        for day in plan.days where width >= 80 {
            let said = Set((day.reasons.first?.text ?? "").split(separator: " "))
            #expect(said.isSubset(of: words))
        }
    }

    @Test func aDayWithRunsAndNoLiftIsRunOnly() {
        let plan = Fixtures.marathonPlan(weeks: 2)
        let text = DayTable.render(plan, width: 400)
        for day in plan.days where day.kind == .rest {
            let line = text.split(separator: "\n").first { $0.hasPrefix(day.date.iso) }!
            #expect(line.contains(day.hasRunning ? " run only " : " rest "), "\(line)")
        }
    }
}

@Suite struct TextTableTests {
    @Test func cellsWrapAtSpacesAndLongWordsAreCut() {
        #expect(TextTable.wrap("heavy lower-body session", to: 10) == ["heavy", "lower-body", "session"])
        #expect(TextTable.wrap("abcdefghijkl", to: 5) == ["abcde", "fghij", "kl"])
        #expect(TextTable.wrap("", to: 5) == [""])
    }

    @Test func onlyWrappableColumnsGiveWay() {
        let table = TextTable(headings: ["ID", "Text"], rows: [["goblet-squat", String(repeating: "word ", count: 30)]],
                              wrappable: [1])
        let widths = table.widths(fitting: 40)
        #expect(widths[0] == 12 && widths[0] + 2 + widths[1] <= 40)
        #expect(table.render(width: 40).split(separator: "\n").allSatisfy { $0.count <= 40 })
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
