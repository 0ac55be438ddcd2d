import CCairo
import LegdayCore

/// Pictures of exercise positions: the public face of LegdayFigures.
///
/// A position becomes one panel (the stick figure with its label); an exercise becomes a strip of panels,
/// one per position, left to right in the order they are done. Positions without a pose get an empty panel
/// with their label, so a strip always has one panel per step.
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

    /// One position as a standalone SVG document.
    public static func svg(for position: Position, width: Int = panelSize, height: Int = panelSize) -> String {
        SVGWriter.document(panels: [panel(position)], panelWidth: width, height: height)
    }

    /// Every position of an exercise side by side, as one SVG document.
    public static func svg(for exercise: Exercise, panelWidth: Int = panelSize, height: Int = panelSize) -> String {
        SVGWriter.document(panels: exercise.positions.map(panel), panelWidth: panelWidth, height: height,
                           title: exercise.name)
    }

    // MARK: PNG

    /// One position as PNG bytes.
    public static func png(for position: Position, width: Int = panelSize, height: Int = panelSize) throws -> [UInt8] {
        try CairoWriter.png(panels: [panel(position)], panelWidth: width, height: height)
    }

    /// Every position of an exercise side by side, as PNG bytes.
    public static func png(for exercise: Exercise, panelWidth: Int = panelSize, height: Int = panelSize) throws -> [UInt8] {
        try CairoWriter.png(panels: exercise.positions.map(panel), panelWidth: panelWidth, height: height)
    }

    static func panel(_ position: Position) -> Panel {
        Panel(label: position.name, shapes: position.pose.map(FigureGeometry.shapes) ?? [])
    }
}

/// One position's drawing, before it is laid out in pixels.
struct Panel {
    var label: String
    var shapes: [Shape]

    /// Pixels reserved above the figure for the label.
    static func labelSpace(height: Int) -> Double { Double(height) * 0.12 }
    static func fontSize(height: Int) -> Double { max(10, Double(height) * 0.07) }
}
