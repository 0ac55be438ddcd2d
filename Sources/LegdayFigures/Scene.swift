#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LegdayCore

/// One position drawn: the floor, the equipment, the body, and the arrows and footprints of the movement
/// into it. A pure function of the pose (and of the one before it, for the arrows).
enum Scene {
    typealias Skeleton = FigureGeometry.Skeleton

    /// How a metre of depth (into the page) shows on the page: a little right and up, as seen from a little
    /// above and in front, so a bar held across the body is drawn in perspective instead of end-on, its far
    /// plate mostly hidden behind the body instead of floating ahead of it. The floor is drawn with the same
    /// depth, so both plates of a bar on the floor stand on it. Seen from the front, depth runs across the
    /// page.
    static func depth(_ view: Pose.View) -> Point { view == .side ? Point(0.16, 0.12) : Point(1, 0) }

    /// How deep the floor is drawn, in metres either side of the figure: wider than a barbell's plates.
    static let floorDepth = 0.8

    /// `sideView` is the side pose of the same position, when `pose` is its front pose: it tells a limb
    /// reaching toward the viewer (forward in the side view) from one reaching away, which `toward` alone
    /// cannot.
    static func shapes(for pose: Pose, as view: Pose.View? = nil, after previous: Pose? = nil,
                       sideView: Pose? = nil) -> [Shape] {
        let view = view ?? pose.view
        let (placedPose, side) = Placement.place(pose)
        var s = side
        if view != pose.view {
            // The second view: the same placed pose, projected, its feet on the same floor.
            s = Skeleton(placedPose, as: view)
            var lift = -Placement.lowest(s)
            for contact in Placement.contacts(pose) { lift = max(lift, contact.height - contact.point(of: s).y) }
            s.move(by: Point(0, lift))
        }
        let pose = placedPose
        s = holding(pose, s)

        var behind: [Shape] = [], inHand: [Shape] = [], front: [Shape] = []
        for prop in pose.props {
            let drawn = Equipment.shapes(prop, pose: pose, skeleton: s, view: view)
            behind += drawn.behind
            inHand += drawn.inHand
            front += drawn.front
        }
        var parts = FigureGeometry.parts(s)
        if view == .front && pose.view == .front && pose.seenLength("torso") < 0.7,
           let pelvis = parts.firstIndex(where: { $0.name == "pelvis" }),
           let torso = parts.firstIndex(where: { $0.name == "torso" }) {
            // The torso reaching toward the viewer (a hinge or a lunge seen from ahead): the pelvis is behind it.
            parts.insert(parts.remove(at: pelvis), at: torso)
            if pose.seenLength("torso") < 0.5 {
                // Bent far over (a single-leg deadlift's bottom): chest and head are nearer than the legs,
                // so the near leg goes behind them too, not across the face.
                let nearLeg = parts.filter { $0.side == .near && !$0.name.contains("arm") && $0.name != "front hand" }
                parts.removeAll { p in nearLeg.contains { $0.name == p.name } }
                let firstMiddle = parts.firstIndex { $0.side == .middle && $0.name != "pelvis" } ?? parts.count
                parts.insert(contentsOf: nearLeg, at: firstMiddle)
            }
        }
        if view == .front && pose.view == .front, let sideView {
            parts = towardViewer(parts, pose: pose, sideView: sideView)
        }
        let xs = parts.flatMap(\.outline).map(\.x) + behind.flatMap(\.extent).map(\.0.x)
        // The floor reaches a little beyond the figure; less in a second view, which has less room.
        let reach = view == pose.view ? 0.3 : 0.08
        let left = (xs.min() ?? 0) - reach, right = (xs.max() ?? 0) + reach
        let near = depth(.side) * -floorDepth, far = depth(.side) * floorDepth
        let floor: [Shape] = [
            .polygon([Point(left, 0) + near, Point(right, 0) + near, Point(right, 0) + far, Point(left, 0) + far],
                     ink: .floor),
            .line(Point(left, 0), Point(right, 0), width: 0.012, ink: .ground),
        ]
        let footprints = pose.step.map { Motion.footprints($0, skeleton: s, view: view) } ?? []
        let arrows = previous.map { Motion.arrow(from: $0, to: pose, view: view) } ?? []

        // Far side first, then the torso and head, the near leg, what the hands hold, the near arm.
        var body: [Shape] = [], nearArm: [Shape] = []
        for part in parts {
            let shape = Shape.polygon(part.outline, ink: ink(for: part, pose: pose, view: view))
            if part.side == .near && part.name.contains("arm") || part.name == "front hand" {
                nearArm.append(shape)
            } else {
                body.append(shape)
            }
            if part.name == "head" { body += face(s, pose: pose, view: view) }
        }
        let stopwatch = pose.hold.map { Motion.stopwatch(seconds: $0, beside: s) } ?? []
        let circling = pose.circles.map { Motion.circling(around: s.joint($0).centre) } ?? []
        let declared = Motion.declared(pose.arrows, skeleton: s)
        let all = floor + footprints + behind + body + inHand + nearArm + front + arrows + declared + stopwatch + circling
        // The side view sees the runner's right side (facing right, the near side is the right). Facing the
        // viewer, the right side is on the viewer's left: a second view of a side-view exercise is
        // mirrored so its near, dark limbs are the same limbs as in the side view.
        let secondView = view == .front && (pose.view == .side || sideView != nil)
        return secondView ? all.map { $0.mirrored(about: s.hips.x) } : all
    }

    /// The far limbs of a front pose that reach toward the viewer (a pistol squat's free leg, arms pressed
    /// forward): drawn in front of the torso instead of hidden behind it, their hand a little larger for
    /// being nearer. A limb reaches toward the viewer when its segment is drawn shortened (`toward` 40 or
    /// more) and points forward in the side view.
    static func towardViewer(_ parts: [FigureGeometry.Part], pose: Pose, sideView: Pose) -> [FigureGeometry.Part] {
        let segments: [(part: String, key: String, side: Double)] = [
            ("back thigh", "backThigh", sideView.backThigh), ("back shin", "backShin", sideView.backShin),
            ("back foot", "backFoot", sideView.backFoot), ("back upper arm", "backUpperArm", sideView.backUpperArm),
            ("back forearm", "backForearm", sideView.backForearm), ("back hand", "backForearm", sideView.backForearm),
            ("front hand", "frontForearm", sideView.frontForearm),
        ]
        func reaching(_ key: String, _ sideAngle: Double) -> Bool {
            (pose.toward[key] ?? 0) >= 40 && sin(sideAngle * .pi / 180) > 0.3
        }
        var parts = parts, moved: [FigureGeometry.Part] = []
        for (name, key, angle) in segments where reaching(key, angle) {
            guard let i = parts.firstIndex(where: { $0.name == name }) else { continue }
            var part = parts[i]
            if name.hasSuffix("hand") || name.hasSuffix("foot") {
                // Nearer the eye, so drawn bigger: a hand pressed out, the sole of a foot reaching forward.
                let xs = part.outline.map(\.x), ys = part.outline.map(\.y)
                let c = Point((xs.min()! + xs.max()!) / 2, (ys.min()! + ys.max()!) / 2)
                part.outline = part.outline.map { c + ($0 - c) * (name.hasSuffix("foot") ? 1.5 : 1.35) }
            }
            if name.hasPrefix("front") { parts[i] = part; continue }
            parts.remove(at: i)
            moved.append(part)
        }
        guard !moved.isEmpty else { return parts }
        let afterHead = (parts.firstIndex(where: { $0.name == "head" }) ?? parts.count - 1) + 1
        parts.insert(contentsOf: moved, at: afterHead)
        return parts
    }

    /// Which shade a part of the body takes: the working leg in the accent colour, the far side lighter.
    static func ink(for part: FigureGeometry.Part, pose: Pose, view: Pose.View) -> Ink {
        let isLeg = ["thigh", "shin", "foot"].contains { part.name.hasSuffix($0) }
        if isLeg, let working = pose.working, part.name.hasPrefix(working.rawValue) { return .accent }
        return part.side == .far && view == .side ? .farBody : .body
    }

    /// The eyes (the nose is part of the head's outline): which way the head faces and where the eyes
    /// look, with a faint line of sight.
    static func face(_ s: Skeleton, pose: Pose, view: Pose.View) -> [Shape] {
        let r = FigureGeometry.headRadius, c = s.headCentre
        if view == .front {
            return [-1.0, 1.0].map { side in
                .circle(center: Point(c.x + side * 0.04, c.y + 0.01), radius: 0.016, filled: true, width: 0, ink: .paper)
            }
        }
        let up = s.shoulders.angle(to: c), facing = up - 90
        let eye = c.moved(facing, by: r * 0.55).moved(up, by: r * 0.18)
        return [
            .circle(center: eye, radius: 0.018, filled: true, width: 0, ink: .paper),
            .polyline([eye.moved(facing, by: r * 0.6), eye.moved(facing, by: r * 0.6 + 0.32)],
                      width: 0.008, ink: .farBody, dashed: true),
        ]
    }

    /// The arms reaching for what they hold when the pose leaves it to the renderer: a bar on the back
    /// is gripped by both hands, wherever the data's arm angles pointed.
    static func holding(_ pose: Pose, _ s: Skeleton) -> Skeleton {
        var s = s
        guard pose.props.contains(where: { $0.kind == .barbell && $0.at == .shoulders }) else { return s }
        let bar = Equipment.barOnBack(s, pose: pose)
        let d = depth(s.view)
        // The grip: a little wider than the shoulders, so the near hand is nearer than the bar's centre.
        let grip = s.view == .side ? 0.45 : 0.42
        let nearHand = s.view == .side ? bar - d * grip : bar + d * grip
        let farHand = s.view == .side ? bar + d * grip : bar - d * grip
        // Elbows point down and back.
        s.frontElbow = Reach.elbow(from: s.frontShoulder, to: nearHand, bendTowards: 0)
        s.frontHand = Reach.hand(from: s.frontShoulder, elbow: s.frontElbow, to: nearHand)
        s.backElbow = Reach.elbow(from: s.backShoulder, to: farHand, bendTowards: 0)
        s.backHand = Reach.hand(from: s.backShoulder, elbow: s.backElbow, to: farHand)
        return s
    }
}

/// Two-segment reach: where the elbow goes so the hand lands on a target.
enum Reach {
    /// The elbow for a hand at `target`, bending towards the pose-convention direction `bendTowards`.
    static func elbow(from shoulder: Point, to target: Point, bendTowards: Double) -> Point {
        let u = FigureGeometry.upperArm, f = FigureGeometry.forearm
        let d = min((target - shoulder).length, u + f - 0.001)
        let toTarget = shoulder.angle(to: target)
        // The law of cosines gives the angle between the upper arm and the line to the target.
        let cosA = max(-1, min(1, (u * u + d * d - f * f) / (2 * u * d)))
        let a = acos(cosA) * 180 / .pi
        let one = shoulder.moved(toTarget + a, by: u), two = shoulder.moved(toTarget - a, by: u)
        let wanted = shoulder.moved(bendTowards, by: u)
        return (one - wanted).length < (two - wanted).length ? one : two
    }

    static func hand(from shoulder: Point, elbow: Point, to target: Point) -> Point {
        elbow.moved(elbow.angle(to: target), by: FigureGeometry.forearm)
    }
}
