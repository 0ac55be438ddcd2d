import CCairo
import LegdayCore

/// Pictures of exercise positions: the public face of LegdayFigures.
///
/// A position becomes one panel (the figure with its label); an exercise becomes a strip of panels, one per
/// position, left to right in the order they are done, each with an arrow for the movement into it from the
/// one before. Positions with a front pose (`Position.front`) add a panel each after the side panels, the
/// same moment seen from the front. A pose that asks for `secondView` gets a small projected front view at
/// the panel's right. Positions
/// without a pose get an empty panel with their label, so a strip always has one panel per step.
public enum FigureRenderer {
    /// The size of one panel, in pixels, unless a caller asks for another.
    public static let panelSize = 240

    public enum RenderError: Error, CustomStringConvertible {
        case cairo(String)
        case badSize(width: Int, height: Int)

        public var description: String {
            switch self {
            case .cairo(let why): "cairo could not draw the figure: \(why)"
            case .badSize(let w, let h): "a figure must be between 16 and 4096 pixels wide and high, not \(w)x\(h)"
            }
        }
    }

    // MARK: SVG

    /// One position as a standalone SVG document; `previous` adds the arrow for the movement into it.
    public static func svg(for position: Position, after previous: Position? = nil, width: Int = panelSize,
                           height: Int = panelSize) -> String {
        SVGWriter.document(panels: [panel(position, after: previous)], panelWidth: width, height: height)
    }

    /// Every position of an exercise side by side, as one SVG document.
    public static func svg(for exercise: Exercise, panelWidth: Int = panelSize, height: Int = panelSize) -> String {
        SVGWriter.document(panels: panels(exercise), panelWidth: panelWidth, height: height, title: exercise.name)
    }

    // MARK: PNG

    /// One position as PNG bytes; `previous` adds the arrow for the movement into it.
    public static func png(for position: Position, after previous: Position? = nil, width: Int = panelSize,
                           height: Int = panelSize) throws -> [UInt8] {
        try CairoWriter.png(panels: [panel(position, after: previous)], panelWidth: width, height: height)
    }

    /// Every position of an exercise side by side, as PNG bytes.
    public static func png(for exercise: Exercise, panelWidth: Int = panelSize, height: Int = panelSize) throws -> [UInt8] {
        try CairoWriter.png(panels: panels(exercise), panelWidth: panelWidth, height: height)
    }

    /// The panels of an exercise, drawn at one scale: the tallest of its figures fills the height, so a
    /// figure lying on the floor is not drawn tiny, and the panels still compare at a glance.
    static func panels(_ exercise: Exercise) -> [Panel] {
        var panels = exercise.positions.indices.map { i in
            panel(exercise.positions[i], after: i > 0 ? exercise.positions[i - 1] : nil)
        }
        // The second view: after the side panels, one panel per position that has a front pose, its arrow
        // from the front pose before it when there is one (else the arrows the pose declares).
        var previousFront: Pose?
        for position in exercise.positions {
            guard let front = position.front else { continue }
            var extra = Panel(label: frontLabel(position.name), shapes: Scene.shapes(for: front, after: previousFront,
                                                                                          sideView: position.pose))
            extra.view = .front
            panels.append(extra)
            previousFront = front
        }
        let tallest = panels.map { Panel.height(of: $0.shapes) }.max() ?? Panel.standingHeight
        // The widest figure sets the scale for all of them, so a dead bug reaching out is not drawn smaller
        // than the same dead bug tucked in.
        let widest = panels.map { Panel.width(of: $0.shapes) }.max() ?? 0
        for i in panels.indices {
            panels[i].drawnHeight = min(max(tallest * 1.1, 1.0), Panel.standingHeight)
            panels[i].drawnWidth = widest
        }
        return panels
    }

    /// A position's label, with how long to hold it when the pose is a pause: "hold 3 s". The stopwatch
    /// shows that the position is held; the words say for how long, which a paused bridge and a plain one
    /// differ by.
    static func label(_ name: String, holding seconds: Double?) -> String {
        guard let seconds, seconds > 0 else { return name }
        let n = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
        return name == "hold" ? "hold \(n) s" : "\(name), hold \(n) s"
    }

    /// The label of a position's front-view panel: "bottom from the front".
    static func frontLabel(_ name: String) -> String { "\(name) from the front" }

    static func panel(_ position: Position, after previous: Position? = nil) -> Panel {
        guard let pose = position.pose else { return Panel(label: position.name, shapes: []) }
        let before = previous?.pose
        var panel = Panel(label: label(position.name, holding: pose.hold), shapes: Scene.shapes(for: pose, after: before))
        if let second = pose.secondView, second != pose.view {
            panel.inset = Scene.shapes(for: pose, as: second, after: before)
            panel.insetLabel = "from the \(second.rawValue)"
        }
        return panel
    }
}

/// One position's drawing, before it is laid out in pixels.
struct Panel {
    var label: String
    var shapes: [Shape]
    /// A second, smaller view of the same position (from the front), drawn at the panel's right.
    var inset: [Shape]? = nil
    var insetLabel: String? = nil
    /// `front` for the extra panel of a position's front pose (`Position.front`), drawn after the side panels.
    var view: Pose.View = .side
    /// How many metres of height the panel's height stands for: a standing runner, unless the exercise's
    /// figures are all lower.
    var drawnHeight = Panel.standingHeight
    /// How many metres of width the panel must hold: the widest figure of the exercise.
    var drawnWidth = 0.0
    static let standingHeight = 2.05

    static func height(of shapes: [Shape]) -> Double {
        let ys = shapes.flatMap(\.extent).map { $0.0.y }
        return (ys.max() ?? 0) - (ys.min() ?? 0)
    }

    static func width(of shapes: [Shape]) -> Double {
        let extent = shapes.flatMap(\.extent)
        return (extent.map { $0.0.x + $0.1 }.max() ?? 0) - (extent.map { $0.0.x - $0.1 }.min() ?? 0)
    }

    /// Pixels reserved above the figure for the label.
    static func labelSpace(height: Int) -> Double { Double(height) * 0.12 }
    static func fontSize(height: Int) -> Double { max(10, Double(height) * 0.07) }
    /// The share of the panel's width the second view takes.
    static let insetShare = 0.38

    /// Where each view goes: the main figure and, when there is one, the second view at the right with a
    /// line between them.
    func canvases(width: Int, height: Int) -> (main: Canvas, inset: Canvas?) {
        let w = Double(width), h = Double(height), top = Panel.labelSpace(height: height)
        guard let inset else {
            return (Canvas(fitting: shapes, width: w, height: h, top: top, standardHeight: drawnHeight,
                           standardWidth: drawnWidth), nil)
        }
        let split = w * (1 - Panel.insetShare)
        return (Canvas(fitting: shapes, width: split, height: h, top: top, standardHeight: drawnHeight,
                       standardWidth: drawnWidth),
                Canvas(fitting: inset, width: w - split, height: h, top: top + Panel.fontSize(height: height),
                       x0: split))
    }
}
