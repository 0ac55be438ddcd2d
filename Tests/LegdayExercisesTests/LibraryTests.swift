import Foundation
import LegdayCore
import LegdayExercises
import Testing

@Suite struct LibraryTests {
    let library: ExerciseLibrary

    init() throws {
        library = try ExerciseCatalog.bundled()
    }

    /// Every exercise issue 4 names (the seeds' list, the warm-up of 002, the routines of 004).
    static let required = [
        "goblet-squat", "dumbbell-squat", "barbell-back-squat", "sumo-squat", "pistol-squat",
        "conventional-deadlift", "romanian-deadlift", "sumo-deadlift", "single-leg-deadlift",
        "walking-lunge", "forward-lunge", "reverse-lunge", "side-lunge", "jumping-lunge",
        "bulgarian-split-squat", "split-squat", "step-up", "sprinter-step-up",
        "straight-leg-calf-raise", "bent-knee-calf-raise", "single-leg-calf-raise", "eccentric-calf-drop",
        "leg-press", "glute-bridge", "single-leg-glute-bridge", "hip-thrust", "single-leg-hip-thrust",
        "nordic-curl", "stability-ball-hamstring-curl", "kettlebell-swing", "squat-jump", "box-jump",
        "plank", "side-plank", "rkc-plank", "dead-bug", "pallof-press", "half-kneeling-pallof-press",
        "farmers-carry",
        "passive-leg-lowering", "hip-extension-pause", "spiderman-rotation", "inchworm",
        "worlds-greatest-stretch", "deep-squat-hold", "standing-calf-stretch", "cat-cow", "couch-stretch",
        "ankle-circles",
        "banded-lateral-walk", "high-knees", "leg-swings", "a-skips", "calf-hops",
    ]

    /// The embedded files are listed by hand in `ExerciseCatalog.exerciseFiles`: a file added to the folder
    /// and not to the list would silently be left out of the binary's library.
    @Test func everyFileInTheExercisesFolderIsEmbedded() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/LegdayExercises/Resources/exercises").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(!files.isEmpty)
        #expect(Set(files) == Set(ExerciseCatalog.exerciseFiles.map(\.name)))
        for (name, bytes) in ExerciseCatalog.exerciseFiles {
            #expect(try Data(contentsOf: folder.appendingPathComponent(name)) == Data(bytes), "\(name)")
        }
    }

    @Test func holdsEveryExerciseTheIssueLists() {
        let missing = Self.required.filter { library[$0] == nil }
        #expect(missing.isEmpty, "missing: \(missing)")
    }

    @Test func idsAreUnique() {
        #expect(Set(library.exercises.map(\.id)).count == library.exercises.count)
    }

    @Test func everyExerciseHasAtLeastTwoPositionsWithTextAndPose() {
        for exercise in library.exercises {
            #expect(exercise.positions.count >= 2, "\(exercise.id)")
            for position in exercise.positions {
                #expect(!position.name.trimmingCharacters(in: .whitespaces).isEmpty, "\(exercise.id)")
                #expect(position.text.count >= 40, "\(exercise.id) \(position.name): too little to go on")
                #expect(position.pose != nil, "\(exercise.id) \(position.name) has no pose")
            }
            #expect(Set(exercise.positions.map(\.name)).count == exercise.positions.count, "\(exercise.id)")
        }
    }

    @Test func everyExerciseNamesItsMusclesMistakesAndSeeds() {
        for exercise in library.exercises {
            #expect(!exercise.name.isEmpty && !exercise.muscles.isEmpty, "\(exercise.id)")
            #expect(!exercise.mistakes.isEmpty, "\(exercise.id) lists no common mistake")
            for mistake in exercise.mistakes {
                #expect(!mistake.fault.isEmpty && !mistake.fix.isEmpty, "\(exercise.id)")
            }
            for cue in exercise.cues { #expect(!cue.isEmpty, "\(exercise.id)") }
            #expect(!exercise.seeds.isEmpty, "\(exercise.id) cites no seed")
            #expect(exercise.seeds.allSatisfy { ["000", "001", "002", "003", "004"].contains($0) }, "\(exercise.id)")
        }
    }

    @Test func startPositionsSayWhereTheEyesGo() {
        // The issue asks each position to place the body down to the gaze; the start sets it up.
        for exercise in library.exercises {
            let start = exercise.positions[0].text.lowercased()
            #expect(start.contains("eye"), "\(exercise.id): the start position does not say where to look")
        }
    }

    @Test func easierAndHarderVariantsExistAndPointBothWays() {
        for exercise in library.exercises {
            for variant in [exercise.easier, exercise.harder].compactMap({ $0 }) {
                #expect(library[variant] != nil, "\(exercise.id) names a missing variant \(variant)")
                #expect(variant != exercise.id, "\(exercise.id) is its own variant")
            }
        }
        // Goblet before barbell.
        #expect(library["goblet-squat"]?.harder == "dumbbell-squat")
        #expect(library["dumbbell-squat"]?.harder == "barbell-back-squat")
        #expect(library["barbell-back-squat"]?.easier == "dumbbell-squat")
    }

    @Test func everyIdASessionNamesExists() {
        let missing = SessionBuilder.namedIDs(in: library).filter { library[$0] == nil }
        #expect(missing.isEmpty, "sessions name missing exercises: \(missing.sorted())")
    }

    @Test func lowerSlowlyWhereItMatters() {
        for id in ["eccentric-calf-drop", "nordic-curl", "romanian-deadlift"] {
            let tempo = library[id]?.tempo ?? ""
            #expect(tempo.contains("3-4"), "\(id) tempo: \(tempo)")
        }
    }

    @Test func aBrokenFileIsReportedByNameAndPlace() throws {
        let broken = Data(#"[{"id": "x", "name": "X", "role": "strength", "muscles": [], "equipment": [], "level": "beginner", "positions": [{"name": "start", "text": "t", "pose": {"torso": "up"}}], "mistakes": [], "cues": [], "seeds": []}]"#.utf8)
        #expect {
            _ = try ExerciseCatalog.load([("lunges.json", broken)])
        } throws: { error in
            let text = String(describing: error)
            return text.contains("lunges.json") && text.contains("positions[0].pose.torso")
        }
    }

    @Test func aDuplicateIdAcrossFilesIsRefused() throws {
        let one = Data(#"[{"id": "x", "name": "X", "role": "core", "muscles": ["core"], "equipment": [], "level": "beginner", "positions": [], "mistakes": [], "cues": [], "seeds": []}]"#.utf8)
        #expect {
            _ = try ExerciseCatalog.load([("a.json", one), ("b.json", one)])
        } throws: { error in
            String(describing: error).contains("'x' twice")
        }
    }

    @Test func unknownKeysInPositionsAndPosesAreRefused() throws {
        func load(_ position: String) throws {
            let json = #"[{"id": "x", "name": "X", "role": "strength", "muscles": [], "equipment": [], "level": "beginner", "positions": [POS], "mistakes": [], "cues": [], "seeds": []}]"#
            _ = try ExerciseCatalog.load([("squats.json", Data(json.replacingOccurrences(of: "POS", with: position).utf8))])
        }
        try load(#"{"name": "bottom", "text": "t", "pose": {"torso": 150}, "front": {"frontThigh": 100, "toward": {"frontThigh": 70}, "arrows": [{"at": "front-knee", "direction": 90}]}}"#)
        let bad = [
            (#"{"name": "b", "text": "t", "pose": {"frontShim": 10}}"#, "positions[0].pose.frontShim"),
            (#"{"name": "b", "text": "t", "fronts": {}}"#, "positions[0].fronts"),
            (#"{"name": "b", "text": "t", "front": {"view": "side"}}"#, "positions[0].front"),
            (#"{"name": "b", "text": "t", "front": {"toward": {"thigh": 10}}}"#, "positions[0].front.toward"),
            (#"{"name": "b", "text": "t", "front": {"toward": {"frontThigh": 120}}}"#, "positions[0].front.toward"),
            (#"{"name": "b", "text": "t", "front": {"arrows": [{"at": "hips", "angle": 90}]}}"#, "positions[0].front.arrows[0]"),
            (#"{"name": "b", "text": "t", "pose": {"props": [{"kind": "box", "at": "hips", "dy": 1}]}}"#, "positions[0].pose.props[0]"),
        ]
        for (position, place) in bad {
            #expect {
                try load(position)
            } throws: { error in
                String(describing: error).contains("squats.json") && String(describing: error).contains(place)
            }
        }
    }

    @Test func missingPoseKeysTakeStandingDefaults() throws {
        let json = Data(#"{"torso": 150, "frontThigh": 90}"#.utf8)
        let pose = try JSONDecoder().decode(Pose.self, from: json)
        #expect(pose.head == 150)  // the head follows the torso
        #expect(pose.backThigh == 90)  // the back leg follows the front one
        #expect(pose.frontShin == 0 && pose.frontFoot == 90 && pose.view == .side)
        let again = try JSONDecoder().decode(Pose.self, from: JSONEncoder().encode(pose))
        #expect(again == pose)
    }
}
