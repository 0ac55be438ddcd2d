#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Muscle groups, as the seeds name them.
public enum Muscle: String, CaseIterable, Hashable, Sendable, Codable {
    case quads, hamstrings, glutes, calves, adductors, core
    case hipFlexors = "hip-flexors"
    case lowerBack = "lower-back"
    case gluteMedius = "glute-medius"
    case ankles, feet, spine
}

/// A stick figure in one position: the direction of every body segment, plus the equipment around it.
///
/// Angles are in degrees, absolute (not relative to the parent segment), measured from straight down (0)
/// and growing counter-clockwise for a figure facing right: 90 points forward (right), 180 straight up,
/// 270 (or -90) backward. Each segment points away from the body's centre: the torso from hips to shoulders,
/// a thigh from hip to knee, a shin from knee to ankle, a foot from ankle to toes, an upper arm from
/// shoulder to elbow, a forearm from elbow to hand, the head from shoulders to crown. So a standing runner is
/// torso 180, thighs and shins 0, feet 90; a squat has thighs near 90 and shins near -30 (knees ahead of
/// the ankles).
///
/// "front" limbs are the near (or leading) side and are drawn dark; "back" limbs are the far (or trailing)
/// side and are drawn lighter. `spine` bends the torso between pelvis and ribs (positive rounds the back,
/// negative arches it); the torso angle stays the direction from hips to shoulders. `floor` names the body
/// points resting on the floor, and a support prop (box, step, bench, ball) holds up the point it is `at`:
/// the renderer places the figure on those contacts, and the library's tests check that each one touches
/// and that no joint bends past its limit. Missing keys in JSON take the standing defaults (both feet on
/// the floor), so a data file only spells out what differs from standing.
public struct Pose: Hashable, Sendable, Codable {
    /// Which way the figure is seen from. Side-on is the default; frontal-plane moves (side lunge, side
    /// plank, lateral walks) read better seen from the front.
    public enum View: String, Hashable, Sendable, Codable { case side, front }

    /// A point of the body that a prop attaches to.
    public enum BodyPoint: String, Hashable, Sendable, Codable {
        case head, shoulders, chest, hips
        case frontKnee = "front-knee", backKnee = "back-knee"
        case frontFoot = "front-foot", backFoot = "back-foot"
        case frontElbow = "front-elbow", backElbow = "back-elbow"
        case frontHand = "front-hand", backHand = "back-hand"
    }

    /// A segment of the body, as the pose's angle keys name it (`toward` uses these names).
    public static let segments: Set<String> = [
        "torso", "head", "frontThigh", "frontShin", "frontFoot", "backThigh", "backShin", "backFoot",
        "frontUpperArm", "frontForearm", "backUpperArm", "backForearm",
    ]

    /// An arrow the data declares, for a movement no earlier panel shows (a front view drawn once): it
    /// starts beside `at` and points `direction` degrees on the page (the pose's convention: 0 down, 90 to
    /// the figure's front side, 180 up).
    public struct Arrow: Hashable, Sendable, Codable {
        public var at: BodyPoint
        public var direction: Double

        public init(at: BodyPoint, direction: Double) {
            self.at = at
            self.direction = direction
        }

        private enum CodingKeys: String, CodingKey { case at, direction }

        public init(from decoder: any Decoder) throws {
            try StrictKeys.check(decoder, allowed: ["at", "direction"])
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(at: try c.decode(BodyPoint.self, forKey: .at), direction: try c.decode(Double.self, forKey: .direction))
        }
    }

    /// One of the two legs, as the figure's sides name them.
    public enum Leg: String, Hashable, Sendable, Codable { case front, back }

    /// A step the position asks for: which foot moves and which way, drawn as footprints and an arrow.
    public struct Step: Hashable, Sendable, Codable {
        public enum Direction: String, Hashable, Sendable, Codable { case forward, back, side }
        public var foot: BodyPoint
        public var direction: Direction

        public init(foot: BodyPoint, direction: Direction) {
            self.foot = foot
            self.direction = direction
        }

        private enum CodingKeys: String, CodingKey { case foot, direction }

        public init(from decoder: any Decoder) throws {
            try StrictKeys.check(decoder, allowed: ["foot", "direction"])
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(foot: try c.decode(BodyPoint.self, forKey: .foot),
                      direction: try c.decode(Direction.self, forKey: .direction))
        }
    }

    /// Equipment, drawn simply at a body point.
    public struct Prop: Hashable, Sendable, Codable {
        public enum Kind: String, Hashable, Sendable, Codable {
            /// Held: a dumbbell, a kettlebell (its bell hangs beyond the hand), a barbell seen end-on (a plate).
            case dumbbell, kettlebell, barbell
            /// Supports under the point, standing on the floor: the figure is lifted onto them.
            case box, step, bench, ball
            /// A resistance band: a loop at the knees, otherwise a line from the point to an anchor post.
            case band
            /// A wall beside the point, for balance or a stretch.
            case wall
            /// A padded bar (or a partner's hands) holding the heels down, as in a Nordic curl.
            case anchor
            /// The foot plate of a leg-press machine.
            case sled
        }

        public var kind: Kind
        public var at: BodyPoint
        /// Metres ahead of (positive) or behind (negative) the point. A support set off to the side stands
        /// on the floor beside the figure (the box before a jump) and does not lift it.
        public var dx: Double?

        public init(_ kind: Kind, at: BodyPoint, dx: Double? = nil) {
            self.kind = kind
            self.at = at
            self.dx = dx
        }

        private enum CodingKeys: String, CodingKey { case kind, at, dx }

        public init(from decoder: any Decoder) throws {
            try StrictKeys.check(decoder, allowed: ["kind", "at", "dx"])
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(try c.decode(Kind.self, forKey: .kind), at: try c.decode(BodyPoint.self, forKey: .at),
                      dx: try c.decodeIfPresent(Double.self, forKey: .dx))
        }
    }

    public var view: View
    public var torso: Double
    public var head: Double
    public var frontThigh: Double
    public var frontShin: Double
    public var frontFoot: Double
    public var backThigh: Double
    public var backShin: Double
    public var backFoot: Double
    public var frontUpperArm: Double
    public var frontForearm: Double
    public var backUpperArm: Double
    public var backForearm: Double
    public var props: [Prop]
    /// Degrees of bend along the spine: positive rounds the back (cat), negative arches it (cow).
    public var spine: Double
    /// The leg doing the work in a one-legged move, drawn in the accent colour.
    public var working: Leg?
    /// The body points resting on the floor; empty in the air (a jump). Supports are given by `props`.
    public var floor: [BodyPoint]
    public var step: Step?
    /// A small second view beside the side view, for moves that go sideways, rotate, or where the knee must
    /// track over the foot.
    public var secondView: View?
    /// Seconds to hold the position still, drawn as a stopwatch; `nil` when the position is passed through.
    public var hold: Double?
    /// A joint that moves in circles in this position (an ankle circle), drawn as a round arrow about it.
    public var circles: BodyPoint?
    /// How far apart the feet are, in metres, for the front view of a side-view pose (a sumo stance is
    /// wide); `nil` is hip width.
    public var stance: Double?
    /// How far a segment points toward the viewer, out of the page, in degrees by segment name (`torso`,
    /// `frontThigh`, …): 0 lies in the page (every segment unless named), 90 points straight at the viewer.
    /// The segment is drawn `cos` of that long, so a front view can show a thigh reaching forward in a squat
    /// or arms pressed out toward the viewer.
    public var toward: [String: Double] = [:]
    /// Arrows the data declares (`Arrow`), drawn beside the body.
    public var arrows: [Arrow] = []
    /// How far the chest turns about the spine, in degrees, in a front view: the line of the shoulders
    /// turns that much on the page, positive lifting the front shoulder. With the torso reaching toward the
    /// viewer (a spiderman rotation seen from ahead) a turn of the chest is exactly that: the raised arm's
    /// shoulder stacked above the other.
    public var turn: Double = 0

    /// Unset angles follow the same rules as missing JSON keys: the head follows the torso, the back leg
    /// the front one, a forearm its upper arm, the back arm the front one.
    public init(view: View = .side, torso: Double = 180, head: Double? = nil,
                frontThigh: Double = 0, frontShin: Double = 0, frontFoot: Double = 90,
                backThigh: Double? = nil, backShin: Double? = nil, backFoot: Double? = nil,
                frontUpperArm: Double = 0, frontForearm: Double? = nil, backUpperArm: Double? = nil,
                backForearm: Double? = nil, props: [Prop] = [], spine: Double = 0, working: Leg? = nil,
                floor: [BodyPoint] = [.frontFoot, .backFoot], step: Step? = nil, secondView: View? = nil,
                hold: Double? = nil) {
        self.view = view
        self.torso = torso
        self.head = head ?? torso
        self.frontThigh = frontThigh
        self.frontShin = frontShin
        self.frontFoot = frontFoot
        self.backThigh = backThigh ?? frontThigh
        self.backShin = backShin ?? frontShin
        self.backFoot = backFoot ?? frontFoot
        self.frontUpperArm = frontUpperArm
        self.frontForearm = frontForearm ?? frontUpperArm
        self.backUpperArm = backUpperArm ?? frontUpperArm
        self.backForearm = backForearm ?? self.frontForearm
        self.props = props
        self.spine = spine
        self.working = working
        self.floor = floor
        self.step = step
        self.secondView = secondView
        self.hold = hold
    }

    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: Set(CodingKeys.allNames))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func angle(_ key: CodingKeys) throws -> Double? { try c.decodeIfPresent(Double.self, forKey: key) }
        self.init(view: try c.decodeIfPresent(View.self, forKey: .view) ?? .side,
                  torso: try angle(.torso) ?? 180, head: try angle(.head),
                  frontThigh: try angle(.frontThigh) ?? 0, frontShin: try angle(.frontShin) ?? 0,
                  frontFoot: try angle(.frontFoot) ?? 90,
                  backThigh: try angle(.backThigh), backShin: try angle(.backShin), backFoot: try angle(.backFoot),
                  frontUpperArm: try angle(.frontUpperArm) ?? 0, frontForearm: try angle(.frontForearm),
                  backUpperArm: try angle(.backUpperArm), backForearm: try angle(.backForearm),
                  props: try c.decodeIfPresent([Prop].self, forKey: .props) ?? [])
        // What the body rests on and how the movement is drawn, each with its default when missing.
        spine = try angle(.spine) ?? 0
        working = try c.decodeIfPresent(Leg.self, forKey: .working)
        if let floor = try c.decodeIfPresent([BodyPoint].self, forKey: .floor) { self.floor = floor }
        step = try c.decodeIfPresent(Step.self, forKey: .step)
        secondView = try c.decodeIfPresent(View.self, forKey: .secondView)
        hold = try c.decodeIfPresent(Double.self, forKey: .hold)
        circles = try c.decodeIfPresent(BodyPoint.self, forKey: .circles)
        stance = try c.decodeIfPresent(Double.self, forKey: .stance)
        toward = try c.decodeIfPresent([String: Double].self, forKey: .toward) ?? [:]
        if let unknown = toward.keys.sorted().first(where: { !Pose.segments.contains($0) }) {
            throw DecodingError.dataCorruptedError(forKey: .toward, in: c,
                debugDescription: "'\(unknown)' is not a segment (one of \(Pose.segments.sorted().joined(separator: ", ")))")
        }
        if let bad = toward.values.first(where: { !(0...90).contains($0) }) {
            throw DecodingError.dataCorruptedError(forKey: .toward, in: c,
                debugDescription: "\(bad) is not between 0 (in the page) and 90 (straight at the viewer)")
        }
        arrows = try c.decodeIfPresent([Arrow].self, forKey: .arrows) ?? []
        turn = try angle(.turn) ?? 0
    }

    /// The share of a segment's length seen on the page: `cos` of how far it points toward the viewer.
    public func seenLength(_ segment: String) -> Double {
        guard let degrees = toward[segment] else { return 1 }
        return cos(degrees * .pi / 180)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case view, torso, head, frontThigh, frontShin, frontFoot, backThigh, backShin, backFoot
        case frontUpperArm, frontForearm, backUpperArm, backForearm, props, spine, working, floor, step
        case secondView, hold, circles, stance, toward, arrows, turn

        static var allNames: [String] { allCases.map(\.rawValue) }
    }
}

/// Decoding that refuses keys it does not know, so a misspelt key in the library (`"frontShim"`) is an
/// error naming the place rather than a default silently drawn.
enum StrictKeys {
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func check(_ decoder: any Decoder, allowed: Set<String>) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = c.allKeys.map(\.stringValue).sorted().first(where: { !allowed.contains($0) }) {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath + [AnyKey(stringValue: unknown)],
                debugDescription: "unknown key '\(unknown)' (expected one of \(allowed.sorted().joined(separator: ", ")))"))
        }
    }
}

/// One position of a movement: where the body is at that moment, in words and as a pose.
public struct Position: Hashable, Sendable, Codable {
    /// `start`, `bottom`, `top`, `turn`, `finish`, …
    public var name: String
    public var text: String
    public var pose: Pose?
    /// The same moment seen from the front, drawn as an extra panel after the exercise's side panels: for a
    /// move that goes sideways or turns, or where the knee must track over the foot. Its `view` is `front`.
    public var front: Pose?

    public init(name: String, text: String, pose: Pose? = nil) {
        self.name = name
        self.text = text
        self.pose = pose
    }

    /// A position with its front view (whose `view` becomes `front`).
    public init(name: String, text: String, pose: Pose?, front: Pose?) {
        self.init(name: name, text: text, pose: pose)
        self.front = front.map { var p = $0; p.view = .front; return p }
    }

    private enum CodingKeys: String, CodingKey { case name, text, pose, front }

    public init(from decoder: any Decoder) throws {
        try StrictKeys.check(decoder, allowed: ["name", "text", "pose", "front"])
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let front = try c.decodeIfPresent(Pose.self, forKey: .front)
        if let front, front.view != .front, try c.nestedContainer(keyedBy: Pose.CodingKeys.self, forKey: .front)
            .contains(.view) {
            throw DecodingError.dataCorruptedError(forKey: .front, in: c,
                                                   debugDescription: "a front pose is seen from the front; leave out 'view'")
        }
        self.init(name: try c.decode(String.self, forKey: .name), text: try c.decode(String.self, forKey: .text),
                  pose: try c.decodeIfPresent(Pose.self, forKey: .pose), front: front)
    }
}

/// A common way to get the movement wrong, and the cue that fixes it.
public struct Mistake: Hashable, Sendable, Codable {
    public var fault: String
    public var fix: String

    public init(fault: String, fix: String) {
        self.fault = fault
        self.fix = fix
    }
}

/// What kind of work an exercise is, which decides where a session builder may use it.
public enum ExerciseRole: String, CaseIterable, Hashable, Sendable, Codable {
    case strength, power, stability, core, calves, warmup, mobility, activation, cooldown
}

/// The shape of a movement, which a session builder fills its slots with (a squat, a hinge, …).
public enum MovementPattern: String, CaseIterable, Hashable, Sendable, Codable {
    case squat, hinge, bridge, hamstring, calf, core, jump, carry
    case singleLeg = "single-leg"
    case antiRotation = "anti-rotation"
}

/// One movement in the library.
///
/// A class, immutable once made: every session that names an exercise shares the library's one copy
/// instead of copying its texts and positions (a year's plan names exercises thousands of times).
/// Equality is by value, as for a struct.
public final class Exercise: Hashable, Sendable, Codable, Identifiable {
    public let id: String
    public let name: String
    public let role: ExerciseRole
    /// The movement's shape; `nil` for warm-up, mobility and activation drills, which sessions pick by id.
    public let pattern: MovementPattern?
    public let muscles: [Muscle]
    /// Everything needed; empty or `[.none]` is bodyweight.
    public let equipment: [Equipment]
    public let level: ExperienceLevel
    public let easier: String?
    public let harder: String?
    public let positions: [Position]
    public let mistakes: [Mistake]
    public let cues: [String]
    /// Tempo where it matters, e.g. "3-4 s down, 1 s up".
    public let tempo: String?
    /// Which seed files name this exercise, for `docs/`.
    public let seeds: [String]

    public init(id: String, name: String, role: ExerciseRole, muscles: [Muscle], equipment: [Equipment],
                level: ExperienceLevel, easier: String? = nil, harder: String? = nil, positions: [Position],
                mistakes: [Mistake] = [], cues: [String] = [], tempo: String? = nil, seeds: [String] = [], pattern: MovementPattern? = nil) {
        self.id = id
        self.pattern = pattern
        self.name = name
        self.role = role
        self.muscles = muscles
        self.equipment = equipment
        self.level = level
        self.easier = easier
        self.harder = harder
        self.positions = positions
        self.mistakes = mistakes
        self.cues = cues
        self.tempo = tempo
        self.seeds = seeds
    }

    /// A one-legged version of a two-legged movement ("single-leg-glute-bridge"), dosed per side. The first
    /// byte is checked before the prefix: a plan asks this for every exercise it doses.
    var isSingleLegVariant: Bool { id.utf8.first == UInt8(ascii: "s") && id.hasPrefix("single-leg") }

    /// True when everything the exercise needs is in `available`.
    public func canBeDone(with available: Set<Equipment>) -> Bool {
        equipment.allSatisfy { $0 == .none || available.contains($0) }
    }

    public static func == (a: Exercise, b: Exercise) -> Bool {
        a === b || (a.id == b.id && a.name == b.name && a.role == b.role && a.pattern == b.pattern
            && a.muscles == b.muscles && a.equipment == b.equipment && a.level == b.level && a.easier == b.easier
            && a.harder == b.harder && a.positions == b.positions && a.mistakes == b.mistakes && a.cues == b.cues
            && a.tempo == b.tempo && a.seeds == b.seeds)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
    }
}

/// The exercises legday knows, by id.
public struct ExerciseLibrary: Sendable, Hashable {
    public let exercises: [Exercise]
    private let byID: [String: Int]
    /// The session builder's ladders as this library's exercises, found once when the library is made
    /// rather than once per plan.
    let rungs: Rungs
    /// The tables sessions are built from (`Resources/training`, beside the exercises).
    public let training: TrainingTables
    /// The dose table among them.
    public var doses: DoseTable { training.doses }
    /// Sessions plans with this library have built, for the next plan of the same kind of athlete.
    let sharedSessions = SharedSessions()

    public init(_ exercises: [Exercise], training: TrainingTables = .empty) {
        self.exercises = exercises
        self.training = training
        var index: [String: Int] = [:]
        for (i, exercise) in exercises.enumerated() where index[exercise.id] == nil { index[exercise.id] = i }
        self.byID = index
        rungs = Rungs(tables: training) { id in index[id].map { exercises[$0] } }
    }

    public subscript(id: String) -> Exercise? { byID[id].map { exercises[$0] } }

    /// Libraries are equal when their exercises and doses are; the rest is worked out from them.
    public static func == (a: ExerciseLibrary, b: ExerciseLibrary) -> Bool { a.exercises == b.exercises && a.training == b.training }

    public func hash(into hasher: inout Hasher) { hasher.combine(exercises) }
}
