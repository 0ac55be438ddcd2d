import LegdayCore

/// An exercise's positions as one picture of a given width, for an email or a page: the panels side by side
/// in the order they are done, each figure drawn at one common scale, the picture only as tall as its
/// figures need (a runner lying on the floor makes a low strip, a standing one a taller one), with the
/// position names in a band of their own above the figures and the floor of every panel on one line.
public struct FigureStrip: Sendable, Hashable {
    /// A palette PNG (or cairo's own truecolour PNG when zlib cannot be found).
    public let png: [UInt8]
    public let width: Int
    public let height: Int
}

extension FigureRenderer {
    /// The widest strip drawn, in pixels.
    public static let maximumStripWidth = 4096

    /// Every position of `exercise` in one picture `width` pixels wide (the height follows from the figures):
    /// `strip(for:width: 960)` is shown at 480 CSS pixels in an email, sharp on a 2× screen.
    public static func strip(for exercise: Exercise, width: Int = 960) throws -> FigureStrip {
        guard (160...maximumStripWidth).contains(width) else { throw RenderError.badSize(width: width, height: 0) }
        let layout = StripLayout(exercise, width: width)
        return FigureStrip(png: try CairoWriter.png(layout), width: layout.width, height: layout.height)
    }
}

/// Where everything of a strip goes, in pixels: one column per position, one scale for every figure.
struct StripLayout {
    struct Column {
        var panel: Panel
        var x0: Double
        var width: Double
        var main: Canvas
        var inset: Canvas?
        /// Where the second view starts, when there is one.
        var split: Double?
    }

    let width: Int
    let height: Int
    let fontSize: Double
    let labelBand: Double
    let margin: Double
    let columns: [Column]

    /// A standing runner is drawn at most this share of the strip's width tall, so an exercise of one or two
    /// positions does not become a poster.
    static let tallestShare = 0.4
    /// The lowest strip, as a share of its width, so the labels keep their room.
    static let lowestShare = 0.2

    init(_ exercise: Exercise, width: Int) {
        var panels = FigureRenderer.panels(exercise)
        if panels.isEmpty { panels = [Panel(label: exercise.name, shapes: [])] }
        let w = Double(width)
        let columnWidth = w / Double(panels.count)
        let font = max(12, w * 0.028)
        let band = font * 1.8
        let margin = max(6, w * 0.014)

        func bounds(_ shapes: [Shape]) -> (minX: Double, maxX: Double, minY: Double, maxY: Double)? {
            let points = shapes.flatMap(\.extent)
            guard !points.isEmpty else { return nil }
            return (points.map { $0.0.x - $0.1 }.min()!, points.map { $0.0.x + $0.1 }.max()!,
                    points.map { $0.0.y - $0.1 }.min()!, points.map { $0.0.y + $0.1 }.max()!)
        }
        func mainWidth(_ panel: Panel) -> Double {
            panel.inset == nil ? columnWidth : columnWidth * (1 - Panel.insetShare)
        }

        // One scale: as large as the widest figure allows in its column, no larger than the cap.
        var scale = w * StripLayout.tallestShare / Panel.standingHeight
        var tallest = 0.0
        for panel in panels {
            guard let b = bounds(panel.shapes) else { continue }
            scale = min(scale, (mainWidth(panel) - 2 * margin) / max(b.maxX - b.minX, 0.5))
            tallest = max(tallest, b.maxY - b.minY)
        }
        let fitted = band + 2 * margin + tallest * scale
        let height = Int(max(fitted, w * StripLayout.lowestShare).rounded(.up))
        let h = Double(height)

        var columns: [Column] = []
        for (i, panel) in panels.enumerated() {
            let x0 = Double(i) * columnWidth
            let mw = mainWidth(panel)
            let main: Canvas
            if let b = bounds(panel.shapes) {
                // Centred in its column, the lowest point of the drawing on the bottom margin.
                main = Canvas(scale: scale, offsetX: x0 + (mw - (b.maxX - b.minX) * scale) / 2 - b.minX * scale,
                              offsetY: h - margin + b.minY * scale)
            } else {
                main = Canvas(scale: scale, offsetX: x0, offsetY: h - margin)
            }
            var inset: Canvas?
            var split: Double?
            if let insetShapes = panel.inset, let b = bounds(insetShapes) {
                // The second view beside the main one, below its own small label, on the same floor line.
                split = x0 + mw
                let room = columnWidth - mw - margin, top = band + font * 0.9
                let small = min(scale, room / max(b.maxX - b.minX, 0.1), (h - top - margin) / max(b.maxY - b.minY, 0.1))
                inset = Canvas(scale: small, offsetX: x0 + mw + (columnWidth - mw - (b.maxX - b.minX) * small) / 2 - b.minX * small,
                               offsetY: h - margin + b.minY * small)
            }
            columns.append(Column(panel: panel, x0: x0, width: columnWidth, main: main, inset: inset, split: split))
        }
        self.width = width
        self.height = height
        self.fontSize = font
        self.labelBand = band
        self.margin = margin
        self.columns = columns
    }
}

extension Canvas {
    /// A canvas with a scale and offsets worked out by its caller (a strip, whose panels share one scale).
    init(scale: Double, offsetX: Double, offsetY: Double) {
        self.scale = scale
        self.offsetX = offsetX
        self.offsetY = offsetY
    }
}
