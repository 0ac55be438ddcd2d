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
        for (i, panel) in panels.enumerated() {
            let x0 = Double(i * panelWidth)
            let canvas = Canvas(fitting: panel.shapes, width: Double(panelWidth), height: Double(height),
                                top: Panel.labelSpace(height: height))
            out += "<g class=\"position\" data-name=\"\(escape(panel.label))\" transform=\"translate(\(n(x0)),0)\">\n"
            out += "<text x=\"\(n(Double(panelWidth) / 2))\" y=\"\(n(Panel.fontSize(height: height) * 1.3))\" "
            out += "font-family=\"sans-serif\" font-size=\"\(n(Panel.fontSize(height: height)))\" "
            out += "text-anchor=\"middle\" fill=\"\(Ink.label.hex)\">\(escape(panel.label))</text>\n"
            for shape in panel.shapes { out += element(shape, canvas) + "\n" }
            out += "</g>\n"
        }
        return out + "</svg>\n"
    }

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
            let paint = filled ? "fill=\"\(ink.hex)\" fill-opacity=\"0.35\" stroke=\"\(ink.hex)\""
                : "fill=\"none\" stroke=\"\(ink.hex)\""
            return "<rect x=\"\(n(topLeft.x))\" y=\"\(n(topLeft.y))\" width=\"\(n(c.map(length: w)))\" "
                + "height=\"\(n(c.map(length: h)))\" \(paint)/>"
        }
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
