import LegdayCore
import LegdayExercises
@testable import LegdayFigures
import Testing

/// Every figure of the bundled library: poses a body can take, resting on what they say they rest on, and
/// no two exercises drawn alike.
@Suite struct LibraryFigureTests {
    let library = try! ExerciseCatalog.bundled()

    @Test func everyPositionIsOneABodyCanTakeAndTouchesWhatItRestsOn() {
        var problems: [String] = []
        for exercise in library.exercises {
            for position in exercise.positions {
                guard let pose = position.pose else { continue }
                for problem in PoseCheck.problems(pose) {
                    problems.append("\(exercise.id) \(position.name): \(problem)")
                }
            }
        }
        #expect(problems.isEmpty, Comment(rawValue: "\(problems.count) problems:\n" + problems.joined(separator: "\n")))
    }

    @Test func noTwoExercisesAreDrawnAlike() {
        var seen: [String: String] = [:]
        var clashes: [String] = []
        for exercise in library.exercises {
            // The drawing alone: not the name in the title, nor the positions' labels.
            let svg = FigureRenderer.svg(for: exercise).split(separator: "\n").filter { !$0.hasPrefix("<title>") && !$0.hasPrefix("<text") }
                .joined(separator: "\n")
            if let other = seen[svg] { clashes.append("\(other) and \(exercise.id)") }
            seen[svg] = exercise.id
        }
        #expect(clashes.isEmpty, "drawn alike: \(clashes)")
    }

    @Test func aOneLeggedMoveMarksItsWorkingLeg() {
        let singleLeg = library.exercises.filter { $0.pattern == .singleLeg || $0.id.hasPrefix("single-leg") }
        #expect(!singleLeg.isEmpty)
        for exercise in singleLeg {
            let marked = exercise.positions.contains { $0.pose?.working != nil }
            #expect(marked, "\(exercise.id) does not say which leg works")
        }
    }

    @Test func aSidewaysOrTurningMoveHasASecondView() {
        for id in ["side-lunge", "banded-lateral-walk", "pallof-press", "half-kneeling-pallof-press", "goblet-squat"] {
            guard let exercise = library[id] else { continue }
            let viewed = exercise.positions.contains {
                $0.pose.map { $0.view == .front || $0.secondView == .front } ?? false
            }
            #expect(viewed, "\(id) is only seen from the side")
        }
    }
}

@Suite struct PoseCheckTests {
    @Test func standingIsFine() {
        #expect(PoseCheck.problems(Pose()).isEmpty)
    }

    @Test func aKneeBentBackwardsIsCaught() {
        let problems = PoseCheck.problems(Pose(frontThigh: 0, frontShin: 40))
        #expect(problems.contains { $0.hasPrefix("front knee") })
    }

    @Test func aForearmThatFloatsIsCaught() {
        // Kneeling on one leg with a hand said to be on the floor, but the arm hangs at the side.
        let pose = Pose(frontThigh: 85, backThigh: 0, backShin: 270, backFoot: 340, floor: [.frontFoot, .backKnee, .frontHand])
        #expect(PoseCheck.problems(pose).contains { $0.hasPrefix("front-hand is") })
    }

    @Test func aSmallErrorInAPlankIsTiltedAway() {
        // Forearms and toes on the floor, the torso a few degrees off level: the placement tilts it.
        let plank = Pose(torso: 97, head: 100, frontThigh: 277, frontShin: 277, frontFoot: 340, frontUpperArm: 0,
                         frontForearm: 90, floor: [.frontElbow, .frontHand, .frontFoot])
        #expect(PoseCheck.problems(plank) == [])
    }
}
