/// Muscle groups, as the seeds name them.
public enum Muscle: String, CaseIterable, Hashable, Sendable, Codable {
    case quads, hamstrings, glutes, calves, adductors, core
    case hipFlexors = "hip-flexors"
    case lowerBack = "lower-back"
    case gluteMedius = "glute-medius"
    case ankles, feet, spine
}

/// A side-view stick figure: joint angles in degrees, so a renderer can draw any position.
///
/// Angles are measured from straight down (0) and grow counter-clockwise for a figure facing right:
/// a thigh at 90 points forward, a torso at 180 stands straight up. Each segment's angle is absolute,
/// not relative to its parent, so a pose reads like a description of the body ("shins tilted 20 degrees").
public struct Pose: Hashable, Sendable, Codable {
    public enum Anchor: String, Hashable, Sendable, Codable {
        /// Feet on the floor (standing, squatting, lunging).
        case feet
        /// Back or shoulders on the floor (bridges, dead bugs).
        case back
        /// Hands or forearms on the floor (planks), or hanging from the hands.
        case hands
    }

    public var anchor: Anchor
    public var torso: Double
    public var head: Double
    public var frontThigh: Double
    public var frontShin: Double
    public var backThigh: Double
    public var backShin: Double
    public var frontUpperArm: Double
    public var frontForearm: Double
    public var backUpperArm: Double
    public var backForearm: Double
    /// Equipment drawn in the figure's hands or under it.
    public var props: [Prop]

    public enum Prop: String, Hashable, Sendable, Codable {
        case dumbbells, dumbbellAtChest = "dumbbell-at-chest", barbellOnBack = "barbell-on-back"
        case barbellInHands = "barbell-in-hands", kettlebell, box, bench, step, ball, band, plate, legPress = "leg-press"
        case rearFootOnBench = "rear-foot-on-bench"
    }

    public init(anchor: Anchor = .feet, torso: Double = 180, head: Double = 180,
                frontThigh: Double = 0, frontShin: Double = 0, backThigh: Double = 0, backShin: Double = 0,
                frontUpperArm: Double = 0, frontForearm: Double = 0, backUpperArm: Double = 0,
                backForearm: Double = 0, props: [Prop] = []) {
        self.anchor = anchor
        self.torso = torso
        self.head = head
        self.frontThigh = frontThigh
        self.frontShin = frontShin
        self.backThigh = backThigh
        self.backShin = backShin
        self.frontUpperArm = frontUpperArm
        self.frontForearm = frontForearm
        self.backUpperArm = backUpperArm
        self.backForearm = backForearm
        self.props = props
    }
}

/// One position of a movement: where the body is at that moment, in words and as a pose.
public struct Position: Hashable, Sendable, Codable {
    /// `start`, `bottom`, `top`, `turn`, `finish`, …
    public var name: String
    public var text: String
    public var pose: Pose?

    public init(name: String, text: String, pose: Pose? = nil) {
        self.name = name
        self.text = text
        self.pose = pose
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

/// One movement in the library.
public struct Exercise: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var name: String
    public var role: ExerciseRole
    public var muscles: [Muscle]
    /// Everything needed; empty or `[.none]` is bodyweight.
    public var equipment: [Equipment]
    public var level: ExperienceLevel
    public var easier: String?
    public var harder: String?
    public var positions: [Position]
    public var mistakes: [Mistake]
    public var cues: [String]
    /// Tempo where it matters, e.g. "3-4 s down, 1 s up".
    public var tempo: String?
    /// Which seed files name this exercise, for `docs/`.
    public var seeds: [String]

    public init(id: String, name: String, role: ExerciseRole, muscles: [Muscle], equipment: [Equipment],
                level: ExperienceLevel, easier: String? = nil, harder: String? = nil, positions: [Position],
                mistakes: [Mistake] = [], cues: [String] = [], tempo: String? = nil, seeds: [String] = []) {
        self.id = id
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

    /// True when everything the exercise needs is in `available`.
    public func canBeDone(with available: Set<Equipment>) -> Bool {
        equipment.allSatisfy { $0 == .none || available.contains($0) }
    }
}

/// The exercises legday knows, by id.
public struct ExerciseLibrary: Sendable, Hashable {
    public let exercises: [Exercise]
    private let byID: [String: Int]

    public init(_ exercises: [Exercise]) {
        self.exercises = exercises
        var index: [String: Int] = [:]
        for (i, exercise) in exercises.enumerated() where index[exercise.id] == nil { index[exercise.id] = i }
        self.byID = index
    }

    public subscript(id: String) -> Exercise? { byID[id].map { exercises[$0] } }
}
