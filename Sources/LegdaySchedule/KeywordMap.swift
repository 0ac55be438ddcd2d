import LegdayCore

/// The words that say what kind of session a calendar title describes: the one vocabulary legday reads
/// schedules with, in English, German, French, Spanish, Norwegian and Chinese, plus Daniels' codes.
///
/// Phrases are lower-case words separated by single spaces ("long run", "marathon pace"). Where several
/// phrases match one title, the longest phrase wins over the words inside it ("marathon pace" is a tempo
/// run, not a marathon), and among the rest the type earliest in `KeywordMap.priority` wins: "Long run with
/// 4 miles at tempo" is a long run, "6x800 with 400 m recovery" is an interval session.
/// Chinese has no spaces between words: a phrase in Chinese characters is found anywhere inside a word.
public struct KeywordMap: Hashable, Sendable {
    /// Phrase → the run type it names.
    public var runTypes: [String: RunType]
    /// Phrases that name a strength, gym or core session.
    public var strength: Set<String>
    /// Phrases that are not a run type but still say what an entry is (see `KeywordSignal`).
    public var signals: [String: KeywordSignal]

    public init(runTypes: [String: RunType], strength: Set<String>, signals: [String: KeywordSignal] = [:]) {
        self.runTypes = runTypes
        self.strength = strength
        self.signals = signals
    }

    /// Which type wins when one title names several.
    public static let priority: [RunType] = [
        .race, .long, .intervals, .threshold, .tempo, .hills, .fartlek, .cross, .recovery, .easy, .rest,
    ]

    /// Adds or replaces one phrase (config's `[schedule.keywords]`). "strength" as the value marks the phrase
    /// as a strength session instead of a run.
    public mutating func set(_ phrase: String, to type: RunType) {
        let key = KeywordMap.normalised(phrase)
        strength.remove(key)
        signals[key] = nil
        runTypes[key] = type
    }

    public mutating func setStrength(_ phrase: String) {
        let key = KeywordMap.normalised(phrase)
        runTypes[key] = nil
        signals[key] = nil
        strength.insert(key)
    }

    /// A copy with `overrides` laid over this map; a value of "strength" makes the phrase a strength session.
    /// Unknown type names are returned so the caller can report them where they were written.
    public func extended(with overrides: [String: String]) -> (map: KeywordMap, unknown: [String]) {
        var map = self
        var unknown: [String] = []
        for (phrase, value) in overrides.sorted(by: { $0.key < $1.key }) {
            let name = value.lowercased()
            if name == "strength" {
                map.setStrength(phrase)
            } else if let type = RunType(rawValue: name) {
                map.set(phrase, to: type)
            } else {
                unknown.append(phrase)
            }
        }
        return (map, unknown)
    }

    /// The same tokens the matcher splits titles into, joined by single spaces.
    static func normalised(_ phrase: String) -> String {
        TextTokens(phrase).words.joined(separator: " ")
    }

    /// The first words of phrases of more than one word.
    var phraseStarts: Set<String> {
        Set((Array(runTypes.keys) + Array(strength) + Array(signals.keys)).compactMap { phrase in
            let words = phrase.split(separator: " ")
            return words.count > 1 ? String(words[0]) : nil
        })
    }

    /// The longest phrase in words; the matcher tries no longer runs of words than this.
    var longestPhrase: Int {
        (Array(runTypes.keys) + Array(strength) + Array(signals.keys)).map { $0.split(separator: " ").count }
            .max() ?? 1
    }

    /// Phrases written in Chinese characters, longest first: they are looked for inside words.
    var chinesePhrases: [String] {
        (Array(runTypes.keys) + Array(strength) + Array(signals.keys))
            .filter { $0.unicodeScalars.contains(where: TextTokens.isChinese) }
            .sorted { $0.count > $1.count }
    }

    public static let `default` = KeywordMap(runTypes: defaultRunTypes, strength: defaultStrength,
                                             signals: defaultSignals)

    private static let defaultRunTypes: [String: RunType] = [
        // Races: only where the title says so. A distance's name alone ("Marathon") is a `raceName` signal.
        "race": .race, "races": .race, "race day": .race, "time trial": .race,
        "🏁": .race, "wettkampf": .race, "compétition": .race, "competición": .race, "konkurranse": .race,
        "比赛": .race,
        // The long run.
        "long": .long, "long run": .long, "lsd": .long, "langer lauf": .long, "langer": .long,
        "sortie longue": .long, "tirada larga": .long, "rodaje largo": .long, "langtur": .long,
        "长跑": .long, "长距离": .long,
        // Back-to-back long runs on consecutive days (ultra plans): each is a long run.
        "b2b": .long, "back to back": .long,
        // Intervals and their many names ("6x800" is recognised by shape, not by this map).
        "interval": .intervals, "intervals": .intervals, "repeats": .intervals, "reps": .intervals,
        "speed": .intervals, "speedwork": .intervals, "speed work": .intervals, "track": .intervals,
        "vo2": .intervals, "vo2max": .intervals, "vo2 max": .intervals, "yasso": .intervals,
        "yassos": .intervals, "ladder": .intervals, "pyramid": .intervals, "intervall": .intervals,
        "intervalle": .intervals, "intervaller": .intervals, "intervalltraining": .intervals, "intervalles": .intervals, "fractionné": .intervals, "fractionne": .intervals,
        "series": .intervals, "intervalos": .intervals, "间歇": .intervals, "间歇跑": .intervals,
        // Threshold and tempo.
        "threshold": .threshold, "lactate threshold": .threshold, "lt": .threshold, "cruise": .threshold,
        "sub threshold": .threshold, "long reps": .threshold, "schwelle": .threshold,
        "schwellenlauf": .threshold, "schwellentraining": .threshold, "cruise intervals": .threshold,
        "threshold intervals": .threshold, "seuil": .threshold, "umbral": .threshold, "terskel": .threshold,
        "阈值跑": .threshold, "乳酸阈": .threshold,
        "tempo": .tempo, "marathon pace": .tempo, "half marathon pace": .tempo, "race pace": .tempo,
        "goal pace": .tempo, "mp": .tempo, "hmp": .tempo, "steady state": .tempo,
        // "Tempo intervals", "MP intervals": the pace names the session, not the word "intervals".
        // "6 mi pace": a distance run at (marathon) pace.
        "mi pace": .tempo, "mile pace": .tempo, "miles pace": .tempo, "km pace": .tempo,
        "tempo intervals": .tempo, "mp intervals": .tempo, "marathon pace intervals": .tempo, "ga2": .tempo,
        // "Stamina": a sustained effort between marathon pace and threshold.
        "stamina": .tempo, "stamina run": .tempo,
        "tempolauf": .tempo, "tempotraining": .tempo, "allure marathon": .tempo, "allure spécifique": .tempo, "ritmo": .tempo,
        "ritmo maratón": .tempo, "节奏跑": .tempo, "马拉松配速": .tempo,
        // Hills and fartlek.
        "hill": .hills, "hills": .hills, "hilly": .hills, "hill repeats": .hills, "hill sprints": .hills,
        "bergläufe": .hills, "berglauf": .hills, "côtes": .hills, "cuestas": .hills, "bakker": .hills,
        "bakkeløp": .hills, "坡道": .hills, "爬坡": .hills,
        // Climbs and treadmill incline work ("treadhill") are hill sessions; a hill word before "intervals"
        // names the session, as a pace does ("Tempo intervals").
        "climb": .hills, "climbs": .hills, "hill climb": .hills, "incline": .hills, "treadhill": .hills,
        "hill intervals": .hills, "treadhill intervals": .hills, "incline intervals": .hills,
        "fartlek": .fartlek, "fahrtspiel": .fartlek,
        // Cross-training: bike, swim, yoga, mobility. Walks and hikes are `walk` signals.
        "cross": .cross, "cross train": .cross, "cross training": .cross, "xt": .cross, "bike": .cross,
        "cycle": .cross, "cycling": .cross, "bicycling": .cross, "biking": .cross, "spin": .cross,
        "swim": .cross, "swimming": .cross, "elliptical": .cross, "rowing": .cross, "aqua jog": .cross,
        "yoga": .cross, "mobility": .cross, "stretching": .cross, "stretch": .cross, "foam roll": .cross,
        "ski": .cross, "skiing": .cross, "stairmaster": .cross, "stair master": .cross,
        "stair climber": .cross, "stairclimber": .cross, "stair climb": .cross, "🚴": .cross, "🏊": .cross, "🧘": .cross,
        "rad": .cross, "radfahren": .cross, "schwimmen": .cross, "dehnen": .cross, "mobilität": .cross,
        "vélo": .cross, "natation": .cross, "étirements": .cross, "mobilité": .cross, "bici": .cross, "bicicleta": .cross,
        "ciclismo": .cross, "natación": .cross, "estiramientos": .cross, "sykkel": .cross,
        "sykling": .cross, "svømming": .cross, "tøying": .cross, "骑行": .cross, "自行车": .cross,
        "游泳": .cross, "瑜伽": .cross, "拉伸": .cross,
        // Easy running, and Daniels' paces (single capitals, see `TextReading`).
        "recovery": .recovery, "recovery run": .recovery, "shakeout": .recovery, "shake out": .recovery,
        "regeneration": .recovery, "regenerationslauf": .recovery, "récupération": .recovery,
        "recuperación": .recovery, "restitusjon": .recovery, "恢复跑": .recovery,
        "easy": .easy, "easy run": .easy, "strides": .easy, "jog": .easy, "jogging": .easy,
        "aerobic": .easy, "general aerobic": .easy, "base": .easy, "steady": .easy, "z1": .easy, "z2": .easy,
        "c25k": .easy, "couch to 5k": .easy, "brick": .easy, "dauerlauf": .easy, "locker": .easy, "ga1": .easy,
        // A progression run starts easy and ends steady; a medium-long run is an easy run of some length.
        "progression": .easy, "progression run": .easy, "medium long": .easy, "medium long run": .easy,
        "lockerer lauf": .easy, "footing": .easy, "endurance fondamentale": .easy, "rodaje": .easy,
        "trote": .easy, "rolig": .easy, "rolig tur": .easy, "jogg": .easy, "慢跑": .easy, "轻松跑": .easy,
        "z3": .tempo, "z4": .threshold, "z5": .intervals,
        // Nothing planned.
        "rest": .rest, "rest day": .rest, "off": .rest, "day off": .rest, "😴": .rest, "ruhetag": .rest,
        "ruhe": .rest, "repos": .rest, "descanso": .rest, "hvile": .rest, "hviledag": .rest,
        "fridag": .rest, "休息": .rest, "完全休息": .rest,
    ]

    private static let defaultStrength: Set<String> = [
        "strength", "strength workout", "strength training", "gym", "core", "weights", "weight training",
        "lifting", "lift", "squat", "squats", "deadlift", "deadlifts", "pilates", "lower body", "upper body",
        "circuit", "circuits", "plyometrics", "plyo", "bodyweight", "myrtl", "pushups", "push ups",
        "situps", "sit ups", "lunges", "plank", "planks", "full body", "💪", "kraft", "krafttraining",
        "rumpf", "musculation", "renforcement", "renfo", "gainage", "fuerza", "gimnasio", "styrke",
        "styrketrening", "力量", "力量训练", "核心",
        // Rehabilitation exercises: clamshells, band walks, step-downs.
        "physio", "physiotherapy", "rehab", "prehab",
    ]

    private static let defaultSignals: [String: KeywordSignal] = [
        // A run with nothing said about its kind: an easy run unless the rest of the entry says more.
        "run": .run, "running": .run, "runs": .run, "🏃": .run, "lauf": .run, "laufen": .run,
        "course": .run, "course à pied": .run, "carrera": .run, "correr": .run, "løp": .run,
        "løping": .run, "løpetur": .run, "跑步": .run, "跑": .run, "lss": .run,
        "lauftraining": .run,
        // Walks and hikes are cross-training, unless the entry is a run with walking breaks.
        "walk": .walk, "walking": .walk, "brisk walk": .walk, "incline walk": .walk, "incline walking": .walk, "hike": .walk, "hiking": .walk,
        "wandern": .walk, "gehen": .walk, "marche": .walk, "randonnée": .walk, "caminar": .walk,
        "caminata": .walk, "senderismo": .walk, "gå": .walk, "gåtur": .walk, "fottur": .walk,
        "快走": .walk, "步行": .walk, "徒步": .walk, "走路": .walk,
        // Race distances by name: a race only where nothing else is said (see `EntryReading`).
        "marathon": .raceName(42.195), "parkrun": .raceName(5), "half marathon": .raceName(21.0975), "halbmarathon": .raceName(21.0975),
        "semi marathon": .raceName(21.0975), "maratón": .raceName(42.195),
        "media maratón": .raceName(21.0975), "maraton": .raceName(42.195), "halvmaraton": .raceName(21.0975),
        "马拉松": .raceName(42.195), "半马": .raceName(21.0975), "半程马拉松": .raceName(21.0975),
        "全马": .raceName(42.195),
        // Things to do that are not sessions.
        "register": .note, "registration": .note, "sign up": .note, "anmeldung": .note,
        "inscription": .note, "inscripción": .note, "påmelding": .note, "报名": .note,
        "membership": .note, "settings": .note, "set goal": .note, "training plan": .note, "garmin": .note, "reminder": .note, "deadline": .note,
        "pick up": .note, "packet pickup": .note, "bib": .note, "expo": .note, "✈": .note, "⚙": .note,
        "📌": .note,
        // Things done for the race that are not the race: kit, gear, carbohydrate loading.
        "race kit": .note, "race gear": .note, "race bag": .note, "race outfit": .note, "kit check": .note,
        "gear check": .note, "race briefing": .note, "carb load": .note, "carb loading": .note,
        "carbo load": .note, "carbo loading": .note,
        // A session saying there is no run: "No run today" is a day off running.
        "no run": .noRun, "no running": .noRun, "no runs": .noRun, "not running": .noRun, "kein lauf": .noRun,
        "kein laufen": .noRun, "pas de course": .noRun, "sin correr": .noRun, "ingen løping": .noRun,
        "不跑步": .noRun,
        // Words of week summaries and phases: a note when nothing else is said.
        "week": .summary, "weekly": .summary, "mileage": .summary, "volume": .summary, "phase": .summary,
        "block": .summary, "race week": .summary, "pre race": .summary, "race simulation": .summary, "build": .summary, "flight": .summary, "travel": .summary,
        "hotel": .summary, "buy": .summary, "taper": .summary, "woche": .summary,
        "semaine": .summary, "semana": .summary, "uke": .summary, "周": .summary, "第": .summary,
        // "Optional XT" is dropped when the entry holds something else; "Strength or Rest" is one thing.
        "warm up": .part, "warmup": .part, "cool down": .part, "cooldown": .part, "easy warm up": .part,
        "easy warmup": .part, "easy cool down": .part, "easy cooldown": .part, "warm up jog": .part,
        "cool down jog": .part,
        // A training run that rehearses the race ("24 km (race rehearsal)") is no race.
        "race rehearsal": .part, "dress rehearsal": .part, "race nutrition": .part, "race fueling": .part,
        "optional": .optional, "optionally": .optional, "fakultativ": .optional, "optionnel": .optional,
        "opcional": .optional, "valgfri": .optional, "可选": .optional,
        "or": .alternative, "oder": .alternative, "ou": .alternative, "o": .alternative,
        "eller": .alternative, "或": .alternative, "或者": .alternative,
    ]
}

/// What a phrase that is not a run type says about an entry.
public enum KeywordSignal: Hashable, Sendable {
    /// A run, kind unsaid ("Run", "Lauf", "跑步").
    case run
    /// A walk or hike: cross-training when the entry holds no run.
    case walk
    /// A race distance's name and its kilometres ("half marathon").
    case raceName(Double)
    /// An errand or milestone, never a session ("register", "✈", "⚙").
    case note
    /// The entry says there is no run ("No run today"): a day off running, never a run of its time.
    case noRun
    /// A word of week summaries and phases ("Week 3", "weekly mileage"): a note only when nothing else is said.
    case summary
    /// What follows in the same clause is optional.
    case optional
    /// "or": alternatives, of which the entry is the first.
    case alternative
    /// A part of a session that says nothing of the session's kind ("easy warm-up", "cool down").
    case part
}
