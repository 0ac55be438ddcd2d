import LegdayCore
import Testing

/// Every reason a day carries is checked against the day it is attached to, on generated schedules under
/// both policies: what a reason says must be true of that day and its neighbours, whichever rule made it.
@Suite struct ReasonTruthTests {
    @Test(arguments: 0..<200)
    func everyReasonIsTrueOfItsDay(seed: Int) {
        let c = PlannerPropertyTests.generate(seed: UInt64(seed) &* 104_729 &+ 3)
        let plan = Planner.plan(c.request)
        let problems = ReasonChecker(c.request, plan).problems()
        #expect(problems.isEmpty, "seed \(seed): \(problems.prefix(5).joined(separator: "\n"))")
    }
}

struct ReasonChecker {
    let checker: RuleChecker
    let plan: Plan
    var byDate: [LocalDate: DayPlan] = [:]

    init(_ request: PlanRequest, _ plan: Plan) {
        checker = RuleChecker(request)
        self.plan = plan
        for day in plan.days { byDate[day.date] = day }
    }

    func kind(_ d: LocalDate) -> DayKind? { byDate[d]?.kind }

    func problems() -> [String] {
        var out: [String] = []
        for day in plan.days {
            let d = day.date
            let tomorrow = d.adding(days: 1), yesterday = d.adding(days: -1)
            func fail(_ what: String, _ reason: Reason) { out.append("\(d.iso) \(day.kind.rawValue): \(what): “\(reason.text)”") }
            for reason in day.reasons {
                let text = reason.text
                // The phase named is the day's phase.
                if reason.rule == "phase" {
                    let named: Phase? = text.hasPrefix("Base phase") ? .base : text.hasPrefix("Race preparation") ? .racePrep
                        : text.hasPrefix("Taper") ? .taper : nil
                    if named != day.phase { fail("phase named is not \(day.phase)", reason) }
                }
                if text.contains("(base phase)") && day.phase != .base { fail("base named", reason) }
                if text.contains("(race-prep phase)") && day.phase != .racePrep { fail("race-prep named", reason) }
                if text.contains("power and stability session") && day.phase != .racePrep { fail("power and stability outside race preparation", reason) }
                // Taper words only inside the taper.
                if text.hasPrefix("Taper") && day.phase != .taper { fail("taper outside the taper", reason) }
                // The block named is the day's block and week.
                if reason.rule == "training-block" && !text.hasPrefix("\(day.block.rawValue.prefix(1).uppercased())\(day.block.rawValue.dropFirst()) block, week \(day.blockWeek) of") {
                    fail("block is \(day.block) week \(day.blockWeek)", reason)
                }
                // Neighbours.
                // (A neighbour outside the range asked for is not in the plan to compare with.)
                if text.contains("tomorrow is a heavy day") && kind(tomorrow).map({ $0 != .heavyLift }) ?? false { fail("tomorrow is not heavy", reason) }
                if text.contains("yesterday was a heavy day") && kind(yesterday).map({ $0 != .heavyLift }) ?? false { fail("yesterday was not heavy", reason) }
                if text.contains("own strength session is tomorrow") && !checker.strengthDays.contains(tomorrow) { fail("no own session tomorrow", reason) }
                if text.contains("own strength session was yesterday") && !checker.strengthDays.contains(yesterday) { fail("no own session yesterday", reason) }
                if text.hasPrefix("Long run tomorrow") && !checker.hasLong(tomorrow) { fail("no long run tomorrow", reason) }
                if text.hasPrefix("Long run today") && !checker.hasLong(d) { fail("no long run today", reason) }
                if reason.rule == "eve-of-key-day" && !checker.hasKey(tomorrow) { fail("no key run or race tomorrow", reason) }
                if reason.rule == "schedule-rest-day" && !checker.isScheduledRest(d) { fail("not a rest day in the schedule", reason) }
                if reason.rule == "days-off" && (!checker.isRunFree(d) || day.kind == .heavyLift || day.kind == .lightLift) {
                    fail("not a day off", reason)
                }
                if reason.rule == "race-day" && !checker.isRace(d) { fail("no race today", reason) }
                if reason.rule == "return-after-race" && checker.returning(d) == nil { fail("not in a return after a race", reason) }
                if reason.rule == "after-long-run-recovery" && reason.outcome == .applied && !checker.hasLong(yesterday) { fail("no long run yesterday", reason) }
                // The week's lift days, as the rest reason lists them.
                if reason.rule == "rest", text.contains("this week's are on") {
                    let monday = d.startOfWeek
                    let lifts = (0..<7).map { monday.adding(days: $0) }.filter { kind($0) == .heavyLift || kind($0) == .lightLift }
                    if plan.days.first!.date <= monday && monday.adding(days: 6) <= plan.days.last!.date {
                        let listed = Weekday.allCases.filter { text.contains($0.name) }
                        if listed != lifts.map(\.weekday) { fail("lift days are \(lifts.map(\.weekday.name))", reason) }
                    }
                }
                // Mileage: races do not count, and the number is the week's.
                if reason.rule == "high-mileage-week" {
                    let km = checker.volume(d.startOfWeek)
                    if !text.hasPrefix("High-mileage week: \(ReminderText.formatKm(km)) km") { fail("the week ran \(ReminderText.formatKm(km)) km", reason) }
                }
            }
            // The session agrees with the block it is built for.
            if let session = day.session, day.kind == .heavyLift || day.kind == .lightLift {
                let expected: [TrainingBlock: [String]] = [
                    .strength: ["Lower-body strength"], .hypertrophy: ["Glutes and"], .power: ["Power and stability", "Stability and single-leg"],
                    .maintenance: ["Taper"],
                ]
                if !(expected[day.block] ?? []).contains(where: { session.name.hasPrefix($0) }) {
                    out.append("\(d.iso): session “\(session.name)” in a \(day.block) block")
                }
            }
        }
        return out
    }
}
