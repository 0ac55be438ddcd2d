import Synchronization

/// Picks a day's exercises from the library and says how much of each to do.
///
/// The planner decides the day (kind, phase, block, week in the block); this decides the session:
/// - the day kind: heavy and light lift days get leg work, recovery days the mobility routine (seed 004);
/// - the phase: base follows the block; race preparation shifts to power and stability; the taper keeps
///   one light session of mobility and activation (seed 004);
/// - the block: strength 4 x 6-8 at 70-85% 1RM (light days 3 x 8-10 at 60-70%, seed 003), hypertrophy
///   4 x 8-12 with hip thrusts 4 x 12-15, power with plyometrics (seed 004);
/// - experience: each movement has a ladder of variants, easiest first; a runner gets the hardest rung
///   their level and that day's equipment allow, so a beginner squats with a goblet squat and no one is
///   given a barbell on a day without one;
/// - the week in the block: load or reps go up week by week; a new block turns to other ladders.
///
/// Everything here is a pure function of its arguments.
public enum SessionBuilder {
    public static func session(for day: DayPlan, profile: AthleteProfile, library: ExerciseLibrary) -> Session? {
        var cache = SessionCache(profile: profile, library: library)
        return cache.session(for: Context.Day(day))
    }

    /// The pre-run activation circuit (seed 004) for days with a key run, whatever else the day holds.
    public static func activation(for day: DayPlan, profile: AthleteProfile, library: ExerciseLibrary) -> Session? {
        guard day.runs.contains(where: \.isKey) else { return nil }
        var cache = SessionCache(profile: profile, library: library)
        return cache.activation(for: Context.Day(day))
    }

    /// Every exercise id the library's training tables name, for the library's tests.
    public static func namedIDs(in library: ExerciseLibrary) -> Set<String> {
        let tables = library.training
        return Set(tables.ladders.values.joined().joined()).union(tables.routines.values.joined().map(\.id))
    }
}

/// The sessions of one plan. A lift session's exercises change only with the block, the phase and the gym,
/// its doses with the week of the block, and routines only with the gym, so a plan builds each session once
/// and every day that needs it shares the one value.
///
/// Selections and routines are kept in small arrays indexed by number, since a plan asks for them hundreds
/// of times. Lift sessions are kept in a dictionary, because a plan fills only a few dozen of the possible
/// keys and an array of every key cost more to make and free.
struct SessionCache {
    private let experience: ExperienceLevel
    private let rungs: Rungs
    private let doses: DoseTable
    /// The profile's gym days by weekday index, and the equipment at hand at home (0) and at the gym (1).
    private let gymDays: [Bool]
    private let equipment: [EquipmentMask]
    /// What this kind of athlete's sessions are made of so far; starts from what earlier plans with the
    /// same library built (`SharedSessions`), and is handed back by `publish()`.
    private var built: Built
    private let shared: SharedSessions
    private let sharedKey: SharedSessions.Key
    private var grew = false

    /// Everything a cache builds, by what it depends on: experience and equipment (the key of
    /// `SharedSessions`), then the day's selection key, week, kind and gym.
    struct Built: Sendable {
        var selections: [Selection?]
        /// Lift sessions by selection key and week of the block: the ladders come round again every
        /// `Rungs.cycle` blocks, so a year's plan meets many of its sessions twice.
        var liftSessions: [Int: Session?] = [:]
        /// Mobility (0) and taper (1) routines, away from (0) and at (1) the gym: index `2 * routine + gym`.
        var routines: [Session??] = Array(repeating: nil, count: 4)
        var activations: [Session??] = Array(repeating: nil, count: 2)
        var liftRoutines: [LiftRoutines?] = Array(repeating: nil, count: 2)
    }

    init(profile: AthleteProfile, library: ExerciseLibrary) {
        experience = profile.experience
        rungs = library.rungs
        doses = library.doses
        gymDays = Weekday.allCases.map { profile.gymDays.contains($0) }
        let home = EquipmentMask(profile.homeEquipment).adding(.none)
        equipment = [home, home.union(EquipmentMask(profile.gymEquipment))]
        shared = library.sharedSessions
        sharedKey = SharedSessions.Key(experience: experience, home: equipment[0], gym: equipment[1])
        built = shared.built(for: sharedKey)
            ?? Built(selections: Array(repeating: nil, count: Selection.Key.count(cycle: rungs.cycle)))
    }

    /// Hands what this cache built to the library's store, for the next plan of this kind of athlete.
    func publish() {
        if grew { shared.store(built, for: sharedKey) }
    }

    private func context(for day: Context.Day, gymDay: Bool) -> Context {
        Context(day: day, experience: experience, rungs: rungs, doses: doses, available: equipment[gymDay ? 1 : 0])
    }

    mutating func session(for day: Context.Day) -> Session? {
        guard day.kind.hasSession else { return nil }
        let gymDay = gymDays[day.date.weekdayIndex]
        if day.kind == .recovery || day.phase == .taper || day.block == .maintenance {
            let slot = (day.kind == .recovery ? 0 : 2) + (gymDay ? 1 : 0)
            if let known = built.routines[slot] { return known }
            let context = context(for: day, gymDay: gymDay)
            let made = day.kind == .recovery ? context.mobilityRoutine() : context.taperSession()
            built.routines[slot] = .some(made)
            grew = true
            return made
        }
        let key = Selection.Key(day: day, gymDay: gymDay, cycle: rungs.cycle).index(cycle: rungs.cycle)
        let sessionKey = key * 4 + day.week - 1
        if let known = built.liftSessions[sessionKey] { return known }
        let context = context(for: day, gymDay: gymDay)
        let selection = built.selections[key] ?? context.selection()
        built.selections[key] = selection
        let routines = built.liftRoutines[gymDay ? 1 : 0] ?? context.liftRoutines()
        built.liftRoutines[gymDay ? 1 : 0] = routines
        let made = context.liftSession(selection, routines: routines)
        built.liftSessions[sessionKey] = .some(made)
        grew = true
        return made
    }

    /// `SessionBuilder.activation` for a day with a key run; it depends only on the equipment at hand.
    mutating func activation(for day: Context.Day) -> Session? {
        let gymDay = gymDays[day.date.weekdayIndex]
        if let known = built.activations[gymDay ? 1 : 0] { return known }
        let made = context(for: day, gymDay: gymDay).activationCircuit()
        built.activations[gymDay ? 1 : 0] = .some(made)
        grew = true
        return made
    }
}

/// Every ladder's rungs and every routine's items as the library's exercises (nil where the library lacks
/// one), found once per library (`ExerciseLibrary.rungs`) so that building a session looks nothing up by name.
struct Rungs: Sendable {
    private let ladders: [[[Exercise?]]]
    private let routines: [[(item: RoutineItem, exercise: Exercise?)]]
    /// After this many blocks every ladder list is back where it started: the least common multiple of the
    /// lists' lengths (and 2: light strength days alternate squat and hinge).
    let cycle: Int

    init(tables: TrainingTables, lookup: (String) -> Exercise?) {
        let ids = Ladder.allCases.map { $0.ids(in: tables) }
        ladders = ids.map { $0.map { $0.map(lookup) } }
        routines = Routine.allCases.map { routine in (tables.routines[routine.name] ?? []).map { ($0, lookup($0.id)) } }
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        cycle = (ids.map(\.count) + [2]).filter { $0 > 0 }.reduce(1) { $0 / gcd($0, $1) * $1 }
    }

    /// The items of `routine`, in order, with their exercises.
    subscript(routine: Routine) -> [(item: RoutineItem, exercise: Exercise?)] { routines[routine.rawValue] }

    /// The variants of `ladder`, each easiest first.
    subscript(ladder: Ladder) -> [[Exercise?]] { ladders[ladder.rawValue] }
}

/// Sessions already built, by kind of athlete, shared by every plan made with one library. A session
/// depends only on the library, the athlete's experience and equipment, and the day's selection key,
/// week, kind and gym (`SessionCache`), so a service planning many runners builds each once; a plan that
/// finds nothing here builds what it needs and hands it back. Two plans building at once both build the
/// same sessions; either's copy is right. Kept in the library, whose lifetime it shares, behind a lock.
final class SharedSessions: Sendable {
    struct Key: Hashable, Sendable {
        var experience: ExperienceLevel
        var home: EquipmentMask
        var gym: EquipmentMask
    }

    private let store = Mutex<[Key: SessionCache.Built]>([:])

    func built(for key: Key) -> SessionCache.Built? { store.withLock { $0[key] } }

    func store(_ built: SessionCache.Built, for key: Key) { store.withLock { $0[key] = built } }
}

/// The warm-up and cool-down of a lift day (seeds 002 and 004): they change only with the equipment at hand.
struct LiftRoutines: Sendable {
    var warmup: [Prescription]
    var cooldown: [Prescription]
    var seconds: Int
}

/// The exercises of a lift session before their doses.
struct Selection: Sendable {
    var main: [(exercise: Exercise, kind: SlotKind)]

    /// Everything `Context.selection()` depends on (the profile and library are one plan's own).
    struct Key {
        var heavy: Bool
        var phase: Phase
        var block: TrainingBlock
        /// Where the ladders stand: they turn with the block number, and the pattern repeats every
        /// `Rungs.cycle` blocks.
        var turn: Int
        var gymDay: Bool

        init(day: Context.Day, gymDay: Bool, cycle: Int) {
            heavy = day.kind == .heavyLift
            phase = day.phase
            block = day.block
            turn = (day.blockNumber % cycle + cycle) % cycle
            self.gymDay = gymDay
        }

        /// How many keys there are, and each key's own number below it: `SessionCache` keeps an array.
        static func count(cycle: Int) -> Int { 2 * 3 * 4 * cycle * 2 }

        func index(cycle: Int) -> Int {
            let phaseNumber = switch phase { case .base: 0; case .racePrep: 1; case .taper: 2 }
            let blockNumber = switch block { case .strength: 0; case .hypertrophy: 1; case .power: 2; case .maintenance: 3 }
            return (((phaseNumber * 4 + blockNumber) * cycle + turn) * 2 + (heavy ? 1 : 0)) * 2 + (gymDay ? 1 : 0)
        }
    }
}

/// A set of equipment as bits: a plan asks "is this at hand?" thousands of times, and a `Set` hashes each time.
struct EquipmentMask: Hashable, Sendable {
    private var bits: UInt16 = 0

    init(_ equipment: Set<Equipment>) {
        for item in equipment { bits |= Self.bit(item) }
    }

    func contains(_ item: Equipment) -> Bool { bits & Self.bit(item) != 0 }

    func adding(_ item: Equipment) -> EquipmentMask {
        var mask = self
        mask.bits |= Self.bit(item)
        return mask
    }

    func union(_ other: EquipmentMask) -> EquipmentMask {
        var mask = self
        mask.bits |= other.bits
        return mask
    }

    /// `Exercise.canBeDone(with:)` for this set.
    func allows(_ exercise: Exercise) -> Bool {
        exercise.equipment.allSatisfy { $0 == .none || contains($0) }
    }

    private static func bit(_ item: Equipment) -> UInt16 {
        switch item {
        case .none: 1 << 0
        case .dumbbell: 1 << 1
        case .kettlebell: 1 << 2
        case .barbell: 1 << 3
        case .bench: 1 << 4
        case .box: 1 << 5
        case .step: 1 << 6
        case .band: 1 << 7
        case .mat: 1 << 8
        case .stabilityBall: 1 << 9
        case .legPress: 1 << 10
        case .plate: 1 << 11
        case .wall: 1 << 12
        case .rack: 1 << 13
        }
    }
}

/// A prescription with the seconds it takes, so a session can estimate its length.
struct Planned {
    // Constant fields, like `Prescription`'s: a session moves each into its list without a copy.
    let prescription: Prescription
    /// Work plus rest for all sets.
    let seconds: Int

    static func minutes(_ items: [Planned]) -> Int {
        minutes(seconds: items.reduce(0) { $0 + $1.seconds })
    }

    static func minutes(seconds: Int) -> Int {
        max(1, Int((Double(seconds) / 60).rounded()))
    }
}

/// The fixed routines by name (`routines.json`), so a library can look their exercises up once (`Rungs`).
enum Routine: Int, CaseIterable {
    case warmup, cooldown, mobility, activation, taper

    /// The routine's key in `routines.json`.
    var name: String { TrainingTables.routineNames[rawValue] }
}

/// A slot's list of ladders by name (`ladders.json`): variants of each movement, easiest first. A session
/// fills a slot from one ladder; which ladder turns with each new block, so consecutive blocks differ.
enum Ladder: Int, CaseIterable {
    case squat, hinge, singleLeg, bridge, hamstring, calf, core, antiRotation, carry, jump
    /// Power days load either a squat or a hinge.
    case squatOrHinge

    func ids(in tables: TrainingTables) -> [[String]] {
        switch self {
        case .squatOrHinge: (tables.ladders["squat"] ?? []) + (tables.ladders["hinge"] ?? [])
        default: tables.ladders[TrainingTables.ladderNames[rawValue]] ?? []
        }
    }
}

/// What a slot is for, which decides its dose.
enum SlotKind: String, CaseIterable {
    /// Heavy compound lifts: squats and deadlifts.
    case main
    /// Single-leg and hamstring work.
    case accessory
    /// Hip thrusts and bridges (their own rep range in hypertrophy blocks).
    case bridge
    case calf, core, antiRotation, carry, jump

    /// The slot's place in `TrainingTables.slotNames`, the dose table's index.
    var index: Int {
        switch self {
        case .main: 0
        case .accessory: 1
        case .bridge: 2
        case .calf: 3
        case .core: 4
        case .antiRotation: 5
        case .carry: 6
        case .jump: 7
        }
    }
}

/// One day's choices, with the helpers that turn ladders and routines into prescriptions.
struct Context {
    /// The parts of a day a session depends on: copying the whole `DayPlan`, runs and reasons included,
    /// into every context cost more than building the session.
    struct Day {
        var date: LocalDate
        var kind: DayKind
        var phase: Phase
        var block: TrainingBlock
        var blockWeek: Int

        init(date: LocalDate, kind: DayKind, phase: Phase, block: TrainingBlock, blockWeek: Int) {
            self.date = date
            self.kind = kind
            self.phase = phase
            self.block = block
            self.blockWeek = blockWeek
        }

        init(_ day: DayPlan) {
            self.init(date: day.date, kind: day.kind, phase: day.phase, block: day.block, blockWeek: day.blockWeek)
        }

        /// Turns the ladders from one block to the next: the number of four-week spans from the epoch to the
        /// Monday the block began. Blocks last four to six weeks (seed 004): counting four-week spans makes
        /// consecutive blocks differ.
        var blockNumber: Int {
            let blockStart = date.startOfWeek.daysSinceEpoch / 7 - (max(blockWeek, 1) - 1)
            return blockStart >= 0 ? blockStart / 4 : (blockStart - 3) / 4
        }

        /// The week within the block, 1 to 4 (later weeks hold at week 4's dose).
        var week: Int { min(max(blockWeek, 1), 4) }
    }

    let day: Day
    let experience: ExperienceLevel
    let rungs: Rungs
    let doses: DoseTable
    let available: EquipmentMask
    /// `Day.blockNumber` and `Day.week`, worked out once.
    let blockNumber: Int
    let week: Int

    init(day: Day, experience: ExperienceLevel, rungs: Rungs, doses: DoseTable, available: EquipmentMask) {
        self.day = day
        self.experience = experience
        self.rungs = rungs
        self.doses = doses
        self.available = available
        blockNumber = day.blockNumber
        week = day.week
    }

    var heavy: Bool { day.kind == .heavyLift }
    var beginner: Bool { experience == .beginner }

    /// The hardest rung of the block's ladder that this runner's level and today's equipment allow.
    func pick(_ ladder: Ladder, turn: Int = 0) -> Exercise? {
        let ladders = rungs[ladder]
        guard !ladders.isEmpty else { return nil }
        let rungs = ladders[((blockNumber + turn) % ladders.count + ladders.count) % ladders.count]
        for case let exercise? in rungs.reversed() where exercise.level <= experience && available.allows(exercise) {
            return exercise
        }
        return nil
    }

    /// A routine's items that today's equipment allows, as the routine gives them.
    func fixed(_ routine: Routine) -> [Planned] {
        var planned: [Planned] = []
        for (item, exercise) in rungs[routine] {
            guard let exercise, available.allows(exercise) else { continue }
            planned.append(Planned(prescription: Prescription(exercise: exercise, sets: item.sets, reps: item.reps),
                                   seconds: item.sets * item.workSeconds))
        }
        return planned
    }

    // MARK: Sessions

    func mobilityRoutine() -> Session? {
        let items = fixed(.mobility)
        guard !items.isEmpty else { return nil }
        return Session(name: "Mobility routine", exercises: items.map(\.prescription),
                       estimatedMinutes: Planned.minutes(items))
    }

    func activationCircuit() -> Session? {
        let items = fixed(.activation)
        guard !items.isEmpty else { return nil }
        return Session(name: "Pre-run activation", exercises: items.map(\.prescription),
                       estimatedMinutes: Planned.minutes(items))
    }

    func taperSession() -> Session? {
        let main = fixed(.taper)
        let mobility = fixed(.mobility)
        guard !(main + mobility).isEmpty else { return nil }
        return Session(name: "Taper: light strength, mobility and activation", exercises: main.map(\.prescription),
                       cooldown: mobility.map(\.prescription), estimatedMinutes: Planned.minutes(main + mobility))
    }

    /// The day's exercises, one per slot.
    func selection() -> Selection {
        var main: [(exercise: Exercise, kind: SlotKind)] = []
        for slot in slotsForDay() {
            // A slot that lands on an exercise already in the session turns to its next ladder. Rungs are
            // the library's one object per id, so the same exercise is the same object.
            var pickedExercise: Exercise?
            for turn in 0..<3 {
                if let e = pick(slot.ladder, turn: turn), !main.contains(where: { $0.exercise === e }) {
                    pickedExercise = e
                    break
                }
            }
            guard let exercise = pickedExercise else { continue }
            main.append((exercise, slot.kind))
        }
        return Selection(main: main)
    }

    func liftRoutines() -> LiftRoutines {
        let warmup = fixed(.warmup)
        let cooldown = fixed(.cooldown)
        return LiftRoutines(warmup: warmup.map(\.prescription), cooldown: cooldown.map(\.prescription),
                            seconds: (warmup + cooldown).reduce(0) { $0 + $1.seconds })
    }

    func liftSession(_ selection: Selection, routines: LiftRoutines) -> Session? {
        guard !selection.main.isEmpty else { return nil }
        var seconds = routines.seconds
        var exercises: [Prescription] = []
        var warmup = routines.warmup
        exercises.reserveCapacity(selection.main.count)
        for (exercise, kind) in selection.main {
            // Two separate values rather than a `Planned`: the prescription moves into the list uncopied.
            let (prescription, time) = doseParts(exercise, as: kind)
            seconds += time
            exercises.append(prescription)
            // A heavy main lift is worked up to, not started cold: two lighter sets first.
            if heavy && kind == .main && !exercise.isBodyweight {
                // One allocation for the warm-up and its ramp-up sets (a squat and a hinge at most).
                if warmup.count == routines.warmup.count { warmup.reserveCapacity(warmup.count + 2) }
                warmup.append(Prescription(exercise: exercise, sets: 2, reps: "5 then 3",
                                           load: "ramp-up sets at about 50%, then 75% of the working weight", restSeconds: 60))
                seconds += Self.rampUpSeconds
            }
        }
        return Session(name: sessionName, warmup: warmup, exercises: exercises, cooldown: routines.cooldown,
                       estimatedMinutes: Planned.minutes(seconds: seconds))
    }

    /// Two ramp-up sets of 5 and 3 reps with a minute between them.
    static let rampUpSeconds = 5 * 4 + 60 + 3 * 4 + 30

    /// The session's name follows the block, as its exercises do, so the two always agree.
    var sessionName: String {
        switch (day.block, heavy) {
        case (.power, true): "Power and stability"
        case (.power, false): "Stability and single-leg strength"
        case (.hypertrophy, true): "Glutes and hamstrings, with a loaded squat or hinge"
        case (.hypertrophy, false), (.maintenance, _): "Glutes and single-leg work"
        case (.strength, true): "Lower-body strength (heavy)"
        case (.strength, false): "Lower-body strength (light)"
        }
    }

    /// The slots of the day, by block. Each list is sized for about 30 minutes of leg work (seed 003).
    /// A heavy day always opens with a loaded squat or hinge; a light day holds no plyometrics.
    func slotsForDay() -> [(kind: SlotKind, ladder: Ladder)] {
        let squatOrHinge: Ladder = blockNumber % 2 == 0 ? .squat : .hinge
        switch (day.block, heavy) {
        // Heavy days leave calves to the light days: two worked-up main lifts fill the half hour.
        case (.strength, true):
            return [(.main, .squat), (.main, .hinge), (.accessory, .singleLeg), (.core, .core)]
        case (.strength, false):
            return [(.main, squatOrHinge), (.accessory, .singleLeg),
                    (.bridge, .bridge), (.calf, .calf), (.core, .core)]
        case (.hypertrophy, true):
            return [(.main, squatOrHinge), (.bridge, .bridge), (.accessory, .singleLeg), (.core, .core)]
        case (.hypertrophy, false), (.maintenance, _):
            return [(.bridge, .bridge), (.accessory, .singleLeg), (.antiRotation, .antiRotation),
                    (.core, .core)]
        // Race preparation's power blocks shift toward power and stability (seed 004); the jumps stay on
        // the heavy day.
        case (.power, true):
            return [(.jump, .jump), (.main, .squatOrHinge), (.accessory, .singleLeg),
                    (.antiRotation, .antiRotation), (.core, .core)]
        case (.power, false):
            return [(.accessory, .singleLeg), (.antiRotation, .antiRotation), (.carry, .carry),
                    (.calf, .calf), (.core, .core)]
        }
    }

    // MARK: Doses

    /// Sets, reps, load, rest and tempo for one exercise in one slot, from the library's dose table
    /// (`doses.json`), rising with the week of the block. Loads given as %1RM carry the RPE the table's
    /// %1RM ↔ reps rows give them; beginners, who do not know their one-rep maximum, get only that RPE.
    func dose(_ exercise: Exercise, as kind: SlotKind) -> Planned {
        let (prescription, seconds) = doseParts(exercise, as: kind)
        return Planned(prescription: prescription, seconds: seconds)
    }

    /// `dose`, as the prescription and its seconds of work and rest.
    @inline(__always)
    func doseParts(_ exercise: Exercise, as kind: SlotKind) -> (Prescription, Int) {
        guard let words = doses.words(slot: kind.index, exercise: exercise.id, block: day.block, heavy: heavy, week: week) else {
            return (Prescription(exercise: exercise, sets: 1, reps: "8", load: "bodyweight"), 90)
        }
        let oneSided = exercise.pattern == .singleLeg || exercise.isSingleLegVariant
        let work = oneSided ? words.secondsPerSide : words.seconds
        return (Prescription(exercise: exercise, sets: words.sets, reps: oneSided ? words.repsPerSide : words.reps,
                             load: load(words, for: exercise), restSeconds: words.rest, tempo: words.tempo),
                words.sets * work + (words.sets - 1) * words.rest + 60)
    }

    /// The load in words, consistent with the dose's numbers (the words are the table's, made once).
    private func load(_ words: DoseTable.Words, for exercise: Exercise) -> String {
        if let fixed = words.fixedLoad { return fixed }
        if let percent = words.percentLoad, !beginner { return percent }
        if exercise.isBodyweight {
            let canAddWeight = (exercise.pattern == .squat || exercise.pattern == .singleLeg || exercise.pattern == .bridge)
                && (available.contains(.dumbbell) || available.contains(.barbell))
            guard canAddWeight && !beginner else { return "bodyweight" }
            // Bodyweight first, then load (seed 004: progress from bodyweight once it is easy).
            return exercise.pattern == .bridge ? words.weightAcrossHips : words.weightInHands
        }
        return words.effortLoad
    }
}

extension Exercise {
    /// Done without added load: mats, benches, boxes and walls only hold the body.
    var isBodyweight: Bool {
        equipment.allSatisfy { $0 == .none || $0 == .mat || $0 == .bench || $0 == .box || $0 == .step || $0 == .wall
            || $0 == .stabilityBall }
    }
}
