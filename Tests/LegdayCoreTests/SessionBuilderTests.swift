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

    @Test func aBeginnersHeavyDayHasALoadedMainLiftGivenByEffort() throws {
        for block in [TrainingBlock.strength, .hypertrophy, .power] {
            for week in 1...4 {
                let session = try #require(SessionBuilder.session(for: day(.heavyLift, block: block, week: week), profile: profile(.beginner), library: library))
                let main = session.exercises.filter { [.squat, .hinge].contains($0.exercise.pattern) && !$0.exercise.isBodyweight }
                #expect(!main.isEmpty, "\(block) week \(week): \(ids(session))")
                // A beginner does not know a one-rep maximum: the effort, never a %1RM, and never back to
                // "bodyweight" at the start of a block.
                #expect(main.allSatisfy { $0.load?.hasPrefix("RPE") == true && $0.load?.contains("1RM") == false }, "\(main.map(\.load))")
            }
        }
    }

    /// Reps, %1RM and RPE come out of one table: the reps asked for never exceed what the load allows, and
    /// the RPE printed is 10 less the reps left.
    @Test func loadRepsAndEffortAgree() throws {
        let table = library.doses
        #expect(table.maxReps(atPercent: 85) == 6 && table.maxReps(atPercent: 87) == 5)
        for level in [ExperienceLevel.intermediate, .advanced] {
            for block in [TrainingBlock.strength, .hypertrophy, .power] {
                for week in 1...4 {
                    let session = try #require(SessionBuilder.session(for: day(.heavyLift, block: block, week: week), profile: profile(level), library: library))
                    for item in session.exercises {
                        guard let load = item.load, let percentEnd = load.firstIndex(of: "%"), let percent = Int(load[..<percentEnd]) else { continue }
                        let reps = try #require(Reps(item.reps))
                        let max = table.maxReps(atPercent: percent)
                        #expect(reps.high <= max, "\(item.exercise.id): \(item.reps) at \(percent)%")
                        #expect(load.contains("RPE \(table.rpe(reps: reps.high, atPercent: percent))"), "\(load)")
                        #expect(load.contains("\(10 - table.rpe(reps: reps.high, atPercent: percent)) reps in reserve"))
                    }
                }
            }
        }
    }

    @Test func aHeavyMainLiftIsWorkedUpToAndFastWorkNeverSaysSlow() throws {
        let heavy = try #require(SessionBuilder.session(for: day(.heavyLift), profile: profile(.intermediate), library: library))
        let ramps = heavy.warmup.filter { $0.load?.hasPrefix("ramp-up") == true }.map(\.exercise.id)
        #expect(ramps == heavy.exercises.filter { $0.load?.contains("1RM") == true }.map(\.exercise.id))
        #expect(!ramps.isEmpty)
        let power = try #require(SessionBuilder.session(for: day(.heavyLift, phase: .racePrep, block: .power), profile: profile(.intermediate), library: library))
        for item in power.exercises where item.exercise.pattern == .squat || item.exercise.pattern == .hinge {
            #expect(item.tempo?.contains("fast") == true, "\(item.exercise.id) \(item.tempo ?? "-")")
            #expect(item.load?.contains("fast") != true)
        }
        // Light days are never worked up to: nothing on them is heavy.
        let light = try #require(SessionBuilder.session(for: day(.lightLift), profile: profile(.intermediate), library: library))
        #expect(!light.warmup.contains { $0.load?.hasPrefix("ramp-up") == true })
        #expect(!light.exercises.contains { $0.load?.contains("1RM") == true || $0.exercise.pattern == .jump })
    }

    // MARK: Phase and block

    @Test func aHeavyStrengthBlockRunsFromEightRepsAtSeventyToFiveAtEightyThreePercent() throws {
        let week1 = try #require(SessionBuilder.session(for: day(.heavyLift, week: 1), profile: profile(.intermediate), library: library))
        let week4 = try #require(SessionBuilder.session(for: day(.heavyLift, week: 4), profile: profile(.intermediate), library: library))
        let squat1 = try #require(week1.exercises.first { $0.exercise.id == "barbell-back-squat" })
        let squat4 = try #require(week4.exercises.first { $0.exercise.id == "barbell-back-squat" })
        #expect(squat1.sets == 4 && squat1.reps == "8" && squat1.load?.hasPrefix("70% 1RM") == true)
        #expect(squat4.sets == 4 && squat4.reps == "5" && squat4.load?.hasPrefix("83% 1RM") == true)
        #expect((squat1.restSeconds ?? 0) >= 120)
    }

    @Test func aLightStrengthDayIsThreeSetsOfEightWellShortOfFailure() throws {
        let session = try #require(SessionBuilder.session(for: day(.lightLift), profile: profile(.intermediate), library: library))
        let main = try #require(session.exercises.first { [.squat, .hinge].contains($0.exercise.pattern) })
        #expect(main.sets == 3 && main.reps == "8" && main.load?.hasPrefix("RPE 6") == true)
    }

    // MARK: Duration, warm-up, variety

    @Test func aLiftDayIsAboutThirtyMinutesOfLegWorkWithWarmupAndCooldown() throws {
        for level in ExperienceLevel.allCases {
            for block in TrainingBlock.allCases where block != .maintenance {
                for kind in [DayKind.heavyLift, .lightLift] {
                    let d = day(kind, block: block)
                    let session = try #require(SessionBuilder.session(for: d, profile: profile(level), library: library))
                    #expect(Array(session.warmup.map(\.exercise.id).prefix(5)) == ["dead-bug", "passive-leg-lowering", "hip-extension-pause", "spiderman-rotation", "inchworm"])
                    #expect(!session.cooldown.isEmpty)
                    let context = Context(day: Context.Day(d), experience: level, rungs: library.rungs, doses: library.doses,
                                          available: EquipmentMask(profile(level).equipment(on: d.date.weekday)))
                    let legWork = session.exercises.map { context.dose($0.exercise, as: slotKind(of: $0, in: context)).seconds }.reduce(0, +)
                    // The README's promise: about 30 minutes of leg work (20 to 35), 50 at most with the
                    // warm-up, ramp-up sets and cool-down.
                    #expect((20...35).contains(legWork / 60), "\(level) \(block) \(kind): \(legWork / 60) min of leg work")
                    #expect(session.estimatedMinutes > legWork / 60 && session.estimatedMinutes <= 50,
                            "\(level) \(block) \(kind): \(session.estimatedMinutes) min")
                }
            }
        }
    }

    /// The slot a prescribed exercise came from, matched by its dose.
    func slotKind(of item: Prescription, in context: Context) -> SlotKind {
        for slot in context.slotsForDay() where slot.ladder.ids(in: library.training).contains(where: { $0.contains(item.exercise.id) }) {
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
        #expect(sessions.map { $0.exercises[0].load?.prefix(7) ?? "" } == ["70% 1RM", "77% 1RM", "80% 1RM", "83% 1RM"])
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

@Suite struct DoseTableIndexTests {
    /// The dose table finds a slot's doses by its place in `TrainingTables.slotNames`.
    @Test func slotKindsAndTheTableNameTheSameSlotsInOrder() {
        #expect(SlotKind.allCases.map(\.rawValue) == TrainingTables.slotNames)
        #expect(SlotKind.allCases.map(\.index) == Array(SlotKind.allCases.indices))
    }
}
