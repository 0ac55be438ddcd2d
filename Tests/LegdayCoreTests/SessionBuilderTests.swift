@testable import LegdayCore
import LegdayExercises
import Testing

@Suite struct SessionBuilderTests {
    let library: ExerciseLibrary
    /// A Monday.
    let monday = LocalDate(iso: "2026-11-23")!

    init() throws {
        library = try ExerciseCatalog.bundled()
    }

    func day(_ kind: DayKind, phase: Phase = .base, block: TrainingBlock = .strength, week: Int = 1,
             runs: [RunType] = [.tempo], date: LocalDate? = nil) -> DayPlan {
        let date = date ?? monday
        return DayPlan(date: date, phase: phase, block: block, blockWeek: week,
                       runs: runs.map { Run(date: date, type: $0) }, kind: kind)
    }

    func profile(_ level: ExperienceLevel, gym: Set<Equipment> = Set(Equipment.allCases),
                 gymDays: Set<Weekday> = Set(Weekday.allCases)) -> AthleteProfile {
        AthleteProfile(experience: level, gymDays: gymDays, gymEquipment: gym)
    }

    func ids(_ session: Session?) -> [String] { session?.exercises.map(\.exercise.id) ?? [] }

    // MARK: Equipment

    @Test func noBarbellWithoutABarbell() throws {
        let noBar = Set(Equipment.allCases).subtracting([.barbell])
        for kind in [DayKind.heavyLift, .lightLift] {
            for block in TrainingBlock.allCases {
                for level in ExperienceLevel.allCases {
                    let session = try #require(SessionBuilder.session(for: day(kind, block: block), profile: profile(level, gym: noBar), library: library))
                    for item in session.allPrescriptions {
                        #expect(!item.exercise.equipment.contains(.barbell), "\(level) \(block) \(kind): \(item.exercise.id)")
                    }
                }
            }
        }
        // The same intermediate gets the barbell squat when there is one.
        let withBar = SessionBuilder.session(for: day(.heavyLift), profile: profile(.intermediate), library: library)
        #expect(ids(withBar).contains("barbell-back-squat"))
    }

    @Test func aHomeDayUsesOnlyWhatIsAtHome() throws {
        // No gym on Mondays: only the home kit (mat, wall, step) and bodyweight.
        let athlete = profile(.advanced, gymDays: [.tue, .thu])
        let home = athlete.equipment(on: .mon)
        let session = try #require(SessionBuilder.session(for: day(.heavyLift), profile: athlete, library: library))
        #expect(session.exercises.count >= 4)
        for item in session.allPrescriptions {
            #expect(item.exercise.canBeDone(with: home), "\(item.exercise.id) needs \(item.exercise.equipment)")
        }
    }

    // MARK: Level

    @Test func aBeginnersSquatIsAGobletSquat() {
        for block in [TrainingBlock.strength, .power] {
            let session = SessionBuilder.session(for: day(.heavyLift, block: block), profile: profile(.beginner), library: library)
            let squats = session?.exercises.filter { $0.exercise.pattern == .squat }.map(\.exercise.id) ?? []
            if block == .strength { #expect(squats == ["goblet-squat"]) }
            #expect(!squats.contains("barbell-back-squat") && !squats.contains("dumbbell-squat"))
        }
    }

    @Test func nobodyGetsAnExerciseAboveTheirLevel() throws {
        for level in ExperienceLevel.allCases {
            for block in TrainingBlock.allCases {
                for kind in [DayKind.heavyLift, .lightLift] {
                    let session = try #require(SessionBuilder.session(for: day(kind, block: block), profile: profile(level), library: library))
                    for item in session.allPrescriptions { #expect(item.exercise.level <= level, "\(item.exercise.id) for \(level)") }
                }
            }
        }
    }

    @Test func aBeginnersFirstWeekStartsWithoutLoad() throws {
        let first = try #require(SessionBuilder.session(for: day(.heavyLift, week: 1), profile: profile(.beginner), library: library))
        let loaded = first.exercises.filter { !$0.exercise.equipment.filter { [.dumbbell, .kettlebell, .barbell, .legPress].contains($0) }.isEmpty }
        #expect(!loaded.isEmpty)
        #expect(loaded.allSatisfy { $0.load?.contains("bodyweight") == true }, "\(loaded.map { ($0.exercise.id, $0.load) })")
    }

    // MARK: Phase and block

    @Test func aHeavyStrengthDayIsFourSetsOfSixToEightAtSeventyToEightyFivePercent() throws {
        let week1 = try #require(SessionBuilder.session(for: day(.heavyLift, week: 1), profile: profile(.intermediate), library: library))
        let week4 = try #require(SessionBuilder.session(for: day(.heavyLift, week: 4), profile: profile(.intermediate), library: library))
        let squat1 = try #require(week1.exercises.first { $0.exercise.id == "barbell-back-squat" })
        let squat4 = try #require(week4.exercises.first { $0.exercise.id == "barbell-back-squat" })
        #expect(squat1.sets == 4 && squat1.reps == "6-8" && squat1.load == "70% 1RM")
        #expect(squat4.sets == 4 && squat4.load == "85% 1RM")
        #expect((squat1.restSeconds ?? 0) >= 120)
    }

    @Test func aLightStrengthDayIsThreeSetsOfEightToTenAtSixtyToSeventyPercent() throws {
        let session = try #require(SessionBuilder.session(for: day(.lightLift), profile: profile(.intermediate), library: library))
        let main = try #require(session.exercises.first { [.squat, .hinge].contains($0.exercise.pattern) })
        #expect(main.sets == 3 && main.reps == "8-10" && main.load == "60% 1RM")
    }

    @Test func hypertrophyBlocksThrustForTwelveToFifteenAndAddRepsEachWeek() throws {
        var reps: [Int] = []
        for week in 1...4 {
            let session = try #require(SessionBuilder.session(for: day(.heavyLift, block: .hypertrophy, week: week), profile: profile(.intermediate), library: library))
            let thrust = try #require(session.exercises.first { $0.exercise.pattern == .bridge })
            #expect(thrust.exercise.id == "hip-thrust" && thrust.sets == 4)
            reps.append(Int(thrust.reps) ?? 0)
        }
        #expect(reps.first == 12 && reps.last == 15 && reps == reps.sorted() && Set(reps).count == 4)
    }

    @Test func powerBlocksAndRacePreparationBringJumpsAndStability() throws {
        let power = try #require(SessionBuilder.session(for: day(.heavyLift, block: .power), profile: profile(.intermediate), library: library))
        #expect(power.exercises.first?.exercise.role == .power)
        let prep = try #require(SessionBuilder.session(for: day(.heavyLift, phase: .racePrep, block: .power), profile: profile(.intermediate), library: library))
        #expect(prep.exercises.contains { $0.exercise.role == .power })
        #expect(prep.exercises.contains { $0.exercise.pattern == .antiRotation })
    }

    @Test func theTaperIsOneLightSessionOfMobilityAndActivation() throws {
        let taper = try #require(SessionBuilder.session(for: day(.lightLift, phase: .taper), profile: profile(.advanced), library: library))
        for item in taper.allPrescriptions {
            #expect([.none, .mat, .wall].contains { item.exercise.equipment.contains($0) } || item.exercise.equipment.isEmpty, "\(item.exercise.id)")
        }
        #expect(taper.cooldown.allSatisfy { $0.exercise.role == .mobility })
        #expect(taper.estimatedMinutes <= 30)
    }

    @Test func recoveryIsTheMobilityRoutine() throws {
        let session = try #require(SessionBuilder.session(for: day(.recovery, runs: []), profile: profile(.beginner), library: library))
        #expect(ids(session) == ["worlds-greatest-stretch", "deep-squat-hold", "standing-calf-stretch", "cat-cow",
                                 "couch-stretch", "ankle-circles"])
        #expect((10...15).contains(session.estimatedMinutes))
    }

    @Test func restAndRaceDaysHaveNoSession() {
        #expect(SessionBuilder.session(for: day(.rest), profile: profile(.beginner), library: library) == nil)
        #expect(SessionBuilder.session(for: day(.race, runs: [.race]), profile: profile(.beginner), library: library) == nil)
    }

    // MARK: Activation

    @Test func keyRunDaysGetTheActivationCircuit() throws {
        let circuit = try #require(SessionBuilder.activation(for: day(.rest, runs: [.long]), profile: profile(.beginner), library: library))
        #expect(ids(circuit) == ["glute-bridge", "banded-lateral-walk", "high-knees", "leg-swings", "a-skips", "calf-hops"])
        #expect((5...8).contains(circuit.estimatedMinutes))
        #expect(SessionBuilder.activation(for: day(.heavyLift, runs: [.easy]), profile: profile(.beginner), library: library) == nil)
    }

    @Test func withoutABandTheCircuitSkipsTheLateralWalk() throws {
        let noBand = profile(.beginner, gym: Set(Equipment.allCases).subtracting([.band]))
        let circuit = try #require(SessionBuilder.activation(for: day(.rest, runs: [.intervals]), profile: noBand, library: library))
        #expect(!ids(circuit).contains("banded-lateral-walk") && ids(circuit).count == 5)
    }

    // MARK: Duration, warm-up, variety

    @Test func aLiftDayIsAboutThirtyMinutesOfLegWorkWithWarmupAndCooldown() throws {
        for level in ExperienceLevel.allCases {
            for block in TrainingBlock.allCases where block != .maintenance {
                for kind in [DayKind.heavyLift, .lightLift] {
                    let d = day(kind, block: block)
                    let session = try #require(SessionBuilder.session(for: d, profile: profile(level), library: library))
                    #expect(session.warmup.map(\.exercise.id) == ["dead-bug", "passive-leg-lowering", "hip-extension-pause", "spiderman-rotation", "inchworm"])
                    #expect(!session.cooldown.isEmpty)
                    let context = Context(day: Context.Day(d), experience: level, rungs: library.rungs,
                                          available: EquipmentMask(profile(level).equipment(on: d.date.weekday)))
                    let legWork = session.exercises.map { context.dose($0.exercise, as: slotKind(of: $0, in: context)).seconds }.reduce(0, +)
                    #expect((20...40).contains(legWork / 60), "\(level) \(block) \(kind): \(legWork / 60) min of leg work")
                    #expect(session.estimatedMinutes > legWork / 60 && session.estimatedMinutes <= 55)
                }
            }
        }
    }

    /// The slot a prescribed exercise came from, matched by its dose.
    func slotKind(of item: Prescription, in context: Context) -> SlotKind {
        for slot in context.slotsForDay() where slot.ladder.ids.contains(where: { $0.contains(item.exercise.id) }) {
            let planned = context.dose(item.exercise, as: slot.kind).prescription
            if planned.sets == item.sets && planned.reps == item.reps { return slot.kind }
        }
        return .accessory
    }

    @Test func loadOrRepsRiseWeekByWeek() throws {
        let sessions = try (1...4).map { week in
            // The weeks of one block: the dates move on with the week number.
            try #require(SessionBuilder.session(for: day(.heavyLift, week: week, date: monday.adding(days: 7 * (week - 1))),
                                                profile: profile(.advanced), library: library))
        }
        #expect(sessions.map { $0.exercises[0].load ?? "" } == ["70% 1RM", "75% 1RM", "80% 1RM", "85% 1RM"])
        // The same exercises all block long.
        #expect(Set(sessions.map { ids($0) }).count == 1)
    }

    @Test func consecutiveBlocksVaryTheExercises() throws {
        // Blocks starting four, eight and twelve weeks apart turn to other ladders.
        var seen: Set<[String]> = []
        for start in 0..<3 {
            let date = monday.adding(days: 7 * 4 * start)
            let session = try #require(SessionBuilder.session(for: day(.heavyLift, week: 1, date: date), profile: profile(.intermediate), library: library))
            seen.insert(ids(session))
        }
        #expect(seen.count == 3)
    }

    @Test func noExerciseAppearsTwiceInASession() throws {
        for level in ExperienceLevel.allCases {
            for block in TrainingBlock.allCases {
                let session = try #require(SessionBuilder.session(for: day(.heavyLift, block: block), profile: profile(level), library: library))
                #expect(Set(ids(session)).count == session.exercises.count, "\(ids(session))")
            }
        }
    }

    /// The planner's bit set answers exactly as `Exercise.canBeDone(with:)` does, for every exercise and
    /// every single piece of equipment taken away or given alone.
    @Test func equipmentMaskAgreesWithCanBeDone() {
        var sets: [Set<Equipment>] = [[], Set(Equipment.allCases)]
        for item in Equipment.allCases {
            sets.append([item])
            sets.append(Set(Equipment.allCases).subtracting([item]))
        }
        for set in sets {
            let mask = EquipmentMask(set)
            for exercise in library.exercises {
                #expect(mask.allows(exercise) == exercise.canBeDone(with: set), "\(exercise.id) with \(set)")
            }
            for item in Equipment.allCases { #expect(mask.contains(item) == set.contains(item)) }
        }
    }
}
