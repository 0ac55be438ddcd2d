import LegdayCore

/// The words that say what kind of session a calendar title describes.
///
/// Phrases are lower-case words separated by single spaces ("long run", "marathon pace"). Where several
/// phrases match one title, the longest phrase wins over the words inside it ("marathon pace" is a tempo
/// run, not a marathon), and among the rest the type earliest in `KeywordMap.priority` wins: "Long run with
/// 4 miles at tempo" is a long run, "6x800 with 400 m recovery" is an interval session.
public struct KeywordMap: Hashable, Sendable {
    /// Phrase → the run type it names.
    public var runTypes: [String: RunType]
    /// Phrases that name a strength, gym or core session.
    public var strength: Set<String>

    public init(runTypes: [String: RunType], strength: Set<String>) {
        self.runTypes = runTypes
        self.strength = strength
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
        runTypes[key] = type
    }

    public mutating func setStrength(_ phrase: String) {
        let key = KeywordMap.normalised(phrase)
        runTypes[key] = nil
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
        Set((Array(runTypes.keys) + Array(strength)).compactMap { phrase in
            let words = phrase.split(separator: " ")
            return words.count > 1 ? String(words[0]) : nil
        })
    }

    /// The longest phrase in words; the matcher tries no longer runs of words than this.
    var longestPhrase: Int {
        (runTypes.keys.map { $0.split(separator: " ").count } + strength.map { $0.split(separator: " ").count })
            .max() ?? 1
    }

    public static let `default` = KeywordMap(
        runTypes: [
            // Races. "Marathon" alone on a day is the race; "marathon pace" below is a workout.
            "race": .race, "races": .race, "marathon": .race, "half marathon": .race,
            "race day": .race, "time trial": .race,
            // The long run.
            "long": .long, "long run": .long, "lsd": .long,
            // Intervals and their many names ("6x800" is recognised by shape, not by this map).
            "interval": .intervals, "intervals": .intervals, "repeats": .intervals, "reps": .intervals,
            "speed": .intervals, "speedwork": .intervals, "speed work": .intervals, "track": .intervals,
            "vo2": .intervals, "vo2max": .intervals, "vo2 max": .intervals, "yasso": .intervals,
            "yassos": .intervals, "ladder": .intervals, "pyramid": .intervals,
            // Threshold and tempo.
            "threshold": .threshold, "lactate threshold": .threshold, "lt": .threshold, "cruise": .threshold,
            "tempo": .tempo, "marathon pace": .tempo, "half marathon pace": .tempo, "race pace": .tempo,
            "goal pace": .tempo, "mp": .tempo, "hmp": .tempo, "progression": .tempo, "steady state": .tempo,
            // Hills and fartlek.
            "hill": .hills, "hills": .hills, "hill repeats": .hills, "hill sprints": .hills,
            "fartlek": .fartlek,
            // Cross-training.
            "cross": .cross, "cross train": .cross, "cross training": .cross, "xt": .cross, "bike": .cross,
            "cycle": .cross, "cycling": .cross, "spin": .cross, "swim": .cross, "swimming": .cross,
            "elliptical": .cross, "rowing": .cross, "aqua jog": .cross, "yoga": .cross,
            // Easy running.
            "recovery": .recovery, "recovery run": .recovery, "shakeout": .recovery, "shake out": .recovery,
            "easy": .easy, "easy run": .easy, "strides": .easy, "jog": .easy, "aerobic": .easy,
            "general aerobic": .easy, "base": .easy, "steady": .easy,
            // Nothing planned.
            "rest": .rest, "rest day": .rest, "off": .rest, "day off": .rest,
        ],
        strength: [
            "strength", "strength workout", "strength training", "gym", "core", "weights", "weight training",
            "lifting", "lift", "squat", "squats", "deadlift", "pilates", "lower body", "upper body",
            "circuit", "circuits", "plyometrics", "plyo", "bodyweight",
        ]
    )
}
