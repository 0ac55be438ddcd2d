/// A point in figure space: metres, x to the right, y up, the floor at y = 0.
public struct Point: Hashable, Sendable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    static func + (a: Point, b: Point) -> Point { Point(a.x + b.x, a.y + b.y) }

    /// The point `length` away in the pose's angle convention (0 straight down, counter-clockwise, 90 right).
    func moved(_ degrees: Double, by length: Double) -> Point {
        let r = degrees * .pi / 180
        return Point(x + length * sin(r), y - length * cos(r))
    }
}

/// The shades a figure uses; both back ends map them to the same colours.
public enum Ink: String, Sendable {
    /// The near-side limbs, torso and head.
    case body
    /// The far-side limbs, drawn lighter so the near side reads in front.
    case farBody
    /// Equipment.
    case equipment
    /// The floor line and supports' outlines.
    case ground
    /// Text labels.
    case label

    var rgb: (Double, Double, Double) {
        switch self {
        case .body: (0.11, 0.20, 0.36)
        case .farBody: (0.55, 0.63, 0.76)
        case .equipment: (0.80, 0.36, 0.12)
        case .ground: (0.35, 0.35, 0.35)
        case .label: (0.15, 0.15, 0.15)
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
    /// A stroked line with round ends (a limb, a bar, the floor).
    case line(Point, Point, width: Double, ink: Ink)
    /// A circle, filled or only outlined (a head, a plate, a ball).
    case circle(center: Point, radius: Double, filled: Bool, width: Double, ink: Ink)
    /// An axis-aligned rectangle given by its lower-left corner (a box, a bench).
    case rect(origin: Point, width: Double, height: Double, filled: Bool, ink: Ink)
}

/// Maps figure space (metres, y up) into an image (pixels, y down), fitting the drawing with a margin.
struct Canvas {
    let scale: Double
    let offsetX: Double
    let offsetY: Double

    /// Fits the bounds of `shapes` into `width` x `height`, leaving `top` pixels for a label.
    init(fitting shapes: [Shape], width: Double, height: Double, top: Double) {
        var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
        func include(_ p: Point, _ pad: Double = 0) {
            minX = Swift.min(minX, p.x - pad); maxX = Swift.max(maxX, p.x + pad)
            minY = Swift.min(minY, p.y - pad); maxY = Swift.max(maxY, p.y + pad)
        }
        for shape in shapes {
            switch shape {
            case .line(let a, let b, _, _): include(a); include(b)
            case .circle(let c, let r, _, _, _): include(c, r)
            case .rect(let o, let w, let h, _, _): include(o); include(Point(o.x + w, o.y + h))
            }
        }
        if !minX.isFinite { minX = 0; maxX = 1; minY = 0; maxY = 1 }
        let margin = 0.08 * Swift.min(width, height)
        let spanX = Swift.max(maxX - minX, 0.5), spanY = Swift.max(maxY - minY, 0.5)
        // One scale for every figure (a standing runner fills the height), smaller only when a figure
        // would not fit, so the panels of one exercise compare at a glance.
        let standard = (height - top - 2 * margin) / 2.05
        scale = Swift.min(standard, (width - 2 * margin) / spanX, (height - top - 2 * margin) / spanY)
        // Centre horizontally; sit the drawing's bottom on the bottom margin.
        offsetX = (width - spanX * scale) / 2 - minX * scale + (spanX - (maxX - minX)) * scale / 2
        offsetY = height - margin + minY * scale
    }

    func map(_ p: Point) -> Point { Point(offsetX + p.x * scale, offsetY - p.y * scale) }
    func map(length: Double) -> Double { length * scale }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
