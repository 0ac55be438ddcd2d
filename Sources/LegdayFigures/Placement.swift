#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LegdayCore

/// Puts a skeleton on what holds it up: the body points the pose rests on the floor, and the supports (box,
/// step, bench, ball) under the points they are `at`.
///
/// With two contacts far enough apart (the hindmost and the foremost) the whole figure is first tilted, by at most `maxTilt` degrees, so both
/// reach their surfaces (a plank on forearms and toes, a bridge on shoulders and feet): a few degrees of
/// error in hand-written angles should not leave a forearm floating. Then it is lifted until no contact is
/// below its surface and nothing is below the floor. What is still off after that is a mistake in the pose
/// data, which `PoseCheck` reports.
enum Placement {
    static let maxTilt = 12.0
    /// How far above the floor a figure in the air (a jump) is drawn.
    static let flightHeight = 0.15

    /// A body point and the height of the surface it rests on.
    struct Contact: Equatable {
        var at: Pose.BodyPoint
        var height: Double
        /// A foot on a step's edge rests on its ball, the heel free to drop below the edge.
        var onEdge = false

        /// The point of the body that touches the surface.
        func point(of s: FigureGeometry.Skeleton) -> Point {
            guard onEdge else { return height == 0 ? s.flatBottom(at) : s.bottom(at) }
            let ball = s.ball(of: at)
            return Point(ball.x, ball.y - FigureGeometry.Radius.toe)
        }
    }

    /// How high a support holds the body point on it, in metres.
    static func supportHeight(_ kind: Pose.Prop.Kind) -> Double? {
        switch kind {
        case .box: 0.45
        case .step: 0.2
        case .bench: 0.42
        case .ball: 0.62
        default: nil
        }
    }

    static func contacts(_ pose: Pose) -> [Contact] {
        var contacts = pose.floor.map { Contact(at: $0, height: 0) }
        for prop in pose.props where (prop.dx ?? 0) == 0 {
            if let height = supportHeight(prop.kind) {
                contacts.removeAll { $0.at == prop.at }
                contacts.append(Contact(at: prop.at, height: height,
                                        onEdge: prop.kind == .step && (prop.at == .frontFoot || prop.at == .backFoot)))
            }
        }
        return contacts
    }

    /// The pose with every absolute angle turned by `degrees` (counter-clockwise on the page).
    static func tilted(_ pose: Pose, by degrees: Double) -> Pose {
        var p = pose
        for path in [\Pose.torso, \.head, \.frontThigh, \.frontShin, \.frontFoot, \.backThigh, \.backShin,
                     \.backFoot, \.frontUpperArm, \.frontForearm, \.backUpperArm, \.backForearm] {
            p[keyPath: path] += degrees
        }
        return p
    }

    /// The lowest point of the body's outline.
    static func lowest(_ s: FigureGeometry.Skeleton) -> Double {
        FigureGeometry.parts(s).flatMap(\.outline).map(\.y).min() ?? 0
    }

    /// The pose as it will be drawn (tilted if needed) and its skeleton on the floor and supports.
    static func place(_ pose: Pose) -> (pose: Pose, skeleton: FigureGeometry.Skeleton) {
        var pose = pose
        let contacts = contacts(pose)
        var s = FigureGeometry.Skeleton(pose)
        // The hindmost and the foremost contact: tilting about one to bring the other down disturbs the
        // contacts between them least.
        if let first = contacts.min(by: { $0.point(of: s).x < $1.point(of: s).x }),
           let far = contacts.max(by: { $0.point(of: s).x < $1.point(of: s).x }) {
            let a = first.point(of: s), b = far.point(of: s)
            let d = b - a
            if d.length > 0.3 {
                // Turn the figure about `a` until `b` is as much higher than `a` as its surface is.
                let current = atan2(d.y, d.x)
                let wanted = asin(max(-1, min(1, (far.height - first.height) / d.length)))
                let target = d.x >= 0 ? wanted : .pi - wanted
                var turn = (target - current) * 180 / .pi
                turn = turn.truncatingRemainder(dividingBy: 360)
                if turn > 180 { turn -= 360 } else if turn < -180 { turn += 360 }
                if abs(turn) > 0.2 && abs(turn) <= maxTilt {
                    pose = tilted(pose, by: turn)
                    s = FigureGeometry.Skeleton(pose)
                }
            }
        }
        var lift = -lowest(s)
        if contacts.isEmpty {
            lift += flightHeight
        } else {
            for contact in contacts { lift = max(lift, contact.height - contact.point(of: s).y) }
        }
        s.move(by: Point(0, lift))
        return (pose, s)
    }
}

/// What is wrong with a pose: a joint bent past what a body does, a contact that does not touch its surface,
/// or a part of the body below the floor. The library's tests run this over every position of every
/// exercise; `docs/exercises.md` lists the limits.
public enum PoseCheck {
    /// How far a contact may be from its surface, or the body below the floor, in metres.
    public static let tolerance = 0.03

    /// Joint angles in degrees, each as the angle between two segments, and the range a body allows. Only
    /// side views are checked joint by joint: a front view's angles are sideways and need no rule.
    static var limits: [(name: String, range: ClosedRange<Double>, angle: (Pose) -> Double)] { [
        // Knee flexion: 0 straight, positive with the heel towards the seat; never backwards.
        ("front knee", -5...165, { norm($0.frontThigh - $0.frontShin) }),
        ("back knee", -5...165, { norm($0.backThigh - $0.backShin) }),
        // Elbow flexion: 0 straight, positive with the hand towards the shoulder.
        ("front elbow", -5...160, { norm($0.frontForearm - $0.frontUpperArm) }),
        ("back elbow", -5...160, { norm($0.backForearm - $0.backUpperArm) }),
        // Hip flexion against the pelvis (the torso's lower end, which the spine's bend turns).
        ("front hip", -45...150, { norm($0.frontThigh - ($0.torso + $0.spine / 2) + 180) }),
        ("back hip", -45...150, { norm($0.backThigh - ($0.torso + $0.spine / 2) + 180) }),
        // The foot against the shin: 90 neutral, less with the toes pointed (0 is the foot in line with the
        // shin, as when kneeling with the laces on the floor), more with them pulled up.
        ("front ankle", 0...140, { norm($0.frontFoot - $0.frontShin) }),
        ("back ankle", 0...140, { norm($0.backFoot - $0.backShin) }),
        // The shoulder: 0 with the arm hanging, 180 overhead, a little behind the body at most; further
        // behind only as a side view sees an arm raised sideways to the ceiling from a turned torso.
        ("front shoulder", -120...180, { norm($0.frontUpperArm - ($0.torso - $0.spine / 2) + 180) }),
        ("back shoulder", -120...180, { norm($0.backUpperArm - ($0.torso - $0.spine / 2) + 180) }),
        // The head against the top of the torso, and the bend of the spine itself.
        ("neck", -70...70, { norm($0.head - ($0.torso - $0.spine / 2)) }),
        ("spine", -40...50, { $0.spine }),
    ] }

    /// The shoulders' limits are for an arm moving in the page, forward and back. An upper arm turned half
    /// or more out of the page (`Pose.toward`) is raised sideways (a hip thrust's elbows spread on the
    /// bench), where the angle seen from the side measures nothing the shoulder limits.
    static let sidewaysWhenTurnedOut = ["front shoulder": "frontUpperArm", "back shoulder": "backUpperArm"]

    /// Every problem with `pose`, as sentences; empty when the pose is one a body can take.
    public static func problems(_ pose: Pose) -> [String] {
        var problems: [String] = []
        if pose.view == .side {
            for limit in limits {
                if let segment = sidewaysWhenTurnedOut[limit.name], (pose.toward[segment] ?? 0) >= 45 { continue }
                let a = limit.angle(pose)
                if !limit.range.contains(a) {
                    problems.append("\(limit.name) at \(Int(a.rounded()))°, outside \(Int(limit.range.lowerBound))…\(Int(limit.range.upperBound))°")
                }
            }
        }
        let (_, s) = Placement.place(pose)
        for contact in Placement.contacts(pose) {
            let gap = contact.point(of: s).y - contact.height
            if abs(gap) > tolerance {
                problems.append("\(contact.at.rawValue) is \(Int((gap * 100).rounded())) cm "
                    + (gap > 0 ? "above" : "below") + (contact.height == 0 ? " the floor" : " its support"))
            }
        }
        let low = Placement.lowest(s)
        if low < -tolerance { problems.append("the body is \(Int((-low * 100).rounded())) cm below the floor") }
        return problems
    }

    /// An angle folded into -180...180.
    static func norm(_ degrees: Double) -> Double {
        var a = degrees.truncatingRemainder(dividingBy: 360)
        if a > 180 { a -= 360 } else if a <= -180 { a += 360 }
        return a
    }
}
