#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LegdayCore

/// Turns a `Pose` into the body's joints and outlines, in metres with the floor at 0.
///
/// Segment lengths are those of a runner about 1.75 m tall. The skeleton is built from the hips outward from
/// the pose's absolute angles, then placed on its contacts (`Placement`). The outlines give it volume:
/// tapered limbs, a torso that follows the curve of the spine, a pelvis, a shoulder and a head that faces
/// where the eyes look.
enum FigureGeometry {
    static let torso = 0.52, neck = 0.07, headRadius = 0.11
    static let thigh = 0.45, shin = 0.44, toe = 0.17, heel = 0.06
    static let upperArm = 0.30, forearm = 0.28
    /// Half the distance between the hip joints and between the shoulder joints, seen from the front.
    static let hipHalfWidth = 0.09, shoulderHalfWidth = 0.18

    /// How thick each part is (its radius), in metres: the outlines use these, and so do the contacts.
    enum Radius {
        static let thighTop = 0.078, knee = 0.052, ankle = 0.036
        static let upperArmTop = 0.048, elbow = 0.038, wrist = 0.03, hand = 0.036
        static let heel = 0.036, toe = 0.026
        /// The torso seen from the side (front to back) and from the front (side to side), pelvis to
        /// shoulders: the pelvis, the waist, the chest, the top of the shoulders.
        static func torso(_ t: Double, view: Pose.View) -> Double {
            let side: [(Double, Double)] = [(0, 0.105), (0.4, 0.088), (0.72, 0.118), (1, 0.09)]
            let front: [(Double, Double)] = [(0, 0.16), (0.4, 0.13), (0.72, 0.16), (1, 0.19)]
            let stops = view == .side ? side : front
            for (a, b) in zip(stops, stops.dropFirst()) where t <= b.0 {
                return a.1 + (b.1 - a.1) * (t - a.0) / (b.0 - a.0)
            }
            return stops.last!.1
        }
    }

    /// The joints of one pose. In a side view both hips are one point and both shoulders are one point;
    /// seen from the front they are a hip-width and a shoulder-width apart.
    struct Skeleton {
        var view: Pose.View
        var hips: Point
        /// The spine from the middle of the pelvis to the base of the neck, bending with `Pose.spine`.
        var spine: [Point]
        var frontHip, backHip, frontShoulder, backShoulder: Point
        var headCentre: Point
        var frontKnee, frontAnkle, frontToe, frontHeel: Point
        var backKnee, backAnkle, backToe, backHeel: Point
        var frontElbow, frontHand, backElbow, backHand: Point
        /// How far the line of the shoulders is turned on the page (`Pose.turn`, front views only).
        var turn: Double

        var shoulders: Point { spine.last! }

        /// The skeleton of `pose` as drawn in its own view, or projected into `view` when the pose is a side
        /// view and `view` is `.front`: each segment keeps its height and loses its depth.
        init(_ pose: Pose, as view: Pose.View? = nil) {
            let view = view ?? pose.view
            let projected = view == .front && pose.view == .side
            self.view = view
            func move(_ p: Point, _ angle: Double, _ length: Double) -> Point {
                projected ? Point(p.x, p.y - length * cos(angle * .pi / 180)) : p.moved(angle, by: length)
            }
            // A segment pointing toward the viewer (`Pose.toward`) is drawn shorter.
            let seen = { (segment: String) in projected ? 1 : pose.seenLength(segment) }
            let hips = Point(0, 0)
            self.hips = hips
            let top = move(hips, pose.torso, FigureGeometry.torso * seen("torso"))
            // A circular arc through hips and shoulders: its sagitta for a bend of `spine` degrees, on the
            // back's side for a rounded back (flexion), on the belly's side for an arched one. Drawn at
            // twice the arc's depth: under the torso's thickness the true curve hardly shows.
            let chord = hips.angle(to: top), length = (top - hips).length
            let sagitta = 2 * length / 2 * tan(pose.spine * .pi / 180 / 4)
            let control = Point.lerp(hips, top, 0.5).moved(chord + 90, by: 2 * sagitta)
            spine = (0...10).map { i in
                let t = Double(i) / 10
                return Point.lerp(Point.lerp(hips, control, t), Point.lerp(control, top, t), t)
            }
            // Which way is "front" on the page when seen from the front: the figure's front side is drawn
            // on the right.
            let across = view == .front ? (projected ? 90.0 : pose.torso - 90) : 0
            let hipOffset = view == .front ? FigureGeometry.hipHalfWidth : 0
            let shoulderOffset = view == .front ? FigureGeometry.shoulderHalfWidth : 0
            frontHip = hips.moved(across, by: hipOffset)
            backHip = hips.moved(across + 180, by: hipOffset)
            turn = view == .front && !projected ? pose.turn : 0
            let shoulderLine = across + turn
            frontShoulder = top.moved(shoulderLine, by: shoulderOffset)
            backShoulder = top.moved(shoulderLine + 180, by: shoulderOffset)
            headCentre = move(top, pose.head, (FigureGeometry.neck + FigureGeometry.headRadius) * seen("head"))
            frontKnee = move(frontHip, pose.frontThigh, FigureGeometry.thigh * seen("frontThigh"))
            frontAnkle = move(frontKnee, pose.frontShin, FigureGeometry.shin * seen("frontShin"))
            backKnee = move(backHip, pose.backThigh, FigureGeometry.thigh * seen("backThigh"))
            backAnkle = move(backKnee, pose.backShin, FigureGeometry.shin * seen("backShin"))
            if projected, let stance = pose.stance {
                // A wide stance: the feet out to the sides, the knees tracking over them.
                let spread = stance / 2 - FigureGeometry.hipHalfWidth
                frontKnee.x += spread / 2
                frontAnkle.x += spread
                backKnee.x -= spread / 2
                backAnkle.x -= spread
            }
            if projected {
                // Seen from the front a foot is short: toes a little ahead and out, the heel behind.
                frontToe = Point(frontAnkle.x + 0.04, frontAnkle.y - 0.05)
                frontHeel = Point(frontAnkle.x, frontAnkle.y - 0.05)
                backToe = Point(backAnkle.x - 0.04, backAnkle.y - 0.05)
                backHeel = Point(backAnkle.x, backAnkle.y - 0.05)
            } else {
                frontToe = frontAnkle.moved(pose.frontFoot, by: FigureGeometry.toe * seen("frontFoot"))
                frontHeel = frontAnkle.moved(pose.frontFoot + 180, by: FigureGeometry.heel * seen("frontFoot"))
                backToe = backAnkle.moved(pose.backFoot, by: FigureGeometry.toe * seen("backFoot"))
                backHeel = backAnkle.moved(pose.backFoot + 180, by: FigureGeometry.heel * seen("backFoot"))
            }
            frontElbow = move(frontShoulder, pose.frontUpperArm, FigureGeometry.upperArm * seen("frontUpperArm"))
            frontHand = move(frontElbow, pose.frontForearm, FigureGeometry.forearm * seen("frontForearm"))
            backElbow = move(backShoulder, pose.backUpperArm, FigureGeometry.upperArm * seen("backUpperArm"))
            backHand = move(backElbow, pose.backForearm, FigureGeometry.forearm * seen("backForearm"))
        }

        /// A body point's joint and the radius of the body around it there.
        func joint(_ point: Pose.BodyPoint) -> (centre: Point, radius: Double) {
            switch point {
            case .head: (headCentre, FigureGeometry.headRadius)
            case .shoulders: (shoulders, Radius.torso(1, view: view))
            case .chest: (spine[7], Radius.torso(0.7, view: view))
            case .hips: (hips, Radius.torso(0, view: view))
            case .frontKnee: (frontKnee, Radius.knee)
            case .backKnee: (backKnee, Radius.knee)
            case .frontFoot: (frontAnkle, Radius.ankle)
            case .backFoot: (backAnkle, Radius.ankle)
            case .frontElbow: (frontElbow, Radius.elbow)
            case .backElbow: (backElbow, Radius.elbow)
            case .frontHand: (frontHand, Radius.hand)
            case .backHand: (backHand, Radius.hand)
            }
        }

        /// The lowest point of the body around a body point: where it rests on the floor or a support. For a
        /// foot, the lower of the heel and the toes (the sole).
        func bottom(_ point: Pose.BodyPoint) -> Point {
            switch point {
            case .frontFoot: return sole(frontHeel, frontToe)
            case .backFoot: return sole(backHeel, backToe)
            default:
                let (centre, radius) = joint(point)
                return Point(centre.x, centre.y - radius)
            }
        }

        private func sole(_ heel: Point, _ toe: Point) -> Point {
            let h = Point(heel.x, heel.y - Radius.heel), t = Point(toe.x, toe.y - Radius.toe)
            // A flat foot rests on its whole sole; a tilted one on its heel or its toes.
            let flat = abs(h.y - t.y) < 0.02
            return Point(flat ? (h.x + t.x) / 2 : (h.y < t.y ? h.x : t.x), min(h.y, t.y))
        }

        /// Where the trunk touches a flat floor near `point`: its thickest part there, not under the joint.
        /// Lying on the back, the shoulder blades and the chest's depth touch the floor, the shoulder joint
        /// sits a few centimetres above it.
        func flatBottom(_ point: Pose.BodyPoint) -> Point {
            let stretch: ClosedRange<Int>
            switch point {
            case .hips: stretch = 0...2
            case .chest: stretch = 6...8
            case .shoulders: stretch = 8...(spine.count - 1)
            default: return bottom(point)
            }
            return stretch.map { i -> Point in
                let r = Radius.torso(Double(i) / Double(spine.count - 1), view: view)
                return Point(spine[i].x, spine[i].y - r)
            }.min { $0.y < $1.y }!
        }

        /// The ball of a foot, where a step's edge goes when the heel hangs off it.
        func ball(of foot: Pose.BodyPoint) -> Point {
            foot == .backFoot ? Point.lerp(backHeel, backToe, 0.72) : Point.lerp(frontHeel, frontToe, 0.72)
        }

        mutating func move(by d: Point) {
            for path in Skeleton.joints { self[keyPath: path] = self[keyPath: path] + d }
            spine = spine.map { $0 + d }
        }

        private static var joints: [WritableKeyPath<Skeleton, Point>] { [
            \.hips, \.frontHip, \.backHip, \.frontShoulder, \.backShoulder, \.headCentre,
            \.frontKnee, \.frontAnkle, \.frontToe, \.frontHeel, \.backKnee, \.backAnkle, \.backToe, \.backHeel,
            \.frontElbow, \.frontHand, \.backElbow, \.backHand,
        ] }
    }

    /// One part of the body's outline, named so tests can find it.
    struct Part {
        enum Side { case near, far, middle }
        var name: String
        var side: Side
        var outline: [Point]
    }

    /// The head: a circle, with a nose on the side it faces when seen from the side. The nose is part of
    /// the head's one outline, so no seam cuts it off the face.
    static func head(_ s: Skeleton) -> [Point] {
        let steps = 36, c = s.headCentre
        guard s.view == .side else { return Outline.ellipse(c, headRadius, headRadius, steps: steps) }
        let facing = s.shoulders.angle(to: c) - 90
        return (0..<steps).map { i in
            let a = Double(i) * 360 / Double(steps)
            var off = (a - facing).truncatingRemainder(dividingBy: 360)
            if off > 180 { off -= 360 } else if off < -180 { off += 360 }
            // A rounded bump about 50° wide, a little below the eyes' line.
            let fromNose = abs(off + 10) / 25
            return c.moved(a, by: headRadius * (1 + 0.2 * max(0, 1 - fromNose * fromNose)))
        }
    }

    /// The body as outlines, back to front: far arm and leg, torso and head, near leg and arm.
    static func parts(_ s: Skeleton) -> [Part] {
        typealias R = Radius
        func leg(_ side: Part.Side, _ hip: Point, _ knee: Point, _ ankle: Point, _ heel: Point, _ toe: Point)
            -> [Part] {
            let name = side == .near ? "front" : "back"
            return [
                Part(name: "\(name) thigh", side: side, outline: Outline.capsule(hip, R.thighTop, knee, R.knee)),
                Part(name: "\(name) shin", side: side, outline: Outline.capsule(knee, R.knee, ankle, R.ankle)),
                Part(name: "\(name) foot", side: side, outline: Outline.capsule(heel, R.heel, toe, R.toe)),
            ]
        }
        func arm(_ side: Part.Side, _ shoulder: Point, _ elbow: Point, _ hand: Point) -> [Part] {
            let name = side == .near ? "front" : "back"
            return [
                Part(name: "\(name) upper arm", side: side,
                     outline: Outline.capsule(shoulder, R.upperArmTop, elbow, R.elbow)),
                Part(name: "\(name) forearm", side: side, outline: Outline.capsule(elbow, R.elbow, hand, R.wrist)),
                Part(name: "\(name) hand", side: side, outline: Outline.ellipse(hand, R.hand, R.hand, steps: 12)),
            ]
        }
        let torso = Outline.band(s.spine, twist: s.turn) { Radius.torso($0, view: s.view) }
        // The pelvis: rounder and lower than the waist, so a bridge or a hinge shows where the hips are.
        var pelvis = Outline.ellipse(s.hips, Radius.torso(0, view: s.view) * 1.05, Radius.torso(0, view: s.view) * 0.95)
        if s.view == .front && (s.frontHip - s.backHip).length > 0.01 {
            // Seen from the front the pelvis is a pair of briefs between the hip joints, not a ball: it
            // widens from the waist over the tops of the thighs and dips between them.
            let right = s.backHip.angle(to: s.frontHip), up = right + 90, h = s.hips
            let w = hipHalfWidth + R.thighTop * 0.9
            pelvis = [
                h.moved(up, by: 0.07).moved(right, by: Radius.torso(0.15, view: .front)),
                h.moved(right, by: w), h.moved(right, by: w * 0.75).moved(up, by: -0.07),
                h.moved(up, by: -0.09),
                h.moved(right, by: -w * 0.75).moved(up, by: -0.07), h.moved(right, by: -w),
                h.moved(up, by: 0.07).moved(right, by: -Radius.torso(0.15, view: .front)),
            ]
        }
        let neckTop = s.shoulders.moved(s.shoulders.angle(to: s.headCentre), by: FigureGeometry.neck + 0.02)
        return arm(.far, s.backShoulder, s.backElbow, s.backHand)
            + leg(.far, s.backHip, s.backKnee, s.backAnkle, s.backHeel, s.backToe)
            + [Part(name: "neck", side: .middle, outline: Outline.capsule(s.shoulders, 0.045, neckTop, 0.04)),
               Part(name: "torso", side: .middle, outline: torso),
               Part(name: "pelvis", side: .middle, outline: pelvis),
               Part(name: "head", side: .middle, outline: head(s))]
            + leg(.near, s.frontHip, s.frontKnee, s.frontAnkle, s.frontHeel, s.frontToe)
            + arm(.near, s.frontShoulder, s.frontElbow, s.frontHand)
    }
}
