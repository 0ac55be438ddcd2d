import LegdayCore

/// Equipment drawn so a beginner knows it: a bar with its plates in perspective, a dumbbell's two heads, a
/// kettlebell's handle and bell, a box's top, a step with the heel hanging off its edge, a bench's pad and
/// legs, a band's anchor, a ball, a wall, a padded bar over the heels.
///
/// Each prop comes in three layers: what is behind the body (the far plate, a band's anchor), what the near
/// hand closes over (a handle), and what is in front of everything.
enum Equipment {
    typealias Skeleton = FigureGeometry.Skeleton
    typealias R = FigureGeometry.Radius

    struct Layers {
        var behind: [Shape] = []
        var inHand: [Shape] = []
        var front: [Shape] = []
    }

    static let plateRadius = 0.225
    /// Half the distance between a barbell's plates, and half its length, in metres of depth.
    static let plateSpread = 0.62, barHalfLength = 0.95

    /// Where a bar on the back sits: on the upper back, just below the neck, behind the spine.
    static func barOnBack(_ s: Skeleton, pose: Pose) -> Point {
        let up = s.spine[8].angle(to: s.shoulders)
        return s.spine[9].moved(up + 90, by: s.view == .side ? R.torso(1, view: .side) + 0.02 : 0)
            .moved(up, by: s.view == .side ? 0 : 0.04)
    }

    static func shapes(_ prop: Pose.Prop, pose: Pose, skeleton s: Skeleton, view: Pose.View) -> Layers {
        var layers = Layers()
        let d = Scene.depth(view)
        let point = s.bottom(prop.at)
        let (joint, _) = s.joint(prop.at)
        let x = point.x + (prop.dx ?? 0)
        switch prop.kind {
        case .box:
            let height = Placement.supportHeight(.box)!
            var centre = x
            if view == .front, prop.at == .frontFoot || prop.at == .backFoot {
                // Seen from the front, both feet landed side by side on the box (a box jump): it goes under both.
                let other = s.bottom(prop.at == .frontFoot ? .backFoot : .frontFoot)
                if abs(other.y - point.y) < 0.02 { centre = (point.x + other.x) / 2 + (prop.dx ?? 0) }
            }
            layers.behind += block(from: centre - 0.25, to: centre + 0.25, height: height, view: view)
        case .step:
            let height = Placement.supportHeight(.step)!
            // The edge under the ball of the foot, the step reaching forward under the toes: the heel hangs
            // over the edge, free to drop below it.
            let ball = (prop.dx ?? 0) == 0 ? s.ball(of: prop.at).x : x
            let towardToes = view == .side ? 1.0 : 0
            if view == .side {
                layers.behind += block(from: ball - 0.02, to: ball + 0.36 * towardToes, height: height, view: view)
            } else {
                layers.behind += block(from: x - 0.3, to: x + 0.3, height: height, view: view)
            }
        case .bench:
            let height = Placement.supportHeight(.bench)!
            // The bench runs back from what rests on it (shoulders in a hip thrust, a foot behind a split
            // squat): a pad on two legs.
            // Seen from the front it stands behind the runner, mostly hidden by the legs.
            let onFoot = prop.at == .frontFoot || prop.at == .backFoot
            let middle = onFoot ? s.hips.x + (prop.dx ?? 0) : x
            // Under a rear foot the pad ends at the ankle: the laces lie on it, the shin is clear of its edge.
            let end = onFoot ? min(x + 0.05, joint.x - 0.01) : x + 0.12
            let (from, to) = view == .side ? (end - 1.07, end) : (middle - 0.17, middle + 0.17)
            let pad = 0.07
            for legX in [from + 0.08, to - 0.08] {
                layers.behind.append(.line(Point(legX, 0), Point(legX, height - pad), width: 0.035, ink: .farEquipment))
            }
            layers.behind.append(.line(Point(from + 0.08, 0.12), Point(to - 0.08, 0.12), width: 0.025, ink: .farEquipment))
            layers.behind.append(.rect(origin: Point(from, height - pad), width: to - from, height: pad,
                                       filled: true, ink: .equipment))
        case .ball:
            let r = Placement.supportHeight(.ball)! / 2
            let centre = Point(x, r)
            layers.behind.append(.polygon(Outline.ellipse(centre, r, r, steps: 36), ink: .support))
            layers.behind.append(.polyline(Array(Outline.ellipse(centre, r * 0.45, r, steps: 36)[9...27]),
                                           width: 0.012, ink: .ground, dashed: false))
        case .wall where view == .side && sideways(prop.at, pose: pose):
            // A hand reaching out of the page to the wall (leg swings): the wall is beside the runner, parallel
            // to the page, drawn as the backdrop the figure stands in front of.
            let from = s.hips.x - 0.75, to = s.hips.x + 0.75
            let foot = Scene.depth(.side) * 0.45
            layers.behind.append(.polygon([Point(from, 0) + foot, Point(to, 0) + foot, Point(to, 1.95) + foot,
                                           Point(from, 1.95) + foot], ink: .floor))
        case .wall:
            // A wall on the side the point reaches towards: ahead of a hand, behind a foot tucked back.
            let behindFigure = joint.x < s.hips.x - 0.05
            let face = behindFigure ? joint.x - R.ankle - 0.01 : joint.x + R.hand + 0.005
            let thickness = 0.12
            let top = max(1.95, joint.y + 0.35)
            layers.behind.append(.rect(origin: Point(behindFigure ? face - thickness : face, 0), width: thickness,
                                       height: top, filled: true, ink: .support))
        case .anchor:
            // A padded bar (or a partner's hands) pressing on the backs of the heels, fixed to the floor.
            let heel = prop.at == .backFoot ? s.backHeel : s.frontHeel
            let roller = Point(heel.x, heel.y + R.heel + 0.045)
            layers.front.append(.line(roller, Point(roller.x - 0.2, 0), width: 0.035, ink: .farEquipment))
            layers.front.append(.circle(center: roller, radius: 0.05, filled: true, width: 0, ink: .equipment))
            layers.front.append(.circle(center: roller, radius: 0.018, filled: true, width: 0, ink: .farEquipment))
        case .band:
            if prop.at == .frontKnee || prop.at == .backKnee {
                // A loop around both legs just above the knees.
                let a = Point.lerp(s.frontHip, s.frontKnee, 0.85), b = Point.lerp(s.backHip, s.backKnee, 0.85)
                let centre = Point.lerp(a, b, 0.5)
                let half = max((b - a).length / 2 + 0.08, 0.1)
                let loop = Outline.ellipse(centre, half, 0.035, tilt: a.angle(to: b) - 90)
                layers.front.append(.polyline(loop + [loop[0]], width: 0.022, ink: .band, dashed: false))
            } else {
                // Anchored beside the body at hand height: the band pulls sideways, into the page from the
                // side and across it from the front.
                if view == .side {
                    // From the side the band leaves the hands straight into the page, toward an anchor beside
                    // the runner: only its handle shows, in the band's colour. A band or post drawn anywhere
                    // on the page reads as anchored ahead of or behind the runner, or as a strap round the
                    // neck; the front view shows where it is tied.
                    layers.front.append(.circle(center: joint, radius: 0.04, filled: true, width: 0, ink: .band))
                } else {
                    let anchor = Point(joint.x - 1.0, joint.y)
                    // Just above the anchor: a post reaching over the head would read as growing out of it.
                    layers.behind.append(.line(Point(anchor.x, 0), Point(anchor.x, anchor.y + 0.2), width: 0.05,
                                               ink: .farEquipment))
                    layers.behind.append(.circle(center: anchor, radius: 0.035, filled: true, width: 0, ink: .equipment))
                    // The hands are ahead of the body: the band reaches them in front of it.
                    layers.inHand.append(.line(anchor, joint, width: 0.022, ink: .band))
                    layers.front += twist(s, towards: anchor.x < s.hips.x ? 270 : 90)
                }
            }
        case .sled:
            let foot = prop.at == .backFoot ? pose.backFoot : pose.frontFoot
            let base = point.moved(foot + 90, by: 0.02)
            layers.front.append(.line(base.moved(foot, by: 0.3), base.moved(foot + 180, by: 0.25),
                                      width: 0.045, ink: .equipment))
            if view == .side {
                // The sled's rail, from the plate down to the front of the seat: the plate is part of the
                // machine, not a board in the air.
                let seat = Point(s.hips.x + 0.12, Placement.supportHeight(.bench)! - 0.05)
                layers.behind.append(.line(base, seat, width: 0.035, ink: .farEquipment))
            } else {
                layers.behind.append(.line(base, base.moved(foot + 90, by: 0.5), width: 0.035, ink: .farEquipment))
            }
            if view == .side {
                // The machine's reclined back pad behind the runner's back, from the seat to past the
                // shoulders: what makes it a leg press and not a bench.
                let up = s.hips.angle(to: s.shoulders), back = up + 90
                let low = s.hips.moved(back, by: R.torso(0, view: .side) + 0.05).moved(up, by: -0.02)
                let high = s.shoulders.moved(back, by: R.torso(1, view: .side) + 0.05).moved(up, by: 0.2)
                layers.behind.append(.line(low, high, width: 0.08, ink: .equipment))
            }
        case .dumbbell:
            let hands = heldIn(prop.at, s)
            // Upright: held at the chest (a goblet), or one weight hanging between both hands.
            let up = forearmPointsUp(prop.at, pose: pose) || (view == .front && (s.frontHand - s.backHand).length < 0.2)
            for (i, hand) in hands.enumerated() {
                let far = i > 0
                layers = merge(layers, dumbbell(at: hand, vertical: up, depth: d, far: far, view: view))
                if up { break }
            }
        case .kettlebell:
            let elbow = prop.at == .backHand ? s.backElbow : s.frontElbow
            let hand = prop.at == .backHand ? s.backHand : s.frontHand
            let along = elbow.angle(to: hand)
            let handle = Outline.ellipse(hand.moved(along, by: 0.035), 0.06, 0.05, tilt: along - 90)
            let bell = hand.moved(along, by: 0.16)
            layers.inHand.append(.polyline(handle + [handle[0]], width: 0.022, ink: .equipment, dashed: false))
            layers.inHand.append(.polygon(Outline.ellipse(bell, 0.1, 0.095, tilt: along - 90), ink: .equipment))
            // The flat base that lets it stand on the floor.
            let base = bell.moved(along, by: 0.085)
            layers.inHand.append(.line(base.moved(along + 90, by: 0.06), base.moved(along - 90, by: 0.06),
                                       width: 0.025, ink: .equipment))
        case .barbell:
            var centre = prop.at == .shoulders ? barOnBack(s, pose: pose) : joint
            if view == .front, prop.at == .frontHand || prop.at == .backHand {
                // Seen from the front the bar is held by both hands: its middle is between them.
                centre = Point.lerp(s.frontHand, s.backHand, 0.5)
            }
            var bar = barbell(at: centre, depth: d, view: view)
            if view == .front {
                // From the front the whole bar is on one side of the body: behind the neck on the back,
                // in front of the legs in the hands.
                let all = bar.behind + bar.inHand + bar.front
                bar = prop.at == .shoulders ? Layers(behind: all) : Layers(inHand: all)
            }
            layers = merge(layers, bar)
        }
        return layers
    }

    /// The turn a band pulling from the side tries to force on the trunk, seen from the front: a dashed
    /// half-ring round the waist in the band's colour, its head toward the anchor. It is the twist to resist.
    static func twist(_ s: Skeleton, towards side: Double) -> [Shape] {
        Motion.turn(around: s.spine[4], towards: side, ink: .band, dashed: true)
    }

    /// A block standing on the floor: its front face, and its top seen a little from above.
    static func block(from x0: Double, to x1: Double, height: Double, view: Pose.View) -> [Shape] {
        var shapes: [Shape] = []
        if view == .side {
            let d = Scene.depth(.side) * 0.5
            shapes.append(.polygon([Point(x0, height), Point(x1, height), Point(x1, height) + d, Point(x0, height) + d],
                                   ink: .floor))
        }
        shapes.append(.rect(origin: Point(x0, 0), width: x1 - x0, height: height, filled: true, ink: .support))
        return shapes
    }

    /// The hands that hold a held prop: both when the arms hang together (a pair of dumbbells, a bar), else
    /// the one named.
    static func heldIn(_ point: Pose.BodyPoint, _ s: Skeleton) -> [Point] {
        let named = point == .backHand ? s.backHand : s.frontHand
        let other = point == .backHand ? s.frontHand : s.backHand
        if s.view == .front {
            // Seen from the front, hands together hold one weight between them (a sumo squat's dumbbell);
            // hands apart hold only the hand named, so a single-leg deadlift's one dumbbell hangs on its
            // side and a pair is two props, one in each hand.
            return (named - other).length < 0.2 ? [Point.lerp(named, other, 0.5)] : [named]
        }
        return (named - other).length < 0.05 ? [named, other] : [named]
    }

    /// Whether the arm holding `point` reaches out of the page more than along it (`Pose.toward`).
    static func sideways(_ point: Pose.BodyPoint, pose: Pose) -> Bool {
        switch point {
        case .frontHand: (pose.toward["frontUpperArm"] ?? 0) >= 60
        case .backHand: (pose.toward["backUpperArm"] ?? 0) >= 60
        default: false
        }
    }

    static func forearmPointsUp(_ point: Pose.BodyPoint, pose: Pose) -> Bool {
        let forearm = PoseCheck.norm(point == .backHand ? pose.backForearm : pose.frontForearm)
        return abs(forearm) > 110
    }

    /// A dumbbell in the hand: hanging, its handle across the body in perspective; held at the chest
    /// (a goblet) or in both hands, upright below the hands that cup its top head.
    static func dumbbell(at hand: Point, vertical: Bool, depth d: Point, far: Bool, view: Pose.View) -> Layers {
        var layers = Layers()
        let ink: Ink = far ? .farEquipment : .equipment
        if vertical {
            // Cupped by its top head: it hangs from the hands, below the chin in a goblet hold and between
            // the legs in a sumo squat.
            let top = hand, bottom = hand - Point(0, 0.2)
            layers.front.append(.line(top, bottom, width: 0.028, ink: ink))
            for end in [top, bottom] {
                layers.front.append(.polygon(Outline.ellipse(end, 0.085, 0.04), ink: ink))
            }
            return layers
        }
        if view == .front {
            // From the front a dumbbell hanging at the side is seen end-on: one round head in the fist.
            layers.inHand.append(.polygon(Outline.ellipse(hand - Point(0, 0.02), 0.06, 0.065), ink: ink))
            return layers
        }
        let axis = d * (1 / d.length)
        // From the side the handle runs into the page, so it shows short: the heads hug the fist.
        let half = 0.075
        let near = hand - axis * half, farEnd = hand + axis * half
        let head = { (p: Point) -> Shape in .polygon(Outline.ellipse(p, view == .side ? 0.045 : 0.055, 0.08), ink: ink) }
        layers.behind.append(head(farEnd))
        layers.behind.append(.line(near, farEnd, width: 0.026, ink: ink))
        if far { layers.behind.append(head(near)) } else { layers.inHand.append(head(near)) }
        return layers
    }

    /// A barbell across the body in perspective: the far plate behind the body, the near plate in front.
    static func barbell(at centre: Point, depth d: Point, view: Pose.View) -> Layers {
        var layers = Layers()
        let plate = { (p: Point, ink: Ink) -> [Shape] in
            view == .side
                ? [.polygon(Outline.ellipse(p, plateRadius * 0.42, plateRadius), ink: ink),
                   .polygon(Outline.ellipse(p + Point(0.012, 0), plateRadius * 0.12, plateRadius * 0.3), ink: .farBody)]
                : [.rect(origin: Point(p.x - 0.03, p.y - plateRadius), width: 0.06, height: 2 * plateRadius,
                         filled: true, ink: ink)]
        }
        let nearEnd = centre - d * barHalfLength, farEnd = centre + d * barHalfLength
        // From the side one half of the bar is beyond the body; from the front neither is.
        let farInk: Ink = view == .side ? .farEquipment : .equipment
        layers.behind.append(.line(centre, farEnd, width: 0.03, ink: farInk))
        layers.behind += plate(centre + d * plateSpread, farInk)
        layers.front.append(.line(nearEnd, centre, width: 0.03, ink: .equipment))
        layers.front += plate(centre - d * plateSpread, .equipment)
        return layers
    }

    static func merge(_ a: Layers, _ b: Layers) -> Layers {
        Layers(behind: a.behind + b.behind, inHand: a.inHand + b.inHand, front: a.front + b.front)
    }
}
