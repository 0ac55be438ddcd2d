import Foundation
import LegdayCore
import Testing

/// A plan is a value: what the planner stores compactly (reasons as sentences, runs as slices of the
/// schedule, shared sessions) must read, compare and encode exactly as the words and lists it stands for.
@Suite struct PlanValueTests {
    let monday = date("2027-03-01")

    func year(_ runs: [Run], races: [Race] = []) -> Plan {
        Planner.plan(PlanRequest(schedule: Schedule(runs: runs),
                                 profile: AthleteProfile(experience: .intermediate),
                                 races: races, range: DateRange(first: monday, days: 140), library: TestLibrary.library))
    }

    var template: [Run] {
        WeekTemplate(runs: [.tue: (.intervals, 10), .wed: (.easy, 8), .thu: (.tempo, 9), .sun: (.long, 18)])
            .schedule(from: monday, weeks: 20, longRunGrowth: 0.5)
    }

    @Test func aPlanComesBackFromJSONEqualAndWithTheSameWords() throws {
        let plan = year(template, races: [Race(date: monday.adding(days: 97), name: "Spring half", distance: .half)])
        #expect(plan.days.contains { $0.session != nil && $0.activation != nil })
        let json = try JSONEncoder().encode(plan)
        let decoded = try JSONDecoder().decode(Plan.self, from: json)
        #expect(decoded == plan)
        for (original, copy) in zip(plan.days, decoded.days) {
            #expect(copy.why == original.why)
            #expect(copy.reasons.map(\.rule) == original.reasons.map(\.rule))
            #expect(Array(copy.runs) == Array(original.runs))
            #expect(copy.session?.allPrescriptions == original.session?.allPrescriptions)
        }
        // Encoding the copy gives the same bytes: nothing of the compact form leaks into the JSON.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(decoded) == encoder.encode(plan))
    }

    @Test func aDayEncodesTheFieldsItAlwaysHad() throws {
        let day = try #require(year(template).days.first { $0.session != nil && $0.activation != nil })
        let object = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(day)) as? [String: Any])
        #expect(Set(object.keys) == ["date", "phase", "block", "blockWeek", "runs", "kind", "session", "activation",
                                     "reasons"])
        let reason = try #require((object["reasons"] as? [[String: Any]])?.first)
        #expect(Set(reason.keys) == ["rule", "text", "outcome"])
        let session = try #require(object["session"] as? [String: Any])
        #expect(Set(session.keys) == ["name", "warmup", "exercises", "cooldown", "estimatedMinutes"])
    }

    @Test func aReasonEqualsTheSameWordsWrittenOut() throws {
        let reasons = year(template).days.flatMap(\.reasons)
        for reason in reasons {
            let written = Reason(rule: reason.rule, reason.text, outcome: reason.outcome)
            #expect(written == reason)
            #expect(written.hashValue == reason.hashValue)
        }
        let first = try #require(reasons.first)
        #expect(Reason(rule: first.rule, first.text + " ", outcome: first.outcome) != first)
    }

    @Test func aScheduleOutOfDateOrderPlansAsTheSortedOne() {
        var random = SeededRandom(seed: 11)
        let sorted = template
        let shuffled = sorted.shuffled(using: &random)
        #expect(shuffled != sorted)
        let plan = year(shuffled)
        #expect(plan == year(sorted))
        // Each day holds exactly its own runs, in the schedule's order for that day.
        for day in plan.days {
            #expect(Array(day.runs) == sorted.filter { $0.date == day.date })
        }
    }

    @Test func twoRunsOnADayKeepTheirOrderWhenTheScheduleIsSorted() {
        let day = monday.adding(days: 2)
        let runs = [Run(date: monday.adding(days: 9), type: .easy, distanceKm: 5, title: "later"),
                    Run(date: day, type: .easy, distanceKm: 6, title: "first"),
                    Run(date: day, type: .cross, title: "second")]
        #expect(year(runs)[day].map { $0.runs.map(\.title) } == ["first", "second"])
    }
}

/// Sessions built by one plan are kept in the library for the next plan of the same kind of athlete: a
/// service planning many runners builds each session once. What a plan says must not depend on whether its
/// sessions were built for it or found.
@Suite struct SharedSessionsTests {
    let monday = date("2027-03-01")

    func plan(_ profile: AthleteProfile, library: ExerciseLibrary) -> Plan {
        let runs = WeekTemplate(runs: [.tue: (.intervals, 10), .wed: (.easy, 8), .thu: (.tempo, 9), .sun: (.long, 18)])
            .schedule(from: monday, weeks: 30, longRunGrowth: 0.5)
        return Planner.plan(PlanRequest(schedule: Schedule(runs: runs), profile: profile,
                                        races: [Race(date: monday.adding(days: 180), name: "Autumn marathon", distance: .marathon)],
                                        range: DateRange(first: monday, days: 200), library: library))
    }

    @Test func aSecondPlanFindsTheSessionsOfTheFirstAndSaysTheSame() {
        // A library of its own, so that no other test has filled its store.
        let fresh = ExerciseLibrary(TestLibrary.library.exercises, training: TestLibrary.library.training)
        let profile = AthleteProfile(experience: .intermediate, gymDays: [.tue, .thu])
        let first = plan(profile, library: fresh)
        let again = plan(profile, library: fresh)
        #expect(again == first)
        // The same sessions, not merely equal ones: the second plan built none.
        let pairs = zip(first.days, again.days).filter { $0.0.session != nil }
        #expect(!pairs.isEmpty)
        #expect(pairs.allSatisfy { $0.0.session!.isSameStorage(as: $0.1.session!) })
        // Another kind of athlete gets sessions of its own, the same as with an empty store.
        let beginner = AthleteProfile(experience: .beginner, gymDays: [])
        let alone = plan(beginner, library: ExerciseLibrary(TestLibrary.library.exercises, training: TestLibrary.library.training))
        #expect(plan(beginner, library: fresh) == alone)
    }
}
