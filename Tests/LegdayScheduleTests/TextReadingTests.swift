import LegdayCore
import Testing
@testable import LegdaySchedule

@Suite struct TextReadingTests {
    @Test(arguments: [
        ("Long run 16 miles", RunType.long, 25.75),
        ("Tempo 10 km", .tempo, 10),
        ("Threshold: 3 x 2 km at LT", .threshold, nil),
        ("6x800 at 5K pace", .intervals, nil),
        ("8×400m, 200 m back", .intervals, nil),
        ("Easy 5 km + 6x100m strides", .easy, 5),
        ("Intervals: 5,000m of reps", .intervals, 5),
        ("Hill repeats 10 x 60 s", .hills, nil),
        ("Fartlek 45 min", .fartlek, nil),
        ("Easy 6.5 mile run + strides", .easy, 10.461),
        ("Recovery jog 3 mi", .recovery, 4.828),
        // A race distance's name is a `raceName`, not a distance written: see EntryReadingTests.
        ("Half marathon", .race, nil),
        ("Marathon", .race, nil),
        ("10K race", .race, 10),
        ("Marathon pace 8 miles", .tempo, 12.875),
        ("Day off", .rest, nil),
        ("Rest or cross-train", .cross, nil),
        ("XT 40 min", .cross, nil),
        ("Bike 45 min", .cross, nil),
        ("Swim", .cross, nil),
        ("16K", nil, 16),
        ("10-mile steady", .easy, 16.093),
        ("Long run 18 mi, last 6 mi at marathon pace", .long, 28.968),
        ("Lauf 10,5 km", nil, 10.5),
        ("6 mi pace", .tempo, 9.656),
        ("Reps at 10 km pace", .intervals, nil),
        ("Warm up 2 km, 5 x 1 km at 10K pace, 400 m jog, cool down 2 km", .intervals, nil),
        ("2 km warm-up, tempo 6 km, 2 km cool-down", .tempo, 6),
    ] as [(String, RunType?, Double?)])
    func readsTypeAndDistance(text: String, type: RunType?, km: Double?) {
        let reading = TextReading(text, keywords: .default)
        #expect(reading.type == type)
        #expect(reading.distanceKm == km)
    }

    @Test(arguments: ["Strength Workout", "Gym A (lower body)", "core", "Weights: squats and deadlifts"])
    func recognisesStrength(text: String) {
        let reading = TextReading(text, keywords: .default)
        #expect(reading.isStrength)
        #expect(reading.type == nil)
    }

    @Test func titlesWithNothingToReadAreUnclassified() {
        var builder = ScheduleBuilder(keywords: .default)
        builder.add(ScheduleEntry(date: day("2027-01-04"), title: "Club social"))
        builder.add(ScheduleEntry(date: day("2027-01-05"), title: "Run", description: "8 km around the park"))
        let schedule = builder.build()
        #expect(schedule.unclassified.map(\.title) == ["Club social"])
        // A distance in the description is enough to make it a run; the unknown entry takes its day too.
        #expect(schedule.summary == ["2027-01-04 easy", "2027-01-05 easy 8.0"])
    }

    @Test func theClearlyLongestRunOfAWeekIsTheLongRun() {
        var builder = ScheduleBuilder(keywords: .default)
        for (date, title) in [("2027-01-04", "Easy 6 km"), ("2027-01-06", "Tempo 8 km"), ("2027-01-09", "16 km"),
                              ("2027-01-11", "Easy 8 km"), ("2027-01-13", "Easy 9 km"),
                              ("2027-01-18", "Easy 8 km"), ("2027-01-24", "Long run 12 km"), ("2027-01-23", "Easy 20 km")] {
            builder.add(ScheduleEntry(date: day(date), title: title))
        }
        #expect(builder.build().summary == [
            "2027-01-04 easy 6.0", "2027-01-06 tempo 8.0", "2027-01-09 long 16.0",
            // 9 km is not clearly longer than 8 km.
            "2027-01-11 easy 8.0", "2027-01-13 easy 9.0",
            // A week that names its long run keeps it.
            "2027-01-18 easy 8.0", "2027-01-23 easy 20.0", "2027-01-24 long 12.0",
        ])
    }

    @Test func aRunWhoseTitleNamesItEasyStaysEasy() {
        // "慢跑" (jog) is what the plan says; the week's longest jog is not promoted to a long run.
        var builder = ScheduleBuilder(keywords: .default)
        for (date, title) in [("2027-01-04", "3公里慢跑"), ("2027-01-06", "3公里慢跑"), ("2027-01-08", "5公里慢跑")] {
            builder.add(ScheduleEntry(date: day(date), title: title))
        }
        #expect(builder.build().summary == ["2027-01-04 easy 3.0", "2027-01-06 easy 3.0", "2027-01-08 easy 5.0"])
    }

    @Test func userKeywordsWinOverDefaults() {
        var keywords = KeywordMap.default
        keywords.set("Parkrun", to: .tempo)
        keywords.setStrength("body pump")
        #expect(TextReading("Saturday parkrun", keywords: keywords).type == .tempo)
        #expect(TextReading("Body Pump class", keywords: keywords).isStrength)
        keywords.set("easy", to: .recovery)
        #expect(TextReading("Easy 5 km", keywords: keywords).type == .recovery)
    }
}
