#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LegdayCore

/// Where a movement goes: an arrow for the part of the body that moves most between one position and the
/// next, and footprints for a step (where the foot came from, where it lands).
enum Motion {
    typealias Skeleton = FigureGeometry.Skeleton

    /// The points whose travel an arrow can show, in the order a tie is broken.
    static let tracked: [Pose.BodyPoint] = [.hips, .head, .frontHand, .backHand, .frontFoot, .backFoot,
                                            .frontKnee, .backKnee, .shoulders]

    /// Less travel than this, in metres, is holding still: no arrow.
    static let still = 0.12

    /// The arrow into `pose` from `previous`: both placed on the floor, lined up on a contact they share
    /// (a planted foot), then the point that moved furthest, drawn beside the body.
    static func arrow(from previous: Pose, to pose: Pose, view: Pose.View) -> [Shape] {
        let before = placed(previous, view: view), after = placed(pose, view: view)
        let stepping = pose.step?.foot ?? previous.step?.foot
        let shared = Placement.contacts(pose).map(\.at).filter {
            $0 != stepping && Placement.contacts(previous).map(\.at).contains($0)
        }
        let shift = shared.first.map { after.bottom($0).x - before.bottom($0).x } ?? 0
        var best: (point: Pose.BodyPoint, from: Point, to: Point)?
        // A step has its own footprints and arrow, and a point resting on the floor in both positions has
        // not travelled (its place on the page may shift with the rest of the figure's placement): the
        // arrow shows the rest of the body.
        let planted = Set(Placement.contacts(pose).map(\.at)).intersection(Placement.contacts(previous).map(\.at))
        for point in tracked where point != pose.step?.foot && !planted.contains(point) {
            let from = before.joint(point).centre + Point(shift, 0), to = after.joint(point).centre
            if (to - from).length > (best.map { ($0.to - $0.from).length } ?? still) {
                best = (point, from, to)
            }
        }
        guard let best else { return [] }
        // Beside the body: pushed away from the hips, on the side away from the figure's middle.
        let direction = best.from.angle(to: best.to)
        let middle = Point.lerp(after.hips, after.shoulders, 0.5)
        var offset = 0.2
        let one = Point.lerp(best.from, best.to, 0.5).moved(direction + 90, by: offset)
        let two = Point.lerp(best.from, best.to, 0.5).moved(direction - 90, by: offset)
        offset = (one - middle).length > (two - middle).length ? 0.2 : -0.2
        let a = Point.lerp(best.from, best.to, 0.1).moved(direction + 90, by: offset)
        let b = Point.lerp(best.from, best.to, 0.9).moved(direction + 90, by: offset)
        return Outline.arrow(a, b, width: 0.028, ink: .motion)
    }

    static func placed(_ pose: Pose, view: Pose.View) -> Skeleton {
        let (placedPose, s) = Placement.place(pose)
        guard view != pose.view else { return s }
        var projected = Skeleton(placedPose, as: view)
        projected.move(by: Point(0, -Placement.lowest(projected)))
        return projected
    }

    /// A step: an outlined footprint where the foot left, a filled one where it lands, an arrow between.
    static func footprints(_ step: Pose.Step, skeleton s: Skeleton, view: Pose.View) -> [Shape] {
        let other: Pose.BodyPoint = step.foot == .backFoot ? .frontFoot : .backFoot
        let landing = s.bottom(step.foot).x
        var origin = s.bottom(other).x
        if view == .front || step.direction == .side {
            origin = landing > origin ? origin + 0.22 : origin - 0.22
        }
        let y = -0.07
        let print = { (x: Double) in Outline.ellipse(Point(x, y), 0.12, 0.035) }
        let left = print(origin)
        var shapes: [Shape] = [
            .polyline(left + [left[0]], width: 0.012, ink: .motion, dashed: true),
            .polygon(print(landing), ink: .motion),
        ]
        let gap = landing > origin ? 0.14 : -0.14
        if abs(landing - origin) > 0.35 {
            shapes += Outline.arrow(Point(origin + gap, y), Point(landing - gap, y), width: 0.02, ink: .motion)
        }
        return shapes
    }

    /// A held position: a stopwatch above the figure with one tick per second to hold.
    static func stopwatch(seconds: Double, beside s: Skeleton) -> [Shape] {
        let top = [s.headCentre.y + FigureGeometry.headRadius, s.hips.y, s.frontKnee.y, s.backKnee.y].max()!
        let centre = Point(s.hips.x, top + 0.22)
        let r = 0.1
        var shapes: [Shape] = [
            .circle(center: centre, radius: r, filled: false, width: 0.02, ink: .motion),
            .line(centre.moved(180, by: r + 0.01), centre.moved(180, by: r + 0.04), width: 0.03, ink: .motion),
            .line(centre, centre.moved(180, by: r * 0.7), width: 0.018, ink: .motion),
        ]
        let ticks = max(1, min(12, Int(seconds.rounded())))
        for i in 0..<ticks {
            let angle = 180 - 360 * Double(i + 1) / 12
            shapes.append(.circle(center: centre.moved(angle, by: r * 0.72), radius: 0.014, filled: true, width: 0,
                                  ink: .motion))
        }
        return shapes
    }

    /// The arrows a pose declares: each starts a little beyond its body point, on the side it points to, and
    /// runs 0.28 m that way.
    /// An arrow at the `chest` is a turn of the chest (spiderman and world's greatest stretch rotations):
    /// a half-ring round it, its head on the side the arrow points to.
    static func declared(_ arrows: [Pose.Arrow], skeleton s: Skeleton) -> [Shape] {
        arrows.flatMap { arrow -> [Shape] in
            let (centre, radius) = s.joint(arrow.at)
            if arrow.at == .chest {
                return turn(around: centre, towards: sin(arrow.direction * .pi / 180) < 0 ? 270 : 90,
                            ink: .motion, dashed: false)
            }
            let start = centre.moved(arrow.direction, by: radius + 0.06)
            return Outline.arrow(start, start.moved(arrow.direction, by: 0.28), width: 0.028, ink: .motion)
        }
    }

    /// A turn of the trunk seen from the front: the front half of a ring round it (the lower half on the
    /// page), from one side to the other, its head on the side `towards` (90 the page's right, 270 its left).
    static func turn(around centre: Point, towards side: Double, ink: Ink, dashed: Bool) -> [Shape] {
        let rx = 0.3, ry = 0.07
        let sign = side == 270 ? -1.0 : 1.0
        let ring = (0...16).map { i -> Point in
            let a = Double.pi * Double(i) / 16
            return Point(centre.x - sign * rx * cos(a), centre.y - ry * sin(a))
        }
        let tip = ring[ring.count - 1], before = ring[ring.count - 3]
        return [.polyline(Array(ring.dropLast(2)), width: 0.02, ink: ink, dashed: dashed)]
            + Outline.arrow(before, tip.moved(before.angle(to: tip), by: 0.04), width: 0.02, ink: ink)
    }

    /// A round arrow about a joint that moves in circles.
    static func circling(around centre: Point) -> [Shape] {
        let r = 0.13
        let arc = (0...20).map { i in centre.moved(200 + 280 * Double(i) / 20, by: r) }
        return [.polyline(arc, width: 0.02, ink: .motion, dashed: false)]
            + Outline.arrow(arc[arc.count - 3], arc[arc.count - 1].moved(arc[arc.count - 3].angle(to: arc[arc.count - 1]), by: 0.03),
                            width: 0.02, ink: .motion)
    }
}
