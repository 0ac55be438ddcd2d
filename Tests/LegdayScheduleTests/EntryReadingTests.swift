import Foundation
import LegdayCore
import Testing
@testable import LegdaySchedule

/// Reads entries given as (date, title, description) through the builder, as a file would be read.
private func entries(_ items: [(String, String, String)], options: ScheduleReadOptions = ScheduleReadOptions())
    -> [ReadEntry] {
    var builder = ScheduleBuilder(keywords: options.keywords, options: options, path: "test")
    for (date, title, description) in items {
        builder.add(ScheduleEntry(date: day(date), title: title, description: description))
    }
    return builder.build().entries
}

/// The one entry read from a title (and a description).
private func entry(_ title: String, _ description: String = "", options: ScheduleReadOptions = ScheduleReadOptions())
    -> ReadEntry {
    entries([("2027-01-05", title, description)], options: options)[0]
}

/// `kind type km min +also` with distances to 0.1 km and minutes to whole numbers, for compact expectations.
private func shown(_ entry: ReadEntry) -> String {
    let main = entry.main
    var parts = [main.kind.rawValue]
    if let type = main.type { parts.append(type.rawValue) }
    if let km = main.distanceKm { parts.append(String(format: "%.1fkm", km)) }
    if let minutes = main.durationMin { parts.append(String(format: "%.0fmin", minutes)) }
    parts += entry.components.dropFirst().map { "+" + $0.kind.rawValue }
    return parts.joined(separator: " ")
}

@Suite struct RulesOfEvidenceTests {
    @Test func theDescriptionNeverOverridesATitleThatSaysSomething() {
        // A rest day, the goal marathon and a race in the description change nothing the title says.
        #expect(shown(entry("Tempo 8 km", "Monday--Rest: take it easy")) == "run tempo 8.0km")
        #expect(shown(entry("Easy run 10 km", "Marathon build → Sevilla")) == "run easy 10.0km")
        #expect(shown(entry("Intervals", "Peak, taper, heat, race")) == "run intervals")
    }

    @Test func theDescriptionFillsWhatTheTitleLeftOut() {
        #expect(shown(entry("Run: Long Run", "Distance: 15 km\nTarget Pace: 6:00-6:10 min/km")) == "run long 15.0km")
        #expect(shown(entry("🏃 Tempo Run", "6.0km @ Tempo pace (6:40/km)")) == "run tempo 6.0km")
        // A race distance's name in the description is no distance of the session.
        #expect(shown(entry("Easy run", "Marathon build → Sevilla")) == "run easy")
    }

    @Test func raceWordsInATitleMakeARaceAndNothingElseDoes() {
        #expect(shown(entry("RACE DAY – Half Marathon (21.1K @ 5:41/km)")) == "race race 21.1km")
        #expect(shown(entry("🏁 City 10K")) == "race race 10.0km")
        #expect(shown(entry("Saturday parkrun")) == "race race 5.0km")
        #expect(shown(entry("Brick: bike 60' + run 20'")) == "run easy 80min +cross")
        #expect(shown(entry("Rome Marathon")) == "race race 42.2km")
        // Race pace, race week and a tune-up name beside a workout are not races.
        #expect(shown(entry("4 mi at race pace")) == "run tempo 6.4km")
        #expect(shown(entry("4.5 mi race-week shakeout")) == "run recovery 7.2km")
        #expect(shown(entry("Half Marathon Marathon Pace", "Distance: 21 km")) == "run tempo 21.0km")
        // A description about a race makes no race.
        #expect(shown(entry("Shakeout 3 km", "Race on Sunday!")) == "run recovery 3.0km")
    }

    @Test func errandsMilestonesAndSummariesAreNotes() {
        #expect(shown(entry("✈ Register for Oslo Half Marathon")) == "note")
        #expect(shown(entry("⚙ Gym membership active")) == "note")
        #expect(shown(entry("Update Garmin settings reminder")) == "note")
        #expect(shown(entry("Week 11, weekly mileage: 54 miles")) == "note")
        #expect(shown(entry("SEVILLA MARATHON week")) == "note")
        // A week number beside a session is the session.
        #expect(shown(entry("C25K Week 3 Day 2")) == "run easy")
        #expect(shown(entry("Week 3 – Day 1", "Easy 5 km")) == "run easy 5.0km")
    }

    @Test func aSpanningEventIsOneNote() {
        let result = parse("""
            BEGIN:VCALENDAR
            BEGIN:VEVENT
            DTSTART;VALUE=DATE:20270308
            DTEND;VALUE=DATE:20270315
            SUMMARY:Race week: Sevilla
            END:VEVENT
            END:VCALENDAR

            """)
        #expect(result.schedule.entries.count == 1)
        #expect(result.schedule.entries.first?.main.kind == .note)
        #expect(result.schedule.entries.first?.lastDate == day("2027-03-14"))
    }

    @Test func partsOfOneEntry() {
        #expect(shown(entry("Strength + 5K easy run")) == "run easy 5.0km +strength")
        #expect(shown(entry("8 miles. Strength Workout. PM: Optional XT")) == "run easy 12.9km +strength +cross")
        #expect(shown(entry("Strength and Mobility exercise")) == "strength +cross")
        // Optional parts come after the others, never first; alone, they are the entry.
        #expect(shown(entry("Strength + optional recovery jog")) == "strength +run")
        #expect(shown(entry("3K Shakeout (optional)")) == "run recovery 3.0km")
        // Alternatives are one part: the first.
        #expect(shown(entry("Strength or Rest")) == "strength")
        #expect(shown(entry("Rest or Shakeout")) == "rest")
        #expect(shown(entry("Hilly or Fartlek")) == "run hills")
        // "Run:" before another session names no run.
        #expect(shown(entry("Run: Core Stability or Functional")) == "strength")
    }

    @Test func sessionsByTimeAndWithoutKeywords() {
        #expect(shown(entry("8k - Road Hammer Practice")) == "run easy 8.0km")
        #expect(shown(entry("Bicycling")) == "cross")
        #expect(shown(entry("12mi Training Hike")) == "cross 19.3km")
        #expect(shown(entry("40:00")) == "run easy 40min")
        #expect(shown(entry("RB 00:25:00")) == "run easy 25min")
        #expect(shown(entry("BB 01:00:00")) == "cross 60min")
        #expect(shown(entry("Team quiz night")) == "unknown")
    }

    @Test func typesThatWereMisread() {
        #expect(shown(entry("4 x Mile @ 10k")) == "run intervals")
        #expect(shown(entry("SUB-THRESHOLD long reps", "3 km warm-up")) == "run threshold")
        #expect(shown(entry("Long run 16 mi, last 10 at MP")) == "run long 25.8km")
        #expect(shown(entry("MP 12 mi")) == "run tempo 19.3km")
        #expect(shown(entry("6 mi pace", "Marathon pace")) == "run tempo 9.7km")
        // "Tempo intervals", "Cruise intervals": the pace names the session.
        #expect(shown(entry("Tempo Intervals (1:15:00 @ 4:16-4:26 min/km)")) == "run tempo 75min")
        #expect(shown(entry("Cruise Intervals 800m")) == "run threshold")
        // Words in parentheses name the session only where the rest does not.
        #expect(shown(entry("10 km Easy (Recovery)")) == "run easy 10.0km")
        #expect(shown(entry("Course — tempo (Z3) — 50 min")) == "run tempo 50min")
        // Beside a swim or a ride, a pace with no word of running describes that session.
        #expect(shown(entry("Natation — technique + tempo — 55 min")) == "cross 55min")
        #expect(shown(entry("Hills: 6 x 200m uphill")) == "run hills")
        #expect(shown(entry("Run: Warm-up - Strides - Intervals: 2k (x3, 2'30\" rec) - Cool-down", "Distance: 10 km"))
            == "run intervals 10.0km")
    }

    @Test func theRaceWeekShakeoutIsNotTheLongRun() {
        let read = entries([("2027-03-08", "3 mi", ""), ("2027-03-10", "3 mi", ""),
                            ("2027-03-12", "4.5 mi race-week shakeout", ""), ("2027-03-14", "Half Marathon", "")])
        #expect(read.map(shown) == ["run easy 4.8km", "run easy 4.8km", "run recovery 7.2km", "race race 21.1km"])
    }

    @Test func aConfiguredRaceMakesTheRunOnItsDayTheRace() {
        let race = Race(date: day("2027-01-05"), name: "Rome Marathon", distance: .marathon)
        let read = entry("Run: Run Rome The Marathon", options: ScheduleReadOptions(races: [race]))
        #expect(shown(read) == "race race 42.2km")
        #expect(read.why == "[[races]] Rome Marathon")
        // A strength session on that day stays strength.
        #expect(shown(entry("Gym", options: ScheduleReadOptions(races: [race]))) == "strength")
    }

    @Test func thePlansLastEntryAtARaceDistanceIsTheRace() {
        let read = entries([("2027-03-08", "8 km", ""), ("2027-03-10", "5 km", ""), ("2027-03-14", "10 km", "")])
        #expect(read.map(shown) == ["run easy 8.0km", "run easy 5.0km", "race race 10.0km"])
        // Named easy, it stays an easy run.
        #expect(entries([("2027-03-08", "8 km", ""), ("2027-03-14", "Easy 10 km", "")]).map(shown)
            == ["run easy 8.0km", "run easy 10.0km"])
    }
}

@Suite struct UnitsAndDurationsTests {
    @Test func aPlanInMilesReadsThreeMAsMiles() {
        let inMiles = entries([("2027-03-01", "3 m run", ""), ("2027-03-02", "5 mi easy", ""), ("2027-03-03", "8 miles", "")])
        // (The week's clearly longest run, named by no word, is its long run.)
        #expect(inMiles.map(shown) == ["run easy 4.8km", "run easy 8.0km", "run long 12.9km"])
        // In a plan in kilometres "3 m" is three metres: no distance.
        let inKilometres = entries([("2027-03-01", "3 m run", ""), ("2027-03-02", "5 km easy", "")])
        #expect(inKilometres.map(shown) == ["run easy", "run easy 5.0km"])
        // [schedule] units overrides the file.
        let told = entries([("2027-03-01", "3 m run", ""), ("2027-03-02", "5 km easy", "")],
                           options: ScheduleReadOptions(units: .miles))
        #expect(told.map(shown) == ["run easy 4.8km", "run easy 5.0km"])
    }

    @Test(arguments: [
        ("5K", 5.0), ("7km", 7), ("8 km", 8), ("5mi", 8.047), ("13 mi @ 4:15 min/km", 20.921), ("3. mi", 4.828),
        ("3公里", 3), ("5,000m", 5), ("22,7 km", 22.7), ("1500 yd", 1.372),
    ] as [(String, Double)])
    func distances(text: String, km: Double) {
        #expect(DistanceScanner.largestDistance(in: text) == km)
    }

    @Test(arguments: [
        ("40:00", 40.0), ("1:30:00", 90), ("RB 00:25:00", 25), ("Tempo 20 min @ 4:15/km", 20), ("3'", 3),
        ("2'30\"", 2.5), ("90 min", 90), ("1h30", 90), ("40-45 min", 42.5), ("Rodaje 40 min", 40),
        ("Warm up 15 min, tempo 20 min, cool down 10 min", 20), ("Fartlek 45 min with 10 x 1 min hard", 45),
        ("20分钟", 20), ("Vélo — endurance (Z2) + 3×5’ sweet spot — 60 min", 60),
    ] as [(String, Double)])
    func durations(text: String, minutes: Double) {
        #expect(DurationScanner.minutes(in: text, walking: false) == minutes)
    }

    @Test func pacesAndRecoveriesAreNotDurations() {
        #expect(DurationScanner.minutes(in: "5:10-5:30 min/km", walking: false) == nil)
        // A chain of ranges is one range, read without recursing as deep as the chain is long.
        #expect(DurationScanner.minutes(in: "40:00-45:00-50:00", walking: false) == 45)
        let hostile = String(repeating: "1:00-", count: 300_000) + "1:00"
        #expect(DurationScanner.minutes(in: hostile, walking: false) == 60)
        #expect(DurationScanner.minutes(in: "@ 5:45", walking: false) == nil)
        #expect(DurationScanner.minutes(in: "(x4, 3' rec)", walking: false) == nil)
        #expect(DurationScanner.minutes(in: "6 x 3 min", walking: false) == nil)
        #expect(DurationScanner.minutes(in: "Fartlek (10×1 min fast / 1 min easy)", walking: false) == nil)
        #expect(DurationScanner.minutes(in: "1K Repeats (6×1 km @ 4:05/km, 90s jog)", walking: false) == nil)
        #expect(DurationScanner.minutes(in: "15-20 min warm-up. 2×12 min with 3 min easy jog between. 10-15 min cool-down.",
                                        walking: false) == nil)
        // Goals are not session times, and "800s" are repetitions of 800 m.
        #expect(DurationScanner.minutes(in: "MARATHON · Sub 3:30 Goal", walking: false) == nil)
        #expect(DurationScanner.minutes(in: "VO2max 800s", walking: false) == nil)
    }

    @Test func rangesAreTheirMiddleAndEffortsAreNoDistance() {
        #expect(DistanceScanner.largestDistance(in: "Long Run (18-21 km easy)") == 19.5)
        #expect(DistanceScanner.largestDistance(in: "距离：5–6 km") == 5.5)
        #expect(DistanceScanner.largestDistance(in: "6-8×800 m at ~5K effort") == nil)
        #expect(DistanceScanner.largestDistance(in: "6×1 km (around 10K effort)") == nil)
    }

    @Test func danielsSegmentsAddUpInThePlansUnit() {
        let read = entries([("2027-01-05", "2E+8M+1E+2M+2E", ""), ("2027-01-06", "4E+8M+1T+1E", ""),
                            ("2027-01-07", "1E+3x(2T w/2 min rests)+60 min E", ""), ("2027-01-08", "5 mi easy", "")])
        #expect(read.map(shown) == ["run tempo 24.1km", "run tempo 22.5km", "run threshold 4.8km", "run easy 8.0km"])
    }

    @Test func onlyTheDescriptionsFirstParagraphIsAboutTheSession() {
        #expect(shown(entry("Wk1 Thu - 2", "2.5 miles easy + 4 strides.\n\nEffort guide: TEMPO = only a few words"))
            == "run easy 4.0km")
    }

    @Test func aTitleCutShortIsContinuedByItsDescription() {
        #expect(shown(entry("Wk7 Thu - 4 miles: 1 mi easy warm-up, 2 mi comfort",
                            "4 miles: 1 mi easy warm-up, 2 mi comfortably-hard (tempo), 1 mi easy cool-down.\n\nPrehab"))
            == "run tempo 6.4km")
    }

    @Test func runWalkSessionsAddUpTheirRepetitions() {
        #expect(shown(entry("Run/walk", "run 1 min, walk 90 s × 8")) == "run easy 20min")
        // The warm-up walk is not counted, as no warm-up is.
        #expect(shown(entry("C25K Week 1 Day 1", "Brisk five-minute warmup walk. Then alternate 60 seconds of "
            + "jogging and 90 seconds of walking for a total of 20 minutes.")) == "run easy 20min")
        #expect(shown(entry("C25K Week 3 Day 1", "Brisk five-minute warmup walk, then do two repetitions of the "
            + "following: Jog 90 Seconds, Walk 90 Seconds, Jog 3 Minutes, Walk 3 Minutes")) == "run easy 18min")
    }

    @Test func aMeasureInTheTitleKeepsTheDescriptionsOut() {
        #expect(shown(entry("Easy run 7km", "Warm up 10 min walk/jog. Cool down 5 min walk.")) == "run easy 7.0km")
    }
}

@Suite struct VocabularyTests {
    @Test(arguments: [
        ("Lockerer Lauf 8 km", "run easy 8.0km"), ("Langer Lauf 22 km", "run long 22.0km"),
        ("Intervalle 6x1000", "run intervals"), ("Ruhetag", "rest"), ("Krafttraining", "strength"),
        ("Sortie longue 18 km", "run long 18.0km"), ("Fractionné 10x400", "run intervals"), ("Repos", "rest"),
        ("Rodaje 40 min", "run easy 40min"), ("Tirada larga 25 km", "run long 25.0km"), ("Descanso", "rest"),
        ("Fuerza", "strength"), ("Langtur 20 km", "run long 20.0km"), ("Terskel 3x10 min", "run threshold"),
        ("Hviledag", "rest"), ("Styrke", "strength"), ("3公里慢跑", "run easy 3.0km"), ("4公里快走", "cross 4.0km"),
        ("休息", "rest"), ("完全休息", "rest"), ("力量训练", "strength"), ("😴", "rest"), ("💪 Core", "strength"),
        ("OFF", "rest"), ("Myrtl Routine", "strength"), ("Gym A (lower body)", "strength"),
        ("2x(2T w/2 min rests)", "run threshold"), ("E 5 mi", "run easy 8.0km"), ("Z2 45 min", "run easy 45min"),
    ] as [(String, String)])
    func languagesEmojiAndCodes(title: String, expected: String) {
        #expect(shown(entry(title)) == expected)
    }

    @Test func userKeywordsStillWin() {
        let keywords = KeywordMap.default.extended(with: ["road hammer": "tempo", "quiz": "rest"]).map
        #expect(shown(entry("8k - Road Hammer Practice", options: ScheduleReadOptions(keywords: keywords)))
            == "run tempo 8.0km")
        #expect(shown(entry("Team quiz night", options: ScheduleReadOptions(keywords: keywords))) == "rest")
    }

    @Test func htmlEntitiesAreDecodedBeforeReading() {
        #expect(HTMLEntities.decoded("&quot;Yasso&quot; 800s &amp; strides &#39;n&#x27; more") == "\"Yasso\" 800s & strides 'n' more")
        #expect(shown(entry("Easy 5 km &amp; core")) == "run easy 5.0km +strength")
    }
}

/// Rules a real calendar needs beyond the tuned ones: what is not a race, paces that look like times, sessions
/// that are not runs, times that are a part of a session.
@Suite struct NotRacesPacesAndPartsTests {
    @Test func aNoteAboutTheRaceOrARehearsalOfItIsNoRace() {
        #expect(shown(entry("Lay out race gear, early night")) == "note")
        #expect(shown(entry("Pack the race bag")) == "note")
        #expect(shown(entry("Carbo loading starts")) == "note")
        #expect(shown(entry("Race rehearsal 15 km")) == "run easy 15.0km")
        #expect(shown(entry("Tempo 12 km (dress rehearsal)")) == "run tempo 12.0km")
        // Back-to-back long runs are long runs, whatever the parentheses say.
        #expect(shown(entry("Back-to-back #2: 20 km (race rehearsal)")) == "run long 20.0km")
        #expect(shown(entry("B2B day 1: easy 18 km")) == "run long 18.0km")
    }

    @Test func theLastEntryIsNoRaceWhenItsTitleWasRunBeforeOrRacesAreConfigured() {
        // The plan's fourth "5k" is one more training run, even when a date puts it last.
        let repeated = entries([("2027-03-01", "6k", ""), ("2027-03-03", "5k", ""), ("2027-03-08", "6k", ""),
                                ("2027-03-10", "5k", "")])
        #expect(repeated.map(shown) == ["run long 6.0km", "run easy 5.0km", "run long 6.0km", "run easy 5.0km"])
        // With races configured the runner named them: the last entry is no guess.
        let race = Race(date: day("2027-04-04"), name: "Spring 10K", distance: .tenK)
        let configured = entries([("2027-03-08", "8 km", ""), ("2027-03-14", "10 km", "")],
                                 options: ScheduleReadOptions(races: [race]))
        #expect(configured.map(shown) == ["run easy 8.0km", "run long 10.0km"])
    }

    @Test func pacesInARangeOrAProgressionAreNoTime() {
        #expect(DurationScanner.minutes(in: "Steady: 30min @ 4:50-5:00", walking: false) == 30)
        #expect(DurationScanner.minutes(in: "Progression: 6:00 → 4:45", walking: false) == nil)
        #expect(DurationScanner.minutes(in: "start 5:55 -> finish 5:05", walking: false) == nil)
        #expect(DurationScanner.minutes(in: "40:00-45:00", walking: false) == 42.5)
        #expect(shown(entry("Threshold: 20min @ 4:10-4:20")) == "run threshold 20min")
        // A goal after a label and a colon is no time either.
        #expect(DurationScanner.minutes(in: "GOAL: 3:59 (5:40 /km)", walking: false) == nil)
        #expect(DurationScanner.minutes(in: "Warm-up: 10 min, tempo: 25 min, cool-down: 10 min", walking: false) == 25)
    }

    @Test func aTimeThatCannotBeTheDistancesIsNotTheSessions() {
        // "4:50" beside 12 km is no run of 4 h 50, so it makes no long run.
        #expect(shown(entry("Easy 12 km 4:50")) == "run easy 12.0km")
        // A time too short for the distance is the effort inside the session.
        #expect(shown(entry("Tempo block 25min — 10 km")) == "run tempo 10.0km")
        #expect(shown(entry("Hill climb 20 min — 7 km")) == "run hills 7.0km")
        #expect(shown(entry("Intervals on the track: 4min + 8min hard", "Total 11 km")) == "run intervals 11.0km")
        // A time that fits stays; a short distance beside a long time is a repetition's.
        #expect(shown(entry("Easy 10 km — 60 min")) == "run easy 10.0km 60min")
        #expect(shown(entry("Threshold 1000m (1:10:00 @ 4:05 /rep)")) == "run threshold 70min")
    }

    @Test func aSessionThatSaysThereIsNoRunIsNoRun() {
        #expect(shown(entry("Evening routine — 20 min", "No run today. Band work and mobility.")) == "cross 20min")
        #expect(shown(entry("Evening — 15 min", "No run today.")) == "rest")
        #expect(shown(entry("No running")) == "rest")
        #expect(shown(entry("Knee rehab — 20 min")) == "strength 20min")
        #expect(shown(entry("Prehab — 15 min", "Rest before the 25 km tomorrow.")) == "strength 15min")
        // A description saying no run changes nothing a title says.
        #expect(shown(entry("Easy run 6 km", "No run if the knee hurts")) == "run easy 6.0km")
    }

    @Test func aMeasureOfAnotherDayIsNotTheSessions() {
        #expect(shown(entry("Easy run", "Short today, before the 30 km tomorrow.")) == "run easy")
        #expect(shown(entry("Easy run", "Keep it light; 2 hours tomorrow")) == "run easy")
        #expect(shown(entry("Shakeout", "Legs tired after yesterday's 25 km")) == "run recovery")
        #expect(shown(entry("Easy run", "Short today: 5 km, long run tomorrow")) == "run easy 5.0km")
    }

    @Test(arguments: [
        ("Upper body + stair climber", "strength +cross"), ("Treadhill session — 9 km", "run hills 9.0km"),
        ("Hill intervals 8 km", "run hills 8.0km"), ("Incline walk 30 min", "cross 30min"),
        ("Stamina run 10 km", "run tempo 10.0km"),
    ] as [(String, String)])
    func moreVocabulary(title: String, expected: String) {
        #expect(shown(entry(title)) == expected)
    }
}

@Suite struct FileWarningTests {
    @Test func theCodedPlanFixture() {
        let result = Fixture.read("coded-plan.ics")
        #expect(result.schedule.entries.map(shown) == [
            "run easy 25min", "cross 60min", "run long 90min", "rest", "run easy 8.0km", "cross", "run easy 40min",
            "unknown",
        ])
        // The description "Peak, taper, heat, race" makes no race; the block a year late is pointed out.
        #expect(!result.schedule.runs.contains { $0.type == .race })
        #expect(result.diagnostics.contains { $0.location.line == 29 && $0.message.hasPrefix("2 entries from 2027-12-07")
            && $0.message.contains("366 days apart") })
        #expect(result.diagnostics.contains { $0.message.hasPrefix("1 of 8 entries (13%) read as unknown") })
        // The unknown entry still takes its day, as an easy session.
        #expect(result.schedule.runs.contains { $0.date == day("2027-12-08") && $0.type == .easy })
    }

    @Test func theMilesPlanFixture() {
        let result = Fixture.read("miles-plan.ics")
        #expect(result.schedule.entries.map(\.date.iso) == [
            "2027-03-01", "2027-03-02", "2027-03-03", "2027-03-04", "2027-03-05", "2027-03-07", "2027-03-08",
            "2027-03-09", "2027-03-10", "2027-03-12", "2027-03-14",
        ])
        #expect(result.schedule.entries.map(shown) == [
            "run easy 4.8km", "run easy 12.9km +strength +cross", "run intervals", "note", "note", "run long 25.8km",
            "note", "run threshold", "run easy 4.8km", "run recovery 7.2km", "race race 42.2km",
        ])
        #expect(result.schedule.runs.filter { $0.type == .race }.map(\.date.iso) == ["2027-03-14"])
    }

    @Test func aWeekInTheFileTwiceIsPointedOut() {
        let text = """
            BEGIN:VCALENDAR
            BEGIN:VEVENT
            DTSTART;VALUE=DATE:20270510
            SUMMARY:Tempo 8 km
            END:VEVENT
            BEGIN:VEVENT
            DTSTART;VALUE=DATE:20270511
            SUMMARY:Easy 5 km
            END:VEVENT
            BEGIN:VEVENT
            DTSTART;VALUE=DATE:20270510
            SUMMARY:Easy 4 km
            END:VEVENT
            BEGIN:VEVENT
            DTSTART;VALUE=DATE:20270511
            SUMMARY:Easy 5 km
            END:VEVENT
            END:VCALENDAR

            """
        let result = parse(text, path: "twice.ics")
        #expect(result.diagnostics.map(\.description) == [
            "twice.ics:10:1: warning: 2027-05-10 holds \"Tempo 8 km\" (line 2) and \"Easy 4 km\", which disagree; "
                + "both are kept (is a week in the file twice?)",
        ])
        #expect(result.schedule.entries.count == 4)
    }

    @Test func aDoubleDayWrittenTogetherIsNotAMistake() {
        let text = "date,title\n2027-05-10,Easy 5 km\n2027-05-10,Tempo 8 km\n2027-05-11,Rest\n"
        #expect(parse(text, .csv).diagnostics.isEmpty)
    }
}

@Suite struct PlanRelativeReadingTests {
    @Test func aRepetitionLengthAloneIsAnIntervalSession() {
        #expect(shown(entry("3: 600m resets")) == "run intervals")
        #expect(shown(entry("400m repeats")) == "run intervals")
        // Beside a word that names the session, or as strides, the short distance is only a part.
        #expect(shown(entry("Hills 200m")) == "run hills")
        #expect(shown(entry("Easy 6 km + 4 x 100m strides")) == "run easy 6.0km")
    }

    @Test func steadyIsTempoOnlyWhenThePlanPutsItAboveItsEasyRuns() {
        let above = entries([("2027-01-04", "Long Run (18-21 km easy @ HR 135-152)", ""),
                             ("2027-01-06", "Steady Run (75-90 min @ HR 155-165)", "")])
        #expect(above.map(shown) == ["run long 19.5km", "run tempo 82min"])
        #expect(above[1].why.contains("easy heart rate"))
        let overlapping = entries([("2027-01-04", "Easy run 10 km @ HR 135-152", ""),
                                   ("2027-01-06", "Steady run 60 min @ HR 145-155", "")])
        #expect(overlapping.map(shown) == ["run easy 10.0km", "run easy 60min"])
        // With no heart rates to compare, steady stays easy.
        #expect(shown(entry("Steady run 60 min")) == "run easy 60min")
    }
}
