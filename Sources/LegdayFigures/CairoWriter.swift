import CCairo

/// Draws panels with cairo onto an image surface and encodes it as PNG in memory.
enum CairoWriter {
    static func png(panels: [Panel], panelWidth: Int, height: Int) throws -> [UInt8] {
        let totalWidth = panelWidth * max(panels.count, 1)
        guard (16...4096).contains(panelWidth), (16...4096).contains(height), totalWidth <= 32_768 else {
            throw FigureRenderer.RenderError.badSize(width: totalWidth, height: height)
        }
        return try onWhite(CAIRO_FORMAT_ARGB32, width: totalWidth, height: height) { surface, cr in
            for (i, panel) in panels.enumerated() {
                cairo_save(cr)
                cairo_translate(cr, Double(i * panelWidth), 0)
                draw(panel, cr, width: panelWidth, height: height)
                cairo_restore(cr)
            }
            try check(cairo_status(cr))
            return try cairoPNG(surface)
        }
    }

    /// Runs `body` with a white image surface of the size asked and its drawing context, both freed after.
    private static func onWhite(_ format: cairo_format_t, width: Int, height: Int,
                                _ body: (OpaquePointer, OpaquePointer) throws -> [UInt8]) throws -> [UInt8] {
        guard let surface = cairo_image_surface_create(format, Int32(width), Int32(height)) else {
            throw FigureRenderer.RenderError.cairo("no image surface")
        }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { throw FigureRenderer.RenderError.cairo("no drawing context") }
        defer { cairo_destroy(cr) }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        return try body(surface, cr)
    }

    /// The surface as cairo's own (truecolour) PNG, written into memory.
    private static func cairoPNG(_ surface: OpaquePointer) throws -> [UInt8] {
        var bytes: [UInt8] = []
        let status = withUnsafeMutablePointer(to: &bytes) { sink in
            cairo_surface_write_to_png_stream(surface, { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                let sink = closure.assumingMemoryBound(to: [UInt8].self)
                sink.pointee.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, sink)
        }
        try check(status)
        return bytes
    }

    private static func draw(_ panel: Panel, _ cr: OpaquePointer, width: Int, height: Int) {
        let (main, inset) = panel.canvases(width: width, height: height)
        let font = Panel.fontSize(height: height)
        draw(panel.shapes, cr, main)
        if let inset, let insetShapes = panel.inset {
            let split = Double(width) * (1 - Panel.insetShare)
            setInk(cr, .floor)
            cairo_set_line_width(cr, 1)
            cairo_move_to(cr, split, font * 2)
            cairo_line_to(cr, split, Double(height) - font)
            cairo_stroke(cr)
            draw(insetShapes, cr, inset)
            text(panel.insetLabel ?? "", cr, centre: split + Double(width) * Panel.insetShare / 2, y: font * 2.4,
                 size: font * 0.75)
        }
        text(panel.label, cr, centre: Double(width) / 2, y: font * 1.3, size: font)
    }

    private static func text(_ s: String, _ cr: OpaquePointer, centre: Double, y: Double, size: Double) {
        setInk(cr, .label)
        cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cr, s, &extents)
        cairo_move_to(cr, centre - extents.x_advance / 2, y)
        cairo_show_text(cr, s)
    }

    private static func draw(_ shapes: [Shape], _ cr: OpaquePointer, _ canvas: Canvas) {
        for shape in shapes {
            switch shape {
            case .line(let a, let b, let w, let ink):
                let p = canvas.map(a), q = canvas.map(b)
                setInk(cr, ink)
                cairo_set_line_width(cr, canvas.map(length: w))
                cairo_move_to(cr, p.x, p.y)
                cairo_line_to(cr, q.x, q.y)
                cairo_stroke(cr)
            case .circle(let centre, let r, let filled, let w, let ink):
                let p = canvas.map(centre)
                setInk(cr, ink)
                cairo_new_sub_path(cr)
                cairo_arc(cr, p.x, p.y, canvas.map(length: r), 0, 2 * Double.pi)
                if filled {
                    cairo_fill(cr)
                } else {
                    cairo_set_line_width(cr, canvas.map(length: w))
                    cairo_stroke(cr)
                }
            case .rect(let origin, let w, let h, let filled, let ink):
                let topLeft = canvas.map(Point(origin.x, origin.y + h))
                cairo_rectangle(cr, topLeft.x, topLeft.y, canvas.map(length: w), canvas.map(length: h))
                if filled {
                    setInk(cr, ink)
                    cairo_fill_preserve(cr)
                    setInk(cr, .ground)
                } else {
                    setInk(cr, ink)
                }
                cairo_set_line_width(cr, 1)
                cairo_stroke(cr)
            case .polygon(let points, let ink):
                path(points, cr, canvas)
                cairo_close_path(cr)
                setInk(cr, ink)
                cairo_fill_preserve(cr)
                setInk(cr, .paper)
                cairo_set_line_width(cr, max(0.6, canvas.map(length: SVGWriter.outlineWidth)))
                cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
                cairo_stroke(cr)
            case .polyline(let points, let w, let ink, let dashed):
                path(points, cr, canvas)
                setInk(cr, ink)
                let width = canvas.map(length: w)
                cairo_set_line_width(cr, width)
                cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
                if dashed {
                    var dashes = [width * 2.5, width * 2.5]
                    cairo_set_dash(cr, &dashes, 2, 0)
                }
                cairo_stroke(cr)
                cairo_set_dash(cr, nil, 0, 0)
            }
        }
    }

    private static func path(_ points: [Point], _ cr: OpaquePointer, _ canvas: Canvas) {
        cairo_new_path(cr)
        for (i, point) in points.enumerated() {
            let p = canvas.map(point)
            if i == 0 { cairo_move_to(cr, p.x, p.y) } else { cairo_line_to(cr, p.x, p.y) }
        }
    }

    private static func setInk(_ cr: OpaquePointer, _ ink: Ink, alpha: Double = 1) {
        let (r, g, b) = ink.rgb
        cairo_set_source_rgba(cr, r, g, b, alpha)
    }

    private static func check(_ status: cairo_status_t) throws {
        guard status == CAIRO_STATUS_SUCCESS else {
            throw FigureRenderer.RenderError.cairo(String(cString: cairo_status_to_string(status)))
        }
    }
}

// MARK: Strips

extension CairoWriter {
    /// The font size, at most `size`, at which `label` is no wider than `room` pixels.
    static func fitted(_ label: String, _ cr: OpaquePointer, size: Double, room: Double) -> Double {
        var extents = cairo_text_extents_t()
        cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
        cairo_text_extents(cr, label, &extents)
        return extents.x_advance > room ? size * room / extents.x_advance : size
    }

    /// A strip (`StripLayout`) as PNG bytes: drawn with cairo, then written as a palette PNG (`PalettePNG`),
    /// a third of the size of cairo's truecolour PNG; cairo's own PNG when that cannot be made.
    static func png(_ layout: StripLayout) throws -> [UInt8] {
        try onWhite(CAIRO_FORMAT_RGB24, width: layout.width, height: layout.height) { surface, cr in
            let font = layout.fontSize
            for (i, column) in layout.columns.enumerated() {
                if i > 0 {
                    // A faint line between positions, so the strip reads as steps.
                    setInk(cr, .floor)
                    cairo_set_line_width(cr, max(1, font * 0.06))
                    cairo_move_to(cr, column.x0, layout.labelBand * 0.35)
                    cairo_line_to(cr, column.x0, Double(layout.height) - layout.margin)
                    cairo_stroke(cr)
                }
                draw(column.panel.shapes, cr, column.main)
                if let inset = column.inset, let shapes = column.panel.inset, let split = column.split {
                    setInk(cr, .floor)
                    cairo_set_line_width(cr, 1)
                    cairo_move_to(cr, split, layout.labelBand)
                    cairo_line_to(cr, split, Double(layout.height) - layout.margin)
                    cairo_stroke(cr)
                    draw(shapes, cr, inset)
                    // As large as fits over the second view, at most seven tenths of the label size.
                    let label = column.panel.insetLabel ?? ""
                    let room = (column.x0 + column.width - split) * 0.92
                    text(label, cr, centre: (split + column.x0 + column.width) / 2, y: layout.labelBand + font * 0.5,
                         size: fitted(label, cr, size: font * 0.7, room: room))
                }
                // A long label ("bottom from the front" over a quarter of the strip) shrinks to its column.
                let label = column.panel.label
                text(label, cr, centre: column.x0 + column.width / 2, y: layout.labelBand * 0.68,
                     size: fitted(label, cr, size: font, room: column.width * 0.94))
            }
            try check(cairo_status(cr))
            cairo_surface_flush(surface)

            if let data = cairo_image_surface_get_data(surface),
               let png = PalettePNG.encode(width: layout.width, height: layout.height,
                                           stride: Int(cairo_image_surface_get_stride(surface)), pixels: data) {
                return png
            }
            return try cairoPNG(surface)
        }
    }
}
