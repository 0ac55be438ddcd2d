/// Writes panels as SVG text. Plain string building: SVG is a small XML vocabulary and needs no library.
enum SVGWriter {
    static func document(panels: [Panel], panelWidth: Int, height: Int, title: String? = nil) -> String {
        let totalWidth = panelWidth * max(panels.count, 1)
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(totalWidth)" height="\(height)" \
        viewBox="0 0 \(totalWidth) \(height)">

        """
        if let title { out += "<title>\(escape(title))</title>\n" }
        out += "<rect x=\"0\" y=\"0\" width=\"\(totalWidth)\" height=\"\(height)\" fill=\"#ffffff\"/>\n"
        let font = Panel.fontSize(height: height)
        for (i, panel) in panels.enumerated() {
            let x0 = Double(i * panelWidth)
            let (main, inset) = panel.canvases(width: panelWidth, height: height)
            let kind = panel.view == .front ? "position second-view\" data-view=\"front" : "position"
            out += "<g class=\"\(kind)\" data-name=\"\(escape(panel.label))\" transform=\"translate(\(n(x0)),0)\">\n"
            out += text(panel.label, x: Double(panelWidth) / 2, y: font * 1.3, size: font)
            out += "<g class=\"view\">\n"
            for shape in panel.shapes { out += element(shape, main) + "\n" }
            out += "</g>\n"
            if let inset, let insetShapes = panel.inset {
                let split = Double(panelWidth) * (1 - Panel.insetShare)
                out += "<line x1=\"\(n(split))\" y1=\"\(n(font * 2))\" x2=\"\(n(split))\" y2=\"\(n(Double(height) - font))\" "
                    + "stroke=\"\(Ink.floor.hex)\" stroke-width=\"1\"/>\n"
                out += text(panel.insetLabel ?? "", x: split + Double(panelWidth) * Panel.insetShare / 2,
                            y: font * 2.4, size: font * 0.75)
                out += "<g class=\"view second\">\n"
                for shape in insetShapes { out += element(shape, inset) + "\n" }
                out += "</g>\n"
            }
            out += "</g>\n"
        }
        return out + "</svg>\n"
    }

    static func text(_ s: String, x: Double, y: Double, size: Double) -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" font-family=\"sans-serif\" font-size=\"\(n(size))\" "
            + "text-anchor=\"middle\" fill=\"\(Ink.label.hex)\">\(escape(s))</text>\n"
    }

    /// The thin line of the page's colour around each filled outline, so a near limb reads in front of the
    /// torso even in the same shade.
    static let outlineWidth = 0.012

    static func element(_ shape: Shape, _ c: Canvas) -> String {
        switch shape {
        case .line(let a, let b, let width, let ink):
            let p = c.map(a), q = c.map(b)
            return "<line x1=\"\(n(p.x))\" y1=\"\(n(p.y))\" x2=\"\(n(q.x))\" y2=\"\(n(q.y))\" "
                + "stroke=\"\(ink.hex)\" stroke-width=\"\(n(c.map(length: width)))\" stroke-linecap=\"round\"/>"
        case .circle(let centre, let r, let filled, let width, let ink):
            let p = c.map(centre)
            let paint = filled ? "fill=\"\(ink.hex)\""
                : "fill=\"none\" stroke=\"\(ink.hex)\" stroke-width=\"\(n(c.map(length: width)))\""
            return "<circle cx=\"\(n(p.x))\" cy=\"\(n(p.y))\" r=\"\(n(c.map(length: r)))\" \(paint)/>"
        case .rect(let origin, let w, let h, let filled, let ink):
            // SVG rectangles grow downward from their top-left corner.
            let topLeft = c.map(Point(origin.x, origin.y + h))
            let paint = filled ? "fill=\"\(ink.hex)\" stroke=\"\(Ink.ground.hex)\"" : "fill=\"none\" stroke=\"\(ink.hex)\""
            return "<rect x=\"\(n(topLeft.x))\" y=\"\(n(topLeft.y))\" width=\"\(n(c.map(length: w)))\" "
                + "height=\"\(n(c.map(length: h)))\" \(paint) stroke-width=\"1\"/>"
        case .polygon(let points, let ink):
            return "<polygon points=\"\(pointList(points, c))\" fill=\"\(ink.hex)\" stroke=\"\(Ink.paper.hex)\" "
                + "stroke-width=\"\(n(max(0.6, c.map(length: outlineWidth))))\" stroke-linejoin=\"round\"/>"
        case .polyline(let points, let width, let ink, let dashed):
            let w = c.map(length: width)
            let dash = dashed ? " stroke-dasharray=\"\(n(w * 2.5)) \(n(w * 2.5))\"" : ""
            return "<polyline points=\"\(pointList(points, c))\" fill=\"none\" stroke=\"\(ink.hex)\" "
                + "stroke-width=\"\(n(w))\" stroke-linecap=\"round\" stroke-linejoin=\"round\"\(dash)/>"
        }
    }

    static func pointList(_ points: [Point], _ c: Canvas) -> String {
        points.map { let p = c.map($0); return n(p.x) + "," + n(p.y) }.joined(separator: " ")
    }

    /// Numbers with one decimal: enough for pixels, short in the file.
    static func n(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
