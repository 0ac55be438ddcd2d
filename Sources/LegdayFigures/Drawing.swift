#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point in figure space: metres, x to the right, y up, the floor at y = 0.
public struct Point: Hashable, Sendable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    static func + (a: Point, b: Point) -> Point { Point(a.x + b.x, a.y + b.y) }
    static func - (a: Point, b: Point) -> Point { Point(a.x - b.x, a.y - b.y) }
    static func * (a: Point, k: Double) -> Point { Point(a.x * k, a.y * k) }

    var length: Double { (x * x + y * y).squareRoot() }

    /// The point `length` away in the pose's angle convention (0 straight down, counter-clockwise, 90 right).
    func moved(_ degrees: Double, by length: Double) -> Point {
        let r = degrees * .pi / 180
        return Point(x + length * sin(r), y - length * cos(r))
    }

    /// The pose-convention angle of the direction from here to `other`.
    func angle(to other: Point) -> Double {
        atan2(other.x - x, -(other.y - y)) * 180 / .pi
    }

    static func lerp(_ a: Point, _ b: Point, _ t: Double) -> Point { a + (b - a) * t }
}

/// The shades a figure uses; both back ends map them to the same colours.
public enum Ink: String, Sendable, CaseIterable {
    /// The near-side limbs, torso and head.
    case body
    /// The far-side limbs, drawn lighter so the near side reads in front.
    case farBody
    /// The leg doing the work in a one-legged move.
    case accent
    /// Steel: bars, handles, bells, plates.
    case equipment
    /// The far half of equipment seen in perspective (the far plate, the far end of a dumbbell).
    case farEquipment
    /// Boxes, benches, steps and walls.
    case support
    /// The floor line and supports' outlines.
    case ground
    /// A resistance band.
    case band
    /// Arrows and footprints: where a movement or a step goes.
    case motion
    /// The floor seen a little from above, under the figure.
    case floor
    /// Text labels.
    case label
    /// The page behind everything, for highlights and cut-outs.
    case paper

    var rgb: (Double, Double, Double) {
        switch self {
        case .body: (0.13, 0.22, 0.38)
        case .farBody: (0.62, 0.69, 0.80)
        case .accent: (0.87, 0.38, 0.09)
        case .equipment: (0.20, 0.20, 0.22)
        case .farEquipment: (0.55, 0.55, 0.58)
        case .support: (0.80, 0.72, 0.58)
        case .ground: (0.35, 0.35, 0.35)
        case .band: (0.78, 0.16, 0.50)
        case .motion: (0.05, 0.55, 0.35)
        case .floor: (0.93, 0.93, 0.91)
        case .label: (0.15, 0.15, 0.15)
        case .paper: (1, 1, 1)
        }
    }

    var hex: String {
        let (r, g, b) = rgb
        func byte(_ v: Double) -> String {
            let s = String(Int((v * 255).rounded()), radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + byte(r) + byte(g) + byte(b)
    }
}

/// One thing to draw. Lengths are in metres until `Canvas` maps them to pixels.
public enum Shape: Sendable {
    /// A stroked line with round ends (a bar, a band, the floor).
    case line(Point, Point, width: Double, ink: Ink)
    /// A circle, filled or only outlined (a plate seen face-on, a ball, an eye).
    case circle(center: Point, radius: Double, filled: Bool, width: Double, ink: Ink)
    /// An axis-aligned rectangle given by its lower-left corner (a box, a bench).
    case rect(origin: Point, width: Double, height: Double, filled: Bool, ink: Ink)
    /// A filled closed outline (a limb, the torso, a plate in perspective, a footprint, an arrow head).
    case polygon([Point], ink: Ink)
    /// An open stroked path (an arrow's shaft, a kettlebell handle, a dashed line of sight).
    case polyline([Point], width: Double, ink: Ink, dashed: Bool)

    /// The shape reflected left to right about the vertical line at `x0`.
    func mirrored(about x0: Double) -> Shape {
        let m = { (p: Point) in Point(2 * x0 - p.x, p.y) }
        switch self {
        case .line(let a, let b, let w, let ink): return .line(m(a), m(b), width: w, ink: ink)
        case .circle(let c, let r, let f, let w, let ink): return .circle(center: m(c), radius: r, filled: f, width: w, ink: ink)
        case .rect(let o, let w, let h, let f, let ink):
            return .rect(origin: Point(2 * x0 - o.x - w, o.y), width: w, height: h, filled: f, ink: ink)
        case .polygon(let points, let ink): return .polygon(points.map(m), ink: ink)
        case .polyline(let points, let w, let ink, let d): return .polyline(points.map(m), width: w, ink: ink, dashed: d)
        }
    }

    /// The points a drawing's bounds must include, each with the margin around it.
    var extent: [(Point, Double)] {
        switch self {
        case .line(let a, let b, let w, _): [(a, w / 2), (b, w / 2)]
        case .circle(let c, let r, _, _, _): [(c, r)]
        case .rect(let o, let w, let h, _, _): [(o, 0), (Point(o.x + w, o.y + h), 0)]
        case .polygon(let points, _): points.map { ($0, 0) }
        case .polyline(let points, let w, _, _): points.map { ($0, w / 2) }
        }
    }
}

/// Closed outlines the figure is made of.
enum Outline {
    /// A limb: a tapered capsule from `a` (radius `ra`) to `b` (radius `rb`), rounded at both ends.
    static func capsule(_ a: Point, _ ra: Double, _ b: Point, _ rb: Double, steps: Int = 8) -> [Point] {
        let direction = a.angle(to: b)
        var points: [Point] = []
        // Half a circle around each end, from one side of the limb to the other.
        for i in 0...steps {
            points.append(b.moved(direction - 90 + 180 * Double(i) / Double(steps), by: rb))
        }
        for i in 0...steps {
            points.append(a.moved(direction + 90 + 180 * Double(i) / Double(steps), by: ra))
        }
        return points
    }

    /// An ellipse of half-axes `rx` and `ry`, its `rx` axis turned `tilt` degrees from the x axis.
    static func ellipse(_ centre: Point, _ rx: Double, _ ry: Double, tilt: Double = 0, steps: Int = 24) -> [Point] {
        let t = tilt * .pi / 180
        return (0..<steps).map { i in
            let a = 2 * Double.pi * Double(i) / Double(steps)
            let x = rx * cos(a), y = ry * sin(a)
            return Point(centre.x + x * cos(t) - y * sin(t), centre.y + x * sin(t) + y * cos(t))
        }
    }

    /// A band along a path of centre points, `radius(t)` thick at each, `t` running 0...1: the torso.
    /// `twist` turns the band's cross-section on the page by up to that many degrees at its far end, so a
    /// torso whose shoulders are turned (`Pose.turn`) ends along the line of its shoulders.
    static func band(_ centre: [Point], twist: Double = 0, radius: (Double) -> Double) -> [Point] {
        guard centre.count > 1 else { return [] }
        var left: [Point] = [], right: [Point] = []
        for (i, p) in centre.enumerated() {
            let before = centre[max(i - 1, 0)], after = centre[min(i + 1, centre.count - 1)]
            let t = Double(i) / Double(centre.count - 1)
            let direction = before.angle(to: after) + twist * t
            let r = radius(t)
            left.append(p.moved(direction + 90, by: r))
            right.append(p.moved(direction - 90, by: r))
        }
        return left + right.reversed()
    }

    /// An arrow from `a` to `b`: a shaft and a filled head, `width` thick.
    static func arrow(_ a: Point, _ b: Point, width: Double, ink: Ink) -> [Shape] {
        let direction = a.angle(to: b)
        let head = width * 3.2
        let base = b.moved(direction + 180, by: head)
        return [
            .polyline([a, base], width: width, ink: ink, dashed: false),
            .polygon([b, base.moved(direction + 90, by: head * 0.6), base.moved(direction - 90, by: head * 0.6)],
                     ink: ink),
        ]
    }
}

/// Maps figure space (metres, y up) into an image (pixels, y down), fitting the drawing with a margin.
struct Canvas {
    let scale: Double
    let offsetX: Double
    let offsetY: Double

    /// Fits the bounds of `shapes` into the box `x0...x0+width` by `top...height`.
    init(fitting shapes: [Shape], width: Double, height: Double, top: Double, x0: Double = 0,
         standardHeight: Double = 2.05, standardWidth: Double = 0) {
        var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
        for shape in shapes {
            for (p, pad) in shape.extent {
                minX = Swift.min(minX, p.x - pad); maxX = Swift.max(maxX, p.x + pad)
                minY = Swift.min(minY, p.y - pad); maxY = Swift.max(maxY, p.y + pad)
            }
        }
        if !minX.isFinite { minX = 0; maxX = 1; minY = 0; maxY = 1 }
        let margin = 0.06 * Swift.min(width, height)
        let spanX = Swift.max(maxX - minX, 0.5), spanY = Swift.max(maxY - minY, 0.5)
        // One scale for every figure (a standing runner fills the height), smaller only when a figure
        // would not fit, so the panels of one exercise compare at a glance.
        let standard = (height - top - 2 * margin) / standardHeight
        scale = Swift.min(standard, (width - 2 * margin) / Swift.max(spanX, standardWidth),
                          (height - top - 2 * margin) / spanY)
        // Centre horizontally; sit the drawing's bottom on the bottom margin.
        offsetX = x0 + (width - (maxX - minX) * scale) / 2 - minX * scale
        offsetY = height - margin + minY * scale
    }

    func map(_ p: Point) -> Point { Point(offsetX + p.x * scale, offsetY - p.y * scale) }
    func map(length: Double) -> Double { length * scale }
}
