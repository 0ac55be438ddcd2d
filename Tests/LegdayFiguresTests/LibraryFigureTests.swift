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
                for (pose, label) in [(position.pose, position.name), (position.front, position.name + " (front)")] {
                    guard let pose else { continue }
                    for problem in PoseCheck.problems(pose) {
                        problems.append("\(exercise.id) \(label): \(problem)")
                    }
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

    /// The issue's list: moves that go sideways or rotate, and moves where the knee must track over the foot.
    static let needSecondView = [
        "pallof-press", "half-kneeling-pallof-press", "ankle-circles", "spiderman-rotation", "worlds-greatest-stretch",
        "bodyweight-squat", "goblet-squat", "dumbbell-squat", "barbell-back-squat", "deep-squat-hold", "squat-jump",
        "pistol-squat", "sumo-deadlift", "split-squat", "bulgarian-split-squat", "forward-lunge", "reverse-lunge",
        "walking-lunge", "jumping-lunge", "step-up", "sprinter-step-up", "single-leg-deadlift", "box-jump",
    ]
    /// Lateral moves are drawn from the front in every panel already.
    static let drawnFromTheFront = ["side-lunge", "banded-lateral-walk", "side-plank", "sumo-squat"]

    @Test(arguments: needSecondView)
    func aSidewaysTurningOrKneeTrackingMoveHasAFrontPanel(_ id: String) throws {
        let exercise = try #require(library[id], "\(id) is not in the library")
        let fronts = exercise.positions.filter { $0.front != nil }
        #expect(!fronts.isEmpty, "\(id) has no front pose")
        #expect(fronts.allSatisfy { $0.front?.view == .front })
        // The SVG: a panel per side position, then one per front pose, labelled and with a figure.
        let svg = FigureRenderer.svg(for: exercise)
        let extra = svg.components(separatedBy: "<g class=\"position second-view\" data-view=\"front\"").count - 1
        #expect(extra == fronts.count, "\(id): \(extra) front panels for \(fronts.count) front poses")
        for position in fronts {
            #expect(svg.contains("data-name=\"\(position.name) from the front\""), "\(id): no panel for \(position.name)")
        }
        let panels = FigureRenderer.panels(exercise)
        #expect(panels.count == exercise.positions.count + fronts.count)
        #expect(panels.suffix(fronts.count).allSatisfy { $0.view == .front && $0.shapes.count > 16 })
    }

    @Test func lateralMovesAreDrawnFromTheFront() {
        for id in LibraryFigureTests.drawnFromTheFront {
            guard let exercise = library[id] else { Issue.record("\(id) missing"); continue }
            #expect(exercise.positions.allSatisfy { $0.pose?.view == .front }, "\(id) is not drawn from the front")
        }
    }

    @Test func aPoseTowardTheViewerIsDrawnShorter() {
        let flat = Placement.place(Pose(view: .front, frontThigh: 100)).skeleton
        var reaching = Pose(view: .front, frontThigh: 100)
        reaching.toward = ["frontThigh": 60]
        let short = Placement.place(reaching).skeleton
        #expect(abs((flat.frontKnee - flat.frontHip).length - 0.45) < 1e-9)
        #expect(abs((short.frontKnee - short.frontHip).length - 0.225) < 1e-9)
    }

    /// A chest turned on the page lifts the front shoulder over the back one, and the torso's top edge turns
    /// with the shoulders; a side view ignores the turn.
    @Test func aTurnedChestStacksTheShoulders() throws {
        var turned = Pose(view: .front)
        turned.turn = 60
        let s = FigureGeometry.Skeleton(turned), flat = FigureGeometry.Skeleton(Pose(view: .front))
        #expect(abs(flat.frontShoulder.y - flat.backShoulder.y) < 1e-9)
        #expect(s.frontShoulder.y - s.backShoulder.y > 0.3)
        #expect(abs((s.frontShoulder - s.backShoulder).length - 2 * FigureGeometry.shoulderHalfWidth) < 1e-9)
        let torso = try #require(FigureGeometry.parts(s).first { $0.name == "torso" }?.outline)
        let plain = try #require(FigureGeometry.parts(flat).first { $0.name == "torso" }?.outline)
        #expect(torso != plain)
        var side = Pose()
        side.turn = 60
        #expect(FigureGeometry.Skeleton(side).frontShoulder == FigureGeometry.Skeleton(Pose()).frontShoulder)
    }

    @Test func declaredArrowsAreDrawn() {
        var pose = Pose(view: .front)
        let plain = Scene.shapes(for: pose).count
        pose.arrows = [Pose.Arrow(at: .frontKnee, direction: 90)]
        #expect(Scene.shapes(for: pose).count > plain)
    }

    /// A far limb reaching toward the viewer (forward in the side pose) is drawn in front of the torso; one
    /// reaching away (backward in the side pose) stays behind it.
    @Test func limbsReachingTowardTheViewerAreDrawnInFront() {
        var front = Pose(view: .front, backThigh: 250, backShin: 250)
        front.toward = ["backThigh": 62, "backShin": 62]
        let parts = FigureGeometry.parts(FigureGeometry.Skeleton(front))
        func order(_ side: Pose) -> (thigh: Int, torso: Int) {
            let drawn = Scene.towardViewer(parts, pose: front, sideView: side)
            return (drawn.firstIndex { $0.name == "back thigh" }!, drawn.firstIndex { $0.name == "torso" }!)
        }
        let forward = order(Pose(backThigh: 80, backShin: 80))
        let backward = order(Pose(backThigh: 265, backShin: 265))
        #expect(forward.thigh > forward.torso)
        #expect(backward.thigh < backward.torso)
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

    /// An arm far behind the body is caught; the same angle with the upper arm turned out of the page is an
    /// arm spread sideways (elbows on a bench), which the side-view shoulder limit does not judge.
    @Test func anArmBehindTheBodyIsCaughtUnlessItIsSpreadSideways() {
        var pose = Pose(torso: 235, frontUpperArm: 262, frontForearm: 270)
        #expect(PoseCheck.problems(pose).contains { $0.hasPrefix("front shoulder") })
        pose.toward = ["frontUpperArm": 55, "backUpperArm": 55]
        #expect(!PoseCheck.problems(pose).contains { $0.contains("shoulder") })
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
