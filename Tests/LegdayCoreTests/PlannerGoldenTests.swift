import LegdayCore
import Testing

/// Realistic plans built in code, with the kinds of particular days worked out by hand from the rules.
@Suite struct PlannerGoldenTests {
    static func kinds(_ p: Plan, _ monday: String) -> String {
        (0..<7).map { p[date(monday).adding(days: $0)].map { code($0.kind) } ?? "-" }.joined(separator: " ")
    }

    static func code(_ kind: DayKind) -> String {
        switch kind {
        case .heavyLift: "H"
        case .lightLift: "L"
        case .recovery: "R"
        case .rest: "."
        case .race: "RACE"
        }
    }

    /// A novice marathon plan in the style of the popular 18-week beginner programmes: only easy running
    /// (Tue, Wed, Thu), the long run on Saturday, cross-training on Sunday, rest on Monday and Friday.
    @Test func noviceMarathon() {
        let race = Race(date: date("2027-04-25"), name: "Spring Marathon", distance: .marathon)
        var runs = WeekTemplate(runs: [.tue: (.easy, 5), .wed: (.easy, 8), .thu: (.easy, 5), .sat: (.long, 10), .sun: (.cross, 0)])
            .schedule(from: date("2026-12-21"), weeks: 17, longRunGrowth: 1.5)
        runs += [Run(date: date("2027-04-20"), type: .easy, distanceKm: 5), Run(date: date("2027-04-22"), type: .easy, distanceKm: 3),
                 Run(date: date("2027-04-24"), type: .easy, distanceKm: 3)]
        let p = plan(runs, races: [race], from: "2026-12-21", days: 127)

        // Base: no hard run to stack on, so the heavy session takes the free Monday (and says stacking gave way);
        // the light ones stack on the easy runs of Wednesday and Thursday, away from Monday; Friday, the day
        // before the long run, holds no lift and is the week's day off; Sunday recovers from the long run.
        #expect(Self.kinds(p, "2026-12-21") == "H . L L . . R")
        #expect(p[date("2026-12-21")]?.has("policy-stack", .gaveWay) == true)
        #expect(p[date("2026-12-25")]?.has("eve-of-key-day") == true)
        #expect(p[date("2026-12-21")]?.phase == .base)
        // Race preparation from 2027-02-14 (8 weeks before the 2-week taper): two sessions, one heavy.
        #expect(p[date("2027-02-14")]?.phase == .racePrep)
        #expect(Self.kinds(p, "2027-02-15") == "H . L . . . R")
        // Taper from 2027-04-11: one light session a week, after Tuesday's easy run, so Monday stays off.
        #expect(p[date("2027-04-11")]?.phase == .taper)
        #expect(Self.kinds(p, "2027-04-12") == ". L . . . . R")
        // Race week: one light session early, activation only Thursday to Saturday, race, then recovery.
        #expect(Self.kinds(p, "2027-04-19") == ". L . . . . RACE")
        #expect(p.kind("2027-04-26") == .recovery)
        for iso in ["2027-04-22", "2027-04-23", "2027-04-24"] { #expect(p[date(iso)]?.activation != nil) }
        #expect(p[date("2027-04-24")]?.activation != nil)
    }

    /// An intermediate half marathon: intervals Tuesday, tempo Thursday, long run Sunday.
    @Test func halfMarathon() {
        let race = Race(date: date("2027-05-30"), name: "City Half", distance: .half)
        var runs = WeekTemplate(runs: [.tue: (.intervals, 8), .wed: (.easy, 6), .thu: (.tempo, 8), .sat: (.easy, 5), .sun: (.long, 14)])
            .schedule(from: date("2027-03-08"), weeks: 12)
        runs.removeAll { $0.date == date("2027-05-30") }
        let p = plan(runs, races: [race], from: "2027-03-08", days: 85)

        // Base: heavy after Tuesday's intervals; Monday, Wednesday and Saturday are the eves of the intervals,
        // the tempo and the long run, so they hold no lift; light after Thursday's tempo and on Friday; Monday
        // stays the day off.
        #expect(Self.kinds(p, "2027-03-08") == ". H . L L . .")
        #expect(p[date("2027-03-09")]?.has("policy-stack", .applied) == true)
        // From the second week Monday recovers from the long run; the light session goes after Thursday's tempo
        // run, not on Wednesday's easy run (stack: easy days stay easy), and Friday keeps the other.
        #expect(Self.kinds(p, "2027-03-15") == "R H . L L . .")
        // The taper starts 10 days out, on Thursday 2027-05-20; that week keeps one light session.
        #expect(p[date("2027-05-19")]?.phase == .racePrep)
        #expect(p[date("2027-05-20")]?.phase == .taper)
        #expect(Self.kinds(p, "2027-05-17") == "R L . . . . .")
        // Race week: the taper's light session stacks on Tuesday's intervals; Wednesday's easy run stays easy.
        #expect(Self.kinds(p, "2027-05-24") == "R L . . . . RACE")
        #expect(p.kind("2027-05-31") == .recovery)
    }

    /// A 5K block: intervals Tuesday, hills Thursday, a long-ish run on Saturday, race on a Saturday.
    @Test func fiveK() {
        let runs = WeekTemplate(runs: [.mon: (.easy, 5), .tue: (.intervals, 7), .thu: (.hills, 6), .sat: (.long, 12)])
            .schedule(from: date("2027-08-16"), weeks: 7)
        let race = Race(date: date("2027-10-02"), name: "Autumn 5K", distance: .fiveK)
        let p = plan(runs, races: [race], from: "2027-08-16", days: 49)

        // Race preparation (8 weeks before a 7-day taper): heavy with the intervals on Tuesday; the hills
        // on Thursday are before nothing, but Friday is before the Saturday long run.
        #expect(p[date("2027-08-16")]?.phase == .racePrep)
        #expect(p.kind("2027-08-17") == .heavyLift)
        #expect(p.kind("2027-08-20") != .heavyLift)
        #expect(p.kind("2027-08-22") == .recovery)
        // Taper: the 7 days before the race, from Saturday 2027-09-25; race week: Wednesday to Friday
        // activation only, Saturday race.
        #expect(p[date("2027-09-24")]?.phase == .racePrep)
        #expect(p[date("2027-09-25")]?.phase == .taper)
        #expect(p.kind("2027-10-02") == .race)
        for iso in ["2027-09-29", "2027-09-30", "2027-10-01"] { #expect(p.kind(iso) == .rest) }
        let raceWeek = (0..<7).compactMap { p[date("2027-09-27").adding(days: $0)] }
        #expect(!raceWeek.contains { $0.kind == .heavyLift })
    }

    /// A plan that already has strength: "Strength Workout" on Monday and "core" on Thursday.
    @Test func planWithStrengthDays() {
        let runs = WeekTemplate(runs: [.tue: (.intervals, 8), .wed: (.easy, 6), .sat: (.long, 16), .sun: (.easy, 5)])
            .schedule(from: date("2027-01-04"), weeks: 4)
        var strength: [PlannedStrength] = []
        for w in 0..<4 {
            strength.append(PlannedStrength(date: date("2027-01-04").adding(days: 7 * w), title: "Strength Workout"))
            strength.append(PlannedStrength(date: date("2027-01-07").adding(days: 7 * w), title: "core"))
        }
        let p = plan(runs, from: "2027-01-04", days: 28, strength: strength)

        // Monday's own session sits before Tuesday's intervals, so it counts as light; Thursday's is the heavy
        // one. Base wants three: one more, light, after Wednesday's easy run; Friday, the one day without a
        // run, stays off. Nothing heavy beside the runner's own days.
        #expect(Self.kinds(p, "2027-01-04") == "L . L H . . R")
        #expect(p[date("2027-01-04")]?.has("planned-strength") == true)
        #expect(p[date("2027-01-04")]?.session == nil)
        #expect(p[date("2027-01-07")]?.session == nil)
        #expect(p[date("2027-01-06")]?.session != nil)
        for w in 0..<4 {
            let monday = date("2027-01-04").adding(days: 7 * w)
            let lifts = (0..<7).filter { [DayKind.heavyLift, .lightLift].contains(p[monday.adding(days: $0)]?.kind) }
            #expect(lifts.count == 3)
        }
    }
}
