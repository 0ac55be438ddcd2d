@testable import LegdayCore
import Testing

/// A coach's checklist: realistic schedules with every day of a week worked out by hand from the rules in
/// docs/training-rules.md, a line of reasoning each. Codes: H heavy, L light, R recovery, . rest, RACE.
@Suite struct CoachChecklistTests {
    func week(_ p: Plan, _ monday: String) -> String { PlannerGoldenTests.kinds(p, monday) }

    /// A beginner's first 10k: easy runs Tuesday and Thursday, a short long run Saturday, the race on a
    /// Sunday ten weeks out.
    @Test func novice10k() {
        var runs = WeekTemplate(runs: [.tue: (.easy, 4), .thu: (.easy, 5), .sat: (.long, 6)])
            .schedule(from: date("2027-03-01"), weeks: 9, longRunGrowth: 0.5)
        runs += [Run(date: date("2027-05-04"), type: .easy, distanceKm: 3), Run(date: date("2027-05-06"), type: .easy, distanceKm: 3)]
        let race = Race(date: date("2027-05-09"), name: "First 10K", distance: .tenK)
        let p = plan(runs, races: [race], from: "2027-03-01", days: 77, profile: AthleteProfile(experience: .beginner))
        // Mon: free, no hard run to stack on, so the heavy session (stack gives way).
        // Tue: easy run next to Monday's heavy day: kept easy.  Wed: free, kept off.
        // Thu: easy run, the week's light session (race preparation from Sunday: two sessions).
        // Fri: the long run's eve.  Sat: the long run.  Sun: recovery after it.
        #expect(week(p, "2027-03-01") == "H . . L . . R")
        #expect(p[date("2027-03-01")]?.has("policy-stack", .gaveWay) == true)
        #expect(p[date("2027-03-05")]?.has("eve-of-key-day") == true)
        // Race preparation: the same shape, the power block's sessions.
        #expect(week(p, "2027-03-08") == "H . . L . . R")
        #expect(p[date("2027-03-08")]?.session?.name == "Power and stability")
        // Race week (taper): one light session after Tuesday's easy run, activation only Thursday to
        // Saturday, the race, then three days of return after a 10k: recovery, with a light session allowed
        // on the third day at the earliest (Wednesday, an easy run day, takes it).
        #expect(week(p, "2027-05-03") == ". L . . . . RACE")
        #expect(p.kind("2027-05-10") == .recovery && p.kind("2027-05-11") == .recovery)
        // A beginner's heavy day: a loaded main lift given by effort.
        let heavy = p[date("2027-03-01")]?.session?.exercises.first
        #expect(heavy?.exercise.isBodyweight == false && heavy?.load?.hasPrefix("RPE") == true)
    }

    /// Three runs a week for a half: intervals Tuesday, tempo Thursday, long run Sunday.
    @Test func threeDayHalf() {
        var runs = WeekTemplate(runs: [.tue: (.intervals, 8), .thu: (.tempo, 8), .sun: (.long, 14)])
            .schedule(from: date("2027-03-01"), weeks: 16, longRunGrowth: 0.5)
        runs += [Run(date: date("2027-06-22"), type: .easy, distanceKm: 5), Run(date: date("2027-06-24"), type: .easy, distanceKm: 4)]
        let race = Race(date: date("2027-06-27"), name: "Summer Half", distance: .half)
        let p = plan(runs, races: [race], from: "2027-03-01", days: 119, profile: AthleteProfile(experience: .intermediate))
        // Mon: the intervals' eve.  Tue: intervals, heavy after them (stack).  Wed: the tempo's eve.
        // Thu: tempo, light after it.  Fri: free, the third base session.  Sat: the long run's eve.
        // Sun: the long run, no lift.  From week 2 Monday is recovery.
        #expect(week(p, "2027-03-01") == ". H . L L . .")
        #expect(week(p, "2027-03-08") == "R H . L L . .")
        #expect(p[date("2027-03-02")]?.has("policy-stack", .applied) == true)
        // Race preparation (from Thursday 2027-04-22): two sessions, Friday stays off.
        #expect(week(p, "2027-05-03") == "R H . L . . .")
        // The taper begins Thursday 2027-06-17: the week keeps one light session, on Tuesday.
        #expect(week(p, "2027-06-14") == "R L . . . . .")
        #expect(week(p, "2027-06-21") == "R L . . . . RACE")
        // The return after a half: seven days, nothing heavy, at most one light session from day 4.
        let back = (1...7).compactMap { p[date("2027-06-27").adding(days: $0)] }
        #expect(back.count <= 7 && !back.contains { $0.kind == .heavyLift })
    }

    /// Six days a week for a marathon, with doubles on Tuesday and Friday and the schedule's own rest day on
    /// Monday.
    @Test func sixDayMarathonWithDoubles() {
        var runs = WeekTemplate(runs: [.mon: (.rest, 0), .tue: (.intervals, 10), .wed: (.easy, 10), .thu: (.threshold, 12),
                                       .fri: (.easy, 8), .sat: (.easy, 8), .sun: (.long, 24)])
            .schedule(from: date("2027-01-04"), weeks: 4)
        for w in 0..<4 {
            runs.append(Run(date: date("2027-01-05").adding(days: 7 * w), type: .easy, distanceKm: 5, title: "PM easy"))
            runs.append(Run(date: date("2027-01-08").adding(days: 7 * w), type: .recovery, distanceKm: 5, title: "PM recovery"))
        }
        let p = plan(runs.sorted { $0.date < $1.date }, from: "2027-01-04", days: 28, profile: AthleteProfile(experience: .advanced))
        // Mon: the plan's rest day (and the intervals' eve): no lift.  Tue: intervals and an easy double,
        // heavy after the intervals.  Wed: the threshold run's eve.  Thu: threshold, light.  Fri: easy and a
        // recovery double, light (an easy day before a hard one).  Sat: the long run's eve.  Sun: long run.
        #expect(week(p, "2027-01-04") == ". H . L L . .")
        #expect(p[date("2027-01-04")]?.has("schedule-rest-day") == true)
        // From week 2 Monday is the recovery after Sunday's long run; it stays the week's day off.
        #expect(week(p, "2027-01-11") == "R H . L L . .")
        #expect(p[date("2027-01-05")]?.session?.warmup.contains { $0.load?.hasPrefix("ramp-up") == true } == true)
    }

    /// An ultra plan with back-to-back long runs on Saturday and Sunday.
    @Test func ultraWithBackToBackLongRuns() {
        let runs = WeekTemplate(runs: [.tue: (.hills, 10), .wed: (.easy, 8), .thu: (.easy, 10), .sat: (.long, 30), .sun: (.long, 20)])
            .schedule(from: date("2027-01-04"), weeks: 3)
        let p = plan(runs, from: "2027-01-04", days: 21, profile: AthleteProfile(experience: .intermediate))
        // Mon: the hills' eve (and from week 2 the recovery after Sunday).  Tue: hills, heavy.
        // Wed: easy, light.  Thu: easy, light (the third base session; no other day may take it).
        // Fri: the long run's eve, the day off.  Sat: long run.  Sun: the day after a long run is recovery,
        // even with the second long run: no lift, the mobility routine.
        #expect(week(p, "2027-01-04") == ". H L L . . R")
        #expect(week(p, "2027-01-11") == "R H L L . . R")
        #expect(p[date("2027-01-10")]?.has("after-long-run-recovery") == true)
    }

    /// A triathlete: swims and rides are cross-training, runs on Tuesday, Thursday and Sunday.
    @Test func triathlete() {
        let runs = WeekTemplate(runs: [.mon: (.cross, 0), .tue: (.intervals, 8), .wed: (.cross, 0), .thu: (.tempo, 8),
                                       .fri: (.cross, 0), .sat: (.cross, 0), .sun: (.long, 16)])
            .schedule(from: date("2027-01-04"), weeks: 3)
        let p = plan(runs, from: "2027-01-04", days: 21)
        // Every day holds training, so there is no day without it to keep off. Mon: the intervals' eve (from
        // week 2 recovery).  Tue: intervals, heavy.  Wed: the tempo's eve.  Thu: tempo, light.  Fri: a swim,
        // light (easy before hard).  Sat: the long run's eve.  Sun: the long run.
        #expect(week(p, "2027-01-04") == ". H . L L . .")
        #expect(week(p, "2027-01-11") == "R H . L L . .")
    }

    /// A runner whose plan already has gym days: "Gym: legs" on Monday, "Gym: core" on Wednesday.
    @Test func planWithItsOwnGymDays() {
        let runs = WeekTemplate(runs: [.tue: (.intervals, 8), .thu: (.easy, 8), .sat: (.long, 18), .sun: (.rest, 0)])
            .schedule(from: date("2027-01-04"), weeks: 2)
        var strength: [PlannedStrength] = []
        for w in 0..<2 {
            strength.append(PlannedStrength(date: date("2027-01-04").adding(days: 7 * w), title: "Gym: legs"))
            strength.append(PlannedStrength(date: date("2027-01-06").adding(days: 7 * w), title: "Gym: core"))
        }
        let p = plan(runs, from: "2027-01-04", days: 14, strength: strength)
        // Mon: their session, on the intervals' eve, so light.  Tue: intervals, but beside two of their
        // sessions: nothing.  Wed: their session, the week's heavy one.  Thu: easy, legday's one light
        // session to make three.  Fri: the long run's eve, the day off.  Sat: long run.  Sun: their rest day
        // and the recovery after the long run.
        #expect(week(p, "2027-01-04") == "L . H L . . R")
        #expect(p[date("2027-01-04")]?.session == nil && p[date("2027-01-06")]?.session == nil)
        #expect(p[date("2027-01-07")]?.session != nil)
    }
}
