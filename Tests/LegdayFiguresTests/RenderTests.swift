import CCairo
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import LegdayCore
@testable import LegdayFigures
import Testing

/// Counts the elements of an SVG document with Foundation's XML parser, an independent reader.
final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var rootAttributes: [String: String] = [:]
    var positionNames: [String] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        if counts.isEmpty { rootAttributes = attributes }
        counts[name, default: 0] += 1
        if name == "g", let position = attributes["data-name"] { positionNames.append(position) }
    }

    static func parse(_ svg: String) -> ElementCounter? {
        let counter = ElementCounter()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = counter
        return parser.parse() ? counter : nil
    }
}

/// Decodes PNG bytes with cairo's own reader, from memory.
func decodePNG(_ bytes: [UInt8]) -> (width: Int, height: Int, inked: Int)? {
    final class Reader { var bytes: [UInt8]; var offset = 0; init(_ b: [UInt8]) { bytes = b } }
    let reader = Reader(bytes)
    let surface = withExtendedLifetime(reader) {
        cairo_image_surface_create_from_png_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
            let reader = Unmanaged<Reader>.fromOpaque(closure).takeUnretainedValue()
            let n = Int(length)
            guard reader.offset + n <= reader.bytes.count else { return CAIRO_STATUS_READ_ERROR }
            for i in 0..<n { data[i] = reader.bytes[reader.offset + i] }
            reader.offset += n
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(reader).toOpaque())
    }
    guard let surface, cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { return nil }
    defer { cairo_surface_destroy(surface) }
    cairo_surface_flush(surface)
    let width = Int(cairo_image_surface_get_width(surface)), height = Int(cairo_image_surface_get_height(surface))
    let stride = Int(cairo_image_surface_get_stride(surface))
    guard let data = cairo_image_surface_get_data(surface) else { return nil }
    var inked = 0
    for y in 0..<height {
        for x in 0..<width {
            // ARGB32 in native byte order: blue, green, red, alpha on little-endian machines.
            let p = data + y * stride + x * 4
            if Int(p[0]) + Int(p[1]) + Int(p[2]) < 3 * 200 { inked += 1 }
        }
    }
    return (width, height, inked)
}

func bigEndian32(_ b: [UInt8], _ at: Int) -> Int {
    Int(b[at]) << 24 | Int(b[at + 1]) << 16 | Int(b[at + 2]) << 8 | Int(b[at + 3])
}

let standing = Position(name: "start", text: "Stand tall.", pose: Pose())
let squat = Position(name: "bottom", text: "Sit.", pose: Pose(torso: 145, frontThigh: 95, frontShin: -30))
let gobletSquat = Exercise(
    id: "goblet-squat", name: "Goblet squat & friends", role: .strength, muscles: [.quads], equipment: [.dumbbell],
    level: .beginner,
    positions: [
        Position(name: "start", text: "Stand.", pose: Pose(frontUpperArm: 15, frontForearm: 165,
                                                            props: [.init(.dumbbell, at: .frontHand)])),
        Position(name: "bottom", text: "Sit.", pose: Pose(torso: 145, frontThigh: 95, frontShin: -30,
                                                          props: [.init(.dumbbell, at: .frontHand)])),
        Position(name: "finish", text: "Stand.", pose: nil),
    ])

@Suite struct SVGTests {
    @Test func anExerciseIsOneWellFormedDocumentWithAPanelPerPosition() throws {
        let svg = FigureRenderer.svg(for: gobletSquat, panelWidth: 200, height: 220)
        let doc = try #require(ElementCounter.parse(svg), "the SVG is not well-formed XML")
        #expect(doc.rootAttributes["width"] == "600" && doc.rootAttributes["height"] == "220")
        #expect(doc.positionNames == ["start", "bottom", "finish"])
        #expect(doc.counts["svg"] == 1 && doc.counts["title"] == 1)
        // Two posed panels: each has a body of filled outlines (head, torso, pelvis, limbs) and an eye.
        #expect((doc.counts["circle"] ?? 0) >= 2)
        #expect((doc.counts["polygon"] ?? 0) >= 2 * 18)
        #expect(doc.counts["text"] == 3)
        #expect(svg.contains("Goblet squat &amp; friends"))
    }

    @Test func aPositionIsItsOwnDocument() throws {
        let doc = try #require(ElementCounter.parse(FigureRenderer.svg(for: squat)))
        #expect(doc.rootAttributes["width"] == "\(FigureRenderer.panelSize)")
        #expect(doc.positionNames == ["bottom"])
    }
}

@Suite struct GalleryTests {
    /// The gallery says what the colours mean, each meaning beside a square of the colour the figures use.
    @Test func theGalleryExplainsItsColours() {
        let page = FigureRenderer.gallery([gobletSquat])
        #expect(page.contains("class=\"legend\""))
        for item in FigureRenderer.legend {
            #expect(page.contains("background:\(item.ink.hex);"))
            #expect(page.contains(item.meaning))
        }
        #expect(FigureRenderer.legend.contains { $0.ink == .accent })
    }
}

@Suite struct PNGTests {
    @Test func aPositionEncodesAtTheRequestedSize() throws {
        let png = try FigureRenderer.png(for: standing, width: 320, height: 200)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(String(decoding: png[12..<16], as: UTF8.self) == "IHDR")
        #expect(bigEndian32(png, 16) == 320 && bigEndian32(png, 20) == 200)
        let decoded = try #require(decodePNG(png), "cairo cannot read the PNG back")
        #expect(decoded.width == 320 && decoded.height == 200)
        #expect(decoded.inked > 500, "the figure is missing: only \(decoded.inked) dark pixels")
    }

    @Test func anExerciseIsAStripOfPanels() throws {
        let png = try FigureRenderer.png(for: gobletSquat, panelWidth: 150, height: 160)
        let decoded = try #require(decodePNG(png))
        #expect(decoded.width == 450 && decoded.height == 160)
    }

    /// A strip's label over a narrow column ("bottom from the front" over a quarter of 960 px) shrinks until
    /// it fits its column instead of running into the next one; a short one keeps the full size.
    @Test func aLongLabelShrinksToItsColumn() throws {
        let surface = try #require(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10))
        defer { cairo_surface_destroy(surface) }
        let cr = try #require(cairo_create(surface))
        defer { cairo_destroy(cr) }
        let size = CairoWriter.fitted("bottom from the front", cr, size: 27, room: 225)
        #expect(size < 27)
        var extents = cairo_text_extents_t()
        cairo_set_font_size(cr, size)
        cairo_text_extents(cr, "bottom from the front", &extents)
        #expect(extents.x_advance <= 225.5)
        #expect(CairoWriter.fitted("start", cr, size: 27, room: 225) == 27)
    }

    /// The panels of one exercise share one scale: a dead bug reaching long is not drawn smaller than the
    /// same dead bug tucked in.
    @Test func aWideFigureDoesNotShrinkBesideANarrowOne() {
        let tucked = Pose(torso: 270, frontThigh: 180, frontShin: 90, frontUpperArm: 180, floor: [.shoulders, .hips])
        let long = Pose(torso: 270, frontThigh: 90, frontShin: 90, frontUpperArm: 270, floor: [.shoulders, .hips])
        let bug = Exercise(id: "bug", name: "Bug", role: .strength, muscles: [.core], equipment: [], level: .beginner,
                           positions: [Position(name: "in", text: "In.", pose: tucked),
                                       Position(name: "out", text: "Out.", pose: long)])
        let scales = FigureRenderer.panels(bug).map { $0.canvases(width: 400, height: 400).main.scale }
        #expect(scales.count == 2)
        #expect(abs(scales[0] - scales[1]) < 1e-9)
        // Each alone would have been drawn at its own size.
        let alone = FigureRenderer.panels(bug).map { panel -> Double in
            var p = panel
            p.drawnWidth = 0
            return p.canvases(width: 400, height: 400).main.scale
        }
        #expect(alone[0] > alone[1] * 1.05)
    }

    @Test func absurdSizesAreRefused() {
        #expect(throws: FigureRenderer.RenderError.self) { try FigureRenderer.png(for: standing, width: 0, height: 10) }
        #expect(throws: FigureRenderer.RenderError.self) { try FigureRenderer.png(for: standing, width: 100_000, height: 100) }
    }
}

@Suite struct GeometryTests {
    func skeleton(_ pose: Pose) -> FigureGeometry.Skeleton { Placement.place(pose).skeleton }

    @Test func aStandingFigureIsRunnerHeightWithFeetOnTheFloor() {
        let s = skeleton(Pose())
        let top = s.headCentre.y + FigureGeometry.headRadius
        #expect(abs(top - 1.75) < 0.06)
        #expect(abs(s.bottom(.frontFoot).y) < 0.001)
        #expect(s.frontToe.x > s.frontHeel.x)  // facing right
    }

    @Test func aSquatPutsTheHipsNearKneeHeightAndTheKneesAheadOfTheAnkles() {
        let s = skeleton(squat.pose!)
        #expect(s.hips.y < s.frontKnee.y + 0.1)
        #expect(s.frontKnee.x > s.frontAnkle.x)
        #expect(s.hips.x < s.frontAnkle.x)  // sitting back
        #expect(abs(s.bottom(.frontFoot).y) < 0.01)  // heels down
    }

    @Test func aPlankIsLongAndLow() {
        let plank = Pose(torso: 100, frontThigh: 280, frontShin: 280, frontFoot: 330, frontUpperArm: 0, frontForearm: 90,
                         floor: [.frontElbow, .frontHand, .frontFoot])
        let s = skeleton(plank)
        #expect(s.hips.y < 0.6)
        #expect(s.headCentre.x - s.frontAnkle.x > 1.3)
    }

    /// Lying on the back, the trunk touches the floor with its thickest part (the upper back), and a bridge
    /// on a ball lands its heel on the ball, not a few centimetres above it.
    @Test func aBridgeOnABallRestsItsUpperBackOnTheFloorAndItsHeelOnTheBall() {
        let bridge = Pose(torso: 294, head: 255, frontThigh: 114, frontShin: 114, frontFoot: 204,
                          frontUpperArm: 87, props: [.init(.ball, at: .frontFoot)], floor: [.shoulders])
        let s = skeleton(bridge)
        #expect(abs(s.flatBottom(.shoulders).y) < 0.01)
        #expect(abs(s.bottom(.frontFoot).y - Placement.supportHeight(.ball)!) < 0.01)
        // Flat on the back, the chest's depth holds the shoulder joints clear of the floor.
        let lying = skeleton(Pose(torso: 270, frontThigh: 180, frontShin: 90, frontUpperArm: 180,
                                  floor: [.shoulders, .hips]))
        #expect(abs(lying.flatBottom(.shoulders).y) < 0.01)
        #expect(lying.bottom(.shoulders).y > 0.015)
        #expect(PoseCheck.problems(Pose(torso: 270, frontThigh: 180, frontShin: 90, frontUpperArm: 180,
                                        floor: [.shoulders, .hips])).isEmpty)
    }

    /// Seen from the front, a bar held in both hands has its middle between them and all of it in one
    /// layer (in front of the legs), drawn in the near equipment colour: not centred on one hand, with
    /// a plate on a foot.
    @Test func aBarHeldInBothHandsIsCentredBetweenThemFromTheFront() throws {
        let pose = Pose(view: .front, frontUpperArm: 8, backUpperArm: -8, props: [.init(.barbell, at: .frontHand)])
        let s = skeleton(pose)
        let bar = Equipment.shapes(pose.props[0], pose: pose, skeleton: s, view: .front)
        #expect(bar.behind.isEmpty && bar.front.isEmpty)
        let plates = bar.inHand.compactMap { shape -> Double? in
            if case .rect(let origin, let width, _, _, let ink) = shape, ink == .equipment { return origin.x + width / 2 }
            return nil
        }
        try #require(plates.count == 2)
        let middle = (s.frontHand.x + s.backHand.x) / 2
        #expect(abs((plates[0] + plates[1]) / 2 - middle) < 0.001)
        #expect(abs(s.frontHand.x - s.backHand.x) > 0.1)
    }

    /// A hand reaching out of the page to a wall (leg swings) holds a wall beside the runner: seen from the
    /// side it is the backdrop, wider than the figure, not a post ahead of or behind it.
    @Test func aWallReachedSidewaysIsTheBackdrop() {
        var pose = Pose(backUpperArm: 90, backForearm: 90, props: [.init(.wall, at: .backHand)])
        pose.toward = ["backUpperArm": 80, "backForearm": 80]
        let s = skeleton(pose)
        let wall = Equipment.shapes(pose.props[0], pose: pose, skeleton: s, view: .side)
        let xs = wall.behind.flatMap(\.extent).map(\.0.x), ys = wall.behind.flatMap(\.extent).map(\.0.y)
        #expect((xs.max()! - xs.min()!) > 1.2)
        #expect(xs.min()! < s.hips.x && xs.max()! > s.hips.x)
        #expect(ys.max()! > 1.8)
        // The same wall at a hand reaching ahead along the page stands ahead of it, narrow.
        let ahead = Pose(frontUpperArm: 90, props: [.init(.wall, at: .frontHand)])
        let post = Equipment.shapes(ahead.props[0], pose: ahead, skeleton: skeleton(ahead), view: .side)
        let postXs = post.behind.flatMap(\.extent).map(\.0.x)
        #expect(postXs.max()! - postXs.min()! < 0.2)
        #expect(postXs.min()! > skeleton(ahead).frontHand.x)
    }

    /// A dumbbell held upright in both hands hangs from them, its top head in the hands: below the chin in
    /// a goblet hold, not across the face.
    @Test func anUprightDumbbellHangsBelowTheHandsThatCupIt() {
        let goblet = Pose(frontUpperArm: 15, frontForearm: 165, props: [.init(.dumbbell, at: .frontHand)])
        let s = skeleton(goblet)
        let bell = Equipment.shapes(goblet.props[0], pose: goblet, skeleton: s, view: .side)
        let ys = bell.front.flatMap(\.extent).map(\.0.y)
        #expect(!ys.isEmpty)
        #expect(ys.max()! <= s.frontHand.y + 0.05)
        #expect(ys.min()! < s.frontHand.y - 0.15)
    }

    /// The side view sees the runner's right side; facing the viewer, the right side is on the viewer's
    /// left. A second view of a side-view exercise is mirrored so the marked working leg is on the same
    /// side of the body in both; an exercise drawn from the front throughout is not.
    @Test func aSecondViewShowsTheNearSideOnTheViewersLeft() throws {
        let front = Pose(view: .front, frontThigh: 10, backThigh: -10, working: .front)
        func accentX(_ shapes: [Shape]) -> Double? {
            let xs = shapes.flatMap { shape -> [Double] in
                if case .polygon(let points, .accent) = shape { return points.map(\.x) }
                return []
            }
            return xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count)
        }
        let hips = skeleton(front).hips.x
        let second = try #require(accentX(Scene.shapes(for: front, sideView: Pose(working: .front))))
        let alone = try #require(accentX(Scene.shapes(for: front)))
        #expect(second < hips)
        #expect(alone > hips)
    }

    @Test func aBoxLiftsTheFeetOntoIt() {
        let s = skeleton(Pose(props: [.init(.box, at: .frontFoot)]))
        #expect(abs(s.bottom(.frontFoot).y - Placement.supportHeight(.box)!) < 0.001)
    }
}
