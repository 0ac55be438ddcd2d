import LegdayCore

/// Turns a `Pose` into shapes: the stick figure, the floor and the equipment, in metres with the floor at 0.
///
/// Segment lengths are those of a runner about 1.75 m tall. The figure is built from the hips outward, then
/// lifted so its lowest point rests on the floor, or higher when a box, step, bench or ball holds a body
/// point up (the support is drawn from the floor to that point).
enum FigureGeometry {
    static let torso = 0.52, neck = 0.06, headRadius = 0.11
    static let thigh = 0.45, shin = 0.44, toe = 0.16, heel = 0.05
    static let upperArm = 0.30, forearm = 0.28
    static let limbWidth = 0.05, torsoWidth = 0.07

    /// The joints of one pose, hips at the origin before placement.
    struct Skeleton {
        var hips = Point(0, 0)
        var shoulders, chest, headCentre: Point
        var frontKnee, frontAnkle, frontToe, frontHeel: Point
        var backKnee, backAnkle, backToe, backHeel: Point
        var frontElbow, frontHand, backElbow, backHand: Point

        init(_ pose: Pose) {
            shoulders = hips.moved(pose.torso, by: FigureGeometry.torso)
            chest = hips.moved(pose.torso, by: 0.36).moved(pose.torso - 90, by: 0.09)
            headCentre = shoulders.moved(pose.head, by: FigureGeometry.neck + FigureGeometry.headRadius)
            frontKnee = hips.moved(pose.frontThigh, by: FigureGeometry.thigh)
            frontAnkle = frontKnee.moved(pose.frontShin, by: FigureGeometry.shin)
            frontToe = frontAnkle.moved(pose.frontFoot, by: FigureGeometry.toe)
            frontHeel = frontAnkle.moved(pose.frontFoot + 180, by: FigureGeometry.heel)
            backKnee = hips.moved(pose.backThigh, by: FigureGeometry.thigh)
            backAnkle = backKnee.moved(pose.backShin, by: FigureGeometry.shin)
            backToe = backAnkle.moved(pose.backFoot, by: FigureGeometry.toe)
            backHeel = backAnkle.moved(pose.backFoot + 180, by: FigureGeometry.heel)
            frontElbow = shoulders.moved(pose.frontUpperArm, by: FigureGeometry.upperArm)
            frontHand = frontElbow.moved(pose.frontForearm, by: FigureGeometry.forearm)
            backElbow = shoulders.moved(pose.backUpperArm, by: FigureGeometry.upperArm)
            backHand = backElbow.moved(pose.backForearm, by: FigureGeometry.forearm)
        }

        var all: [Point] {
            [hips, shoulders, Point(headCentre.x, headCentre.y - FigureGeometry.headRadius),
             frontKnee, frontAnkle, frontToe, frontHeel, backKnee, backAnkle, backToe, backHeel,
             frontElbow, frontHand, backElbow, backHand]
        }

        /// Where a body point touches a prop: for a foot, the lower of heel and toe (the sole).
        func contact(_ point: Pose.BodyPoint) -> Point {
            switch point {
            case .head: headCentre
            case .shoulders: shoulders
            case .chest: chest
            case .hips: hips
            case .frontKnee: frontKnee
            case .backKnee: backKnee
            case .frontFoot: sole(frontAnkle, frontToe, frontHeel)
            case .backFoot: sole(backAnkle, backToe, backHeel)
            case .frontElbow: frontElbow
            case .backElbow: backElbow
            case .frontHand: frontHand
            case .backHand: backHand
            }
        }

        private func sole(_ ankle: Point, _ toe: Point, _ heel: Point) -> Point {
            Point((toe.x + heel.x) / 2, Swift.min(toe.y, heel.y, ankle.y))
        }

        mutating func lift(by dy: Double) {
            for path in Skeleton.joints { self[keyPath: path].y += dy }
        }

        private static var joints: [WritableKeyPath<Skeleton, Point>] { [
            \.hips, \.shoulders, \.chest, \.headCentre, \.frontKnee, \.frontAnkle, \.frontToe, \.frontHeel,
            \.backKnee, \.backAnkle, \.backToe, \.backHeel, \.frontElbow, \.frontHand, \.backElbow, \.backHand,
        ] }
    }

    /// How high a support holds the body point it is under, in metres.
    static func supportHeight(_ kind: Pose.Prop.Kind) -> Double? {
        switch kind {
        case .box: 0.45
        case .step: 0.2
        case .bench: 0.4
        case .ball: 0.55
        default: nil
        }
    }

    /// The figure placed on the floor, with its equipment, in drawing order (back to front).
    static func shapes(for pose: Pose) -> [Shape] {
        var s = Skeleton(pose)
        var lift = -(s.all.map(\.y).min() ?? 0)
        for prop in pose.props {
            if let height = supportHeight(prop.kind), (prop.dx ?? 0) == 0 {
                lift = max(lift, height - s.contact(prop.at).y)
            }
        }
        s.lift(by: lift)

        let xs = s.all.map(\.x)
        let left = (xs.min() ?? 0) - 0.35, right = (xs.max() ?? 0) + 0.35
        var back: [Shape] = [.line(Point(left, 0), Point(right, 0), width: 0.02, ink: .ground)]
        var front: [Shape] = []
        for prop in pose.props {
            let point = s.contact(prop.at)
            let at = Point(point.x + (prop.dx ?? 0), point.y)
            switch prop.kind {
            case .box, .step, .bench:
                let width = prop.kind == .step ? 0.32 : prop.kind == .box ? 0.45 : 0.5
                // A support keeps its own height: a point above it (hips over a bench) hovers.
                let nominal = supportHeight(prop.kind) ?? at.y
                let height = (prop.dx ?? 0) != 0 ? nominal : min(max(at.y, 0.02), nominal)
                back.append(.rect(origin: Point(at.x - width / 2, 0), width: width, height: height,
                                  filled: true, ink: .ground))
            case .ball:
                let r = min(max(at.y, 0.2), supportHeight(.ball) ?? at.y) / 2
                back.append(.circle(center: Point(at.x, r), radius: r, filled: false, width: 0.025, ink: .equipment))
            case .wall:
                back.append(.line(Point(at.x + 0.05, 0), Point(at.x + 0.05, max(1.9, at.y + 0.3)),
                                  width: 0.04, ink: .ground))
            case .band:
                if prop.at == .frontKnee || prop.at == .backKnee {
                    front.append(.line(s.frontKnee, s.backKnee, width: 0.03, ink: .equipment))
                    front.append(.circle(center: at, radius: 0.05, filled: false, width: 0.015, ink: .equipment))
                } else {
                    let post = Point(at.x - 0.8, at.y)
                    back.append(.line(Point(post.x, 0), Point(post.x, at.y + 0.15), width: 0.04, ink: .ground))
                    front.append(.line(post, at, width: 0.015, ink: .equipment))
                }
            case .sled:
                let foot = prop.at == .backFoot ? pose.backFoot : pose.frontFoot
                let base = at.moved(foot + 90, by: 0.03)
                front.append(.line(base.moved(foot, by: 0.3), base.moved(foot + 180, by: 0.25),
                                   width: 0.04, ink: .equipment))
            case .dumbbell:
                let arm = forearmAngle(of: prop.at, in: pose)
                let a = at.moved(arm + 90, by: 0.12), b = at.moved(arm - 90, by: 0.12)
                front.append(.line(a, b, width: 0.025, ink: .equipment))
                for end in [a, b] {
                    front.append(.line(end.moved(arm, by: 0.045), end.moved(arm + 180, by: 0.045),
                                       width: 0.05, ink: .equipment))
                }
            case .kettlebell:
                let arm = forearmAngle(of: prop.at, in: pose)
                front.append(.circle(center: at.moved(arm, by: 0.12), radius: 0.09, filled: true, width: 0,
                                     ink: .equipment))
                front.append(.circle(center: at.moved(arm, by: 0.03), radius: 0.04, filled: false, width: 0.015,
                                     ink: .equipment))
            case .barbell:
                let centre = prop.at == .shoulders ? at.moved(pose.torso + 90, by: 0.06) : at
                front.append(.circle(center: centre, radius: 0.22, filled: false, width: 0.03, ink: .equipment))
                front.append(.circle(center: centre, radius: 0.03, filled: true, width: 0, ink: .equipment))
            }
        }

        let w = limbWidth
        var body: [Shape] = [
            // The far side first, lighter.
            .line(s.shoulders, s.backElbow, width: w, ink: .farBody),
            .line(s.backElbow, s.backHand, width: w, ink: .farBody),
            .line(s.hips, s.backKnee, width: w, ink: .farBody),
            .line(s.backKnee, s.backAnkle, width: w, ink: .farBody),
            .line(s.backHeel, s.backToe, width: w * 0.8, ink: .farBody),
            // Trunk and head.
            .line(s.hips, s.shoulders, width: torsoWidth, ink: .body),
            .line(s.shoulders, s.shoulders.moved(pose.head, by: neck), width: w, ink: .body),
            .circle(center: s.headCentre, radius: headRadius, filled: false, width: 0.035, ink: .body),
            // The near side.
            .line(s.hips, s.frontKnee, width: w, ink: .body),
            .line(s.frontKnee, s.frontAnkle, width: w, ink: .body),
            .line(s.frontHeel, s.frontToe, width: w * 0.8, ink: .body),
            .line(s.shoulders, s.frontElbow, width: w, ink: .body),
            .line(s.frontElbow, s.frontHand, width: w, ink: .body),
        ]
        if pose.view == .side {
            // An eye shows which way the figure faces.
            let eye = s.headCentre.moved(pose.head - 90, by: 0.05).moved(pose.head, by: 0.015)
            body.append(.circle(center: eye, radius: 0.018, filled: true, width: 0, ink: .body))
        }
        return back + body + front
    }

    private static func forearmAngle(of point: Pose.BodyPoint, in pose: Pose) -> Double {
        point == .backHand || point == .backElbow ? pose.backForearm : pose.frontForearm
    }
}
