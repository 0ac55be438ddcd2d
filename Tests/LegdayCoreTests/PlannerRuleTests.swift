import LegdayCore
import Testing

/// One focused test per rule, on small schedules made in code.
@Suite struct PlannerRuleTests {
    // A plain week: intervals Tuesday, easy Wednesday, tempo Thursday, long run Sunday.
    static let week = WeekTemplate(runs: [.tue: (.intervals, 10), .wed: (.easy, 6), .thu: (.tempo, 10), .sun: (.long, 20)])

    @Test func raceDayIsRaceWithActivationAndNoSession() {
        let race = Race(date: date("2027-04-25"), name: "Spring Marathon", distance: .marathon)
        let p = plan([], races: [race], from: "2027-04-20", days: 7)
        let day = p[date("2027-04-25")]
        #expect(day?.kind == .race)
        #expect(day?.session == nil)
        #expect(day?.activation != nil)
        #expect(day?.reasons.first?.rule == "race-day")
    }

    @Test func aRaceInTheScheduleCountsAsARace() {
        let runs = [Run(date: date("2027-05-02"), type: .race, distanceKm: 10, title: "City 10K")]
        let p = plan(runs, from: "2027-04-26", days: 8)
        #expect(p.kind("2027-05-02") == .race)
        #expect(p.kind("2027-05-03") == .recovery)
        #expect(p[date("2027-04-30")]?.phase == .taper)
    }

    @Test func dayAfterARaceIsRecoveryWithTheMobilityRoutine() {
        let race = Race(date: date("2027-04-25"), name: "Spring Marathon", distance: .marathon)
        let p = plan([], races: [race], from: "2027-04-20", days: 7)
        let day = p[date("2027-04-26")]
        #expect(day?.kind == .recovery)
        #expect(day?.session?.exercises.allSatisfy { $0.exercise.role == .mobility } == true)
        #expect(day?.has("after-race-recovery", .applied) == true)
        #expect(day?.has("recovery-mobility") == true)
    }

    @Test func dayAfterTheLongRunIsRecovery() {
        let p = plan(Self.week.schedule(from: date("2027-01-04"), weeks: 2), from: "2027-01-04", days: 14)
        #expect(p.kind("2027-01-11") == .recovery)
        #expect(p[date("2027-01-11")]?.has("after-long-run-recovery") == true)
    }

    @Test func onlyActivationInTheThreeDaysBeforeARace() {
        let race = Race(date: date("2027-06-13"), name: "Summer 5K", distance: .fiveK)
        let runs = WeekTemplate(runs: [.tue: (.intervals, 8), .thu: (.easy, 6)]).schedule(from: date("2027-06-07"), weeks: 1)
        let p = plan(runs, races: [race], from: "2027-06-07", days: 7)
        for iso in ["2027-06-10", "2027-06-11", "2027-06-12"] {
            #expect(p.kind(iso) == .rest, "\(iso)")
            #expect(p[date(iso)]?.activation != nil, "\(iso)")
            #expect(p[date(iso)]?.session == nil, "\(iso)")
            #expect(p[date(iso)]?.reasons.first?.rule == "pre-race-activation-only")
        }
        // The taper's single light session goes before the activation-only days.
        let lifts = p.days.filter { $0.kind == .lightLift || $0.kind == .heavyLift }
        #expect(lifts.count == 1)
        #expect(lifts.first?.kind == .lightLift)
        #expect(lifts.first.map { $0.date < date("2027-06-10") } == true)
    }

    @Test func noLiftTheDayBeforeAKeyRun() {
        // Hard runs on Wednesday and Thursday: Wednesday is the eve of Thursday's tempo, so it holds no lift.
        let runs = WeekTemplate(runs: [.wed: (.intervals, 8), .thu: (.tempo, 10)]).schedule(from: date("2027-01-04"), weeks: 1)
        let p = plan(runs, from: "2027-01-04", days: 7)
        #expect(p.kind("2027-01-06") == .rest)
        #expect(p.kind("2027-01-07") == .heavyLift)
        #expect(p[date("2027-01-06")]?.has("eve-of-key-day") == true)
        // Tuesday, the eve of Wednesday's intervals, neither.
        #expect(p.kind("2027-01-05") == .rest)
    }

    @Test func theScheduleOwnRestDaysStayFree() {
        let runs = WeekTemplate(runs: [.mon: (.rest, 0), .tue: (.easy, 6), .thu: (.intervals, 8), .fri: (.rest, 0), .sat: (.easy, 6), .sun: (.long, 18)])
            .schedule(from: date("2027-01-04"), weeks: 2)
        let p = plan(runs, from: "2027-01-04", days: 14)
        for day in p.days where day.date.weekday == .mon || day.date.weekday == .fri {
            #expect(!(day.kind == .heavyLift || day.kind == .lightLift), "\(day.date)")
        }
        #expect(p[date("2027-01-08")]?.has("schedule-rest-day") == true)
        var rules = RuleSettings()
        rules.liftOnRestDays = true
        rules.minDaysOff = 0
        let asked = plan(runs, from: "2027-01-04", days: 14, rules: rules)
        #expect(asked.days.contains { ($0.date.weekday == .mon || $0.date.weekday == .fri) && $0.kind == .lightLift })
    }

    @Test func aWeekKeepsADayOff() {
        // Wednesday and Friday have no run; one of them stays free of lifting.
        let runs = WeekTemplate(runs: [.mon: (.easy, 6), .tue: (.intervals, 8), .thu: (.easy, 8), .sat: (.easy, 5), .sun: (.long, 18)])
            .schedule(from: date("2027-01-04"), weeks: 3)
        for policy in LiftPolicy.allCases {
            let p = plan(runs, from: "2027-01-04", days: 21, profile: AthleteProfile(policy: policy))
            for w in 0..<3 {
                let days = (0..<7).compactMap { p[date("2027-01-04").adding(days: 7 * w + $0)] }
                let off = days.filter { $0.runs.isEmpty && $0.kind != .heavyLift && $0.kind != .lightLift }
                #expect(off.count >= 1, "\(policy) week \(w)")
            }
        }
    }

    @Test func neverHeavyTwoDaysInARow() {
        var rules = RuleSettings()
        rules.baseHeavySessionsPerWeek = 3
        let runs = WeekTemplate(runs: [.mon: (.hills, 8), .tue: (.intervals, 8), .wed: (.tempo, 8), .thu: (.threshold, 8)])
            .schedule(from: date("2027-01-04"), weeks: 1)
        let p = plan(runs, from: "2027-01-04", days: 7, rules: rules)
        let heavy = p.days.filter { $0.kind == .heavyLift }.map(\.date)
        for (a, b) in zip(heavy, heavy.dropFirst()) { #expect(a.days(until: b) > 1) }
        #expect(heavy.count < 3)
        #expect(p.days.contains { $0.has("heavy-per-week", .gaveWay) })
        #expect(p.days.contains { $0.has("no-heavy-back-to-back") })
    }

    @Test func theReturnAfterARaceFollowsItsDistance() {
        // A half on Sunday: 7 days of return, nothing heavy, at most one light session from day 4.
        let half = Race(date: date("2027-03-07"), name: "Half", distance: .half)
        let runs = Self.week.schedule(from: date("2027-03-08"), weeks: 3)
        let p = plan(runs, races: [half], from: "2027-03-08", days: 21)
        let back = p.days.filter { $0.date <= date("2027-03-14") }
        #expect(!back.contains { $0.kind == .heavyLift })
        #expect(back.filter { $0.kind == .lightLift }.count <= 1)
        #expect(!back.prefix(3).contains { $0.kind == .lightLift })
        #expect(p[date("2027-03-09")]?.has("return-after-race") == true)
        #expect(p.days.contains { $0.date > date("2027-03-14") && $0.kind == .heavyLift })
        // A marathon: two weeks, mobility on the days without a lift, one light session at most.
        let marathon = Race(date: date("2027-03-07"), name: "Marathon", distance: .marathon)
        let m = plan(runs, races: [marathon], from: "2027-03-08", days: 21)
        let fortnight = m.days.filter { $0.date <= date("2027-03-21") }
        #expect(!fortnight.contains { $0.kind == .heavyLift })
        #expect(fortnight.filter { $0.kind == .lightLift }.count <= 1)
        #expect(fortnight.filter { $0.kind == .recovery }.count >= 10)
        #expect(fortnight.allSatisfy { $0.session?.exercises.contains { $0.exercise.pattern == .jump } != true })
        // A 10k: three days.
        let tenK = Race(date: date("2027-03-07"), name: "10K", distance: .tenK)
        let t = plan(runs, races: [tenK], from: "2027-03-08", days: 7)
        #expect(t[date("2027-03-10")]?.has("return-after-race") == true)
        #expect(t[date("2027-03-11")]?.has("return-after-race") != true)
    }

    @Test func racePrioritiesDecideTheTaper() {
        let marathon = Race(date: date("2027-04-25"), name: "Marathon", distance: .marathon)
        let tuneUp = Race(date: date("2027-03-28"), name: "Tune-up half", distance: .half)
        let runs = Self.week.schedule(from: date("2027-03-01"), weeks: 8)
        let p = plan(runs, races: [marathon, tuneUp], from: "2027-03-01", days: 56)
        // The half sits in the marathon's race preparation: a B race without a taper of its own.
        #expect(p[date("2027-03-22")]?.phase == .racePrep)
        #expect(p[date("2027-03-28")]?.has("race-priority") == true)
        #expect(p[date("2027-03-28")]?.reasons.contains { $0.text.contains("B race") } == true)
        // Its easy days before and return after still hold.
        #expect(p.kind("2027-03-27") == .rest)
        #expect(p.kind("2027-03-29") == .recovery)
        // Given as an A race, it brings its own taper.
        var goal = tuneUp
        goal.priority = .a
        let a = plan(runs, races: [marathon, goal], from: "2027-03-01", days: 56)
        #expect(a[date("2027-03-22")]?.phase == .taper)
        // A C race is a hard session: no taper, no recovery day after it, but nothing the day before.
        var c = tuneUp
        c.priority = .c
        let hard = plan(runs, races: [marathon, c], from: "2027-03-01", days: 56)
        #expect(hard[date("2027-03-22")]?.phase == .racePrep)
        #expect(hard.kind("2027-03-28") == .race)
        #expect(hard[date("2027-03-29")]?.has("after-race-recovery") != true)
        #expect(hard.kind("2027-03-27") != .lightLift && hard.kind("2027-03-27") != .heavyLift)
    }

    @Test func phasesFollowTheNextRace() {
        let marathon = Race(date: date("2027-04-25"), name: "M", distance: .marathon)
        let half = Race(date: date("2027-04-25"), name: "H", distance: .half)
        let fiveK = Race(date: date("2027-04-25"), name: "5", distance: .fiveK)
        let day = { (n: Int) in date("2027-04-25").adding(days: -n) }
        #expect(Planner.phase(on: day(14), races: [marathon]) == .taper)
        #expect(Planner.phase(on: day(15), races: [marathon]) == .racePrep)
        #expect(Planner.phase(on: day(14 + 56), races: [marathon]) == .racePrep)
        #expect(Planner.phase(on: day(14 + 57), races: [marathon]) == .base)
        #expect(Planner.phase(on: day(10), races: [half]) == .taper)
        #expect(Planner.phase(on: day(11), races: [half]) == .racePrep)
        #expect(Planner.phase(on: day(7), races: [fiveK]) == .taper)
        #expect(Planner.phase(on: day(8), races: [fiveK]) == .racePrep)
        #expect(Planner.phase(on: day(0), races: [fiveK]) == .taper)
        #expect(Planner.phase(on: date("2027-04-26"), races: [marathon]) == .base)
        var rules = RuleSettings()
        rules.taperDaysMarathon = 21
        #expect(Planner.phase(on: day(21), races: [marathon], rules: rules) == .taper)
        #expect(Planner.phase(on: day(22), races: [marathon], rules: rules) == .racePrep)
    }

    @Test func sessionsPerWeekFollowThePhase() {
        let race = Race(date: date("2027-06-27"), name: "Marathon", distance: .marathon)
        let runs = Self.week.schedule(from: date("2027-01-04"), weeks: 25)
        let p = plan(runs, races: [race], from: "2027-01-04", days: 7 * 25)
        func lifts(_ monday: String) -> [DayPlan] {
            (0..<7).compactMap { p[date(monday).adding(days: $0)] }.filter { $0.kind == .heavyLift || $0.kind == .lightLift }
        }
        #expect(lifts("2027-01-04").count == 3)                      // base
        #expect(lifts("2027-01-04").filter { $0.kind == .heavyLift }.count == 1)
        #expect(lifts("2027-05-03").count == 2)                      // race-prep
        #expect(lifts("2027-06-14").count == 1)                      // taper
        #expect(lifts("2027-06-14").allSatisfy { $0.kind == .lightLift })
    }

    @Test func highMileageWeekCutsToMaintenance() {
        // Four weeks of 40 km, then a 60 km week (150% of the trailing mean), then a 44 km week (110%).
        var runs = WeekTemplate(runs: [.tue: (.intervals, 10), .thu: (.easy, 10), .sun: (.long, 20)])
            .schedule(from: date("2027-01-04"), weeks: 4)
        runs += WeekTemplate(runs: [.tue: (.intervals, 15), .thu: (.easy, 15), .sun: (.long, 30)])
            .schedule(from: date("2027-02-01"), weeks: 1)
        runs += WeekTemplate(runs: [.tue: (.intervals, 10), .thu: (.easy, 12), .sun: (.long, 22)])
            .schedule(from: date("2027-02-08"), weeks: 1)
        let p = plan(runs, from: "2027-01-04", days: 42)
        let high = (0..<7).compactMap { p[date("2027-02-01").adding(days: $0)] }
        #expect(high.allSatisfy { $0.has("high-mileage-week") })
        #expect(high.filter { $0.kind == .heavyLift || $0.kind == .lightLift }.count == 2)
        let normal = (0..<7).compactMap { p[date("2027-02-08").adding(days: $0)] }
        #expect(!normal.contains { $0.has("high-mileage-week") })
        // The first weeks have no history and are never called high-mileage.
        #expect(!p.days.prefix(28).contains { $0.has("high-mileage-week") })
    }

    @Test func stackPutsHeavyOnTheHardRunDay() {
        let runs = WeekTemplate(runs: [.tue: (.intervals, 10), .sat: (.long, 18)]).schedule(from: date("2027-01-04"), weeks: 1)
        let p = plan(runs, from: "2027-01-04", days: 7)
        #expect(p.kind("2027-01-05") == .heavyLift)
        #expect(p[date("2027-01-05")]?.has("policy-stack", .applied) == true)
    }

    @Test func stackGivesWayWithoutAHardRun() {
        let runs = WeekTemplate(runs: [.tue: (.easy, 6), .sat: (.long, 18)]).schedule(from: date("2027-01-04"), weeks: 1)
        let p = plan(runs, from: "2027-01-04", days: 7)
        let heavy = p.days.first { $0.kind == .heavyLift }
        #expect(heavy != nil)
        #expect(heavy?.has("policy-stack", .gaveWay) == true)
    }

    @Test func separateKeepsLiftsOffHardRunDays() {
        let runs = Self.week.schedule(from: date("2027-01-04"), weeks: 3)
        let profile = AthleteProfile(policy: .separate)
        let p = plan(runs, from: "2027-01-04", days: 21, profile: profile)
        for day in p.days where day.runs.contains(where: { $0.type.isHardWorkout }) {
            #expect(day.kind != .heavyLift && day.kind != .lightLift, "\(day.date)")
        }
        #expect(p.days.contains { $0.kind == .heavyLift })
        // 48 hours: the day after a hard run is off limits too.
        var rules = RuleSettings()
        rules.separateHours = 48
        let strict = plan(runs, from: "2027-01-04", days: 21, profile: profile, rules: rules)
        for day in strict.days where day.kind == .heavyLift || day.kind == .lightLift {
            let yesterday = runs.filter { $0.date == day.date.adding(days: -1) }
            #expect(!yesterday.contains { $0.type.isHardWorkout }, "\(day.date)")
        }
    }

    @Test func heavySessionsGoOnGymDaysAndOtherDaysGetBodyweight() {
        let runs = WeekTemplate(runs: [.tue: (.intervals, 10), .sun: (.long, 20)]).schedule(from: date("2027-01-04"), weeks: 1)
        let profile = AthleteProfile(gymDays: [.thu])
        let p = plan(runs, from: "2027-01-04", days: 7, profile: profile)
        #expect(p.kind("2027-01-07") == .heavyLift)
        #expect(p[date("2027-01-07")]?.has("gym-days", .applied) == true)
        #expect(p[date("2027-01-07")]?.has("policy-stack", .gaveWay) == true)
        for day in p.days where day.kind == .lightLift {
            #expect(day.session?.allPrescriptions.allSatisfy { $0.exercise.canBeDone(with: profile.equipment(on: day.date.weekday)) } == true)
        }
        let home = plan(runs, from: "2027-01-04", days: 7, profile: AthleteProfile(gymDays: []))
        let heavy = home.days.first { $0.kind == .heavyLift }
        #expect(heavy?.has("gym-days", .gaveWay) == true)
        #expect(heavy?.session?.allPrescriptions.contains { $0.exercise.equipment.contains(.barbell) } == false)
    }

    @Test func keyRunDaysCarryTheActivationCircuit() {
        let p = plan(Self.week.schedule(from: date("2027-01-04"), weeks: 1), from: "2027-01-04", days: 7)
        for day in p.days {
            let key = day.runs.contains { $0.isKey }
            #expect((day.activation != nil) == key, "\(day.date)")
            #expect(day.has("key-run-activation") == key)
        }
    }

    @Test func plannedStrengthCountsAndKeepsHeavyAway() {
        let runs = Self.week.schedule(from: date("2027-01-04"), weeks: 1)
        let own = [PlannedStrength(date: date("2027-01-08"), title: "Gym A (lower body)")]
        let p = plan(runs, from: "2027-01-04", days: 7, strength: own)
        let friday = p[date("2027-01-08")]
        #expect(friday?.kind == .heavyLift)
        #expect(friday?.session == nil)
        #expect(friday?.has("planned-strength") == true)
        #expect(p.kind("2027-01-07") != .heavyLift)
        #expect(p.kind("2027-01-09") != .heavyLift)
        // Base wants 3 sessions and 1 heavy: the runner's own session is the heavy one, two light ones join it.
        #expect(p.days.filter { $0.kind == .heavyLift }.count == 1)
        #expect(p.days.filter { $0.kind == .lightLift }.count == 2)
    }

    @Test func collidingRulesStillGiveAPlanAndSayWhatGaveWay() {
        // Hard runs every day, one gym day, a race every Sunday.
        var runs: [Run] = []
        var races: [Race] = []
        for n in 0..<28 {
            let day = date("2027-01-04").adding(days: n)
            if day.weekday == .sun {
                races.append(Race(date: day, name: "Parkrun \(n)", distance: .fiveK))
            } else {
                runs.append(Run(date: day, type: .intervals, distanceKm: 8))
            }
        }
        // Every day is in a 5K taper and the eve of a hard run or a race: no lift fits, and the weeks say so.
        let stack = plan(runs, races: races, from: "2027-01-04", days: 28, profile: AthleteProfile(gymDays: [.wed]))
        #expect(stack.days.count == 28)
        #expect(stack.days.filter { $0.date.weekday == .sun }.allSatisfy { $0.kind == .race })
        #expect(!stack.days.contains { $0.kind == .lightLift || $0.kind == .heavyLift })
        #expect(stack.days.filter { $0.has("sessions-per-week", .gaveWay) }.count >= 4)
        #expect(stack.days.filter { $0.has("eve-of-key-day") }.count >= 8)
        // Policy separate leaves no day for it, and says so.
        let profile = AthleteProfile(policy: .separate, gymDays: [.wed])
        let separate = plan(runs, races: races, from: "2027-01-04", days: 28, profile: profile)
        #expect(separate.days.count == 28)
        #expect(!separate.days.contains { $0.kind == .lightLift || $0.kind == .heavyLift })
        #expect(separate.days.filter { $0.has("sessions-per-week", .gaveWay) }.count >= 4)
        for (p, profile) in [(stack, AthleteProfile(gymDays: [.wed])), (separate, profile)] {
            let request = PlanRequest(schedule: Schedule(runs: runs), profile: profile, races: races,
                                      range: DateRange(first: date("2027-01-04"), days: 28), library: TestLibrary.library)
            #expect(RuleChecker(request).problems(in: p).isEmpty)
        }
    }

    @Test func blocksRunForwardFromTheFirstWeekAndFollowThePhases() {
        let race = Race(date: date("2027-06-27"), name: "Marathon", distance: .marathon)
        let p = plan([], races: [race], from: "2027-01-04", days: 7 * 25)
        // Base from the first week: hypertrophy weeks 1-4, then strength.
        #expect(p[date("2027-01-04")]?.block == .hypertrophy)
        #expect(p[date("2027-01-04")]?.blockWeek == 1)
        #expect(p[date("2027-01-31")]?.blockWeek == 4)
        #expect(p[date("2027-02-01")]?.block == .strength)
        #expect(p[date("2027-02-01")]?.blockWeek == 1)
        // Race preparation from Sunday 2027-04-18 (8 weeks before the 14-day taper): power, week 1 until
        // the first full week is over; the block never carries base's weeks over.
        #expect(p[date("2027-04-17")]?.block == .strength)
        #expect(p[date("2027-04-18")]?.block == .power)
        #expect(p[date("2027-04-18")]?.blockWeek == 1)
        #expect(p[date("2027-04-19")]?.blockWeek == 1)
        #expect(p[date("2027-05-10")]?.blockWeek == 4)
        #expect(p[date("2027-05-17")]?.block == .power)
        #expect(p[date("2027-05-17")]?.blockWeek == 1)
        // The taper maintains.
        #expect(p[date("2027-06-13")]?.block == .maintenance)
        #expect(p[date("2027-06-21")]?.blockWeek == 2)
        // Without a race base alternates hypertrophy and strength, each `blockWeeks` long.
        var rules = RuleSettings()
        rules.blockWeeks = 6
        let free = plan([], from: "2027-01-04", days: 7 * 36, rules: rules)
        let mondays = free.days.filter { $0.date.weekday == .mon }
        #expect(mondays.first?.block == .hypertrophy && mondays.first?.blockWeek == 1)
        for (a, b) in zip(mondays, mondays.dropFirst()) {
            if a.block == b.block {
                #expect(b.blockWeek == a.blockWeek + 1)
            } else {
                #expect(a.blockWeek == 6 && b.blockWeek == 1)
                #expect(a.block != b.block && [TrainingBlock.hypertrophy, .strength].contains(b.block))
            }
        }
        // `athlete.start` moves the first week.
        let started = plan([], from: "2027-01-04", days: 14, profile: AthleteProfile(start: date("2026-12-07")))
        #expect(started[date("2027-01-04")]?.block == .strength)
        #expect(started[date("2027-01-04")]?.blockWeek == 1)
    }

    @Test func settingsOutOfRangeAreClamped() {
        var rules = RuleSettings()
        rules.blockWeeks = 2
        rules.baseSessionsPerWeek = 40
        rules.highMileageRatio = .nan
        let n = rules.normalised
        #expect(n.blockWeeks == 4)
        #expect(n.baseSessionsPerWeek == 7)
        #expect(n.highMileageRatio == 1.15)
    }
}
