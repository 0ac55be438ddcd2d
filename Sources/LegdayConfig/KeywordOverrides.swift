import LegdayCore

/// Applies `[schedule.keywords]` to a schedule that has been read: a title holding one of the runner's
/// keywords gets the run type (or strength) the runner gave it, over what legday's own keywords said.
public struct KeywordOverrides: Sendable, Hashable {
    public var keywords: [String: KeywordMeaning]

    public init(_ keywords: [String: KeywordMeaning]) { self.keywords = keywords }

    /// What the runner's keywords make of `title`: the longest keyword found as whole words wins.
    public func meaning(of title: String) -> KeywordMeaning? {
        let words = KeywordOverrides.words(title)
        var best: (length: Int, meaning: KeywordMeaning)?
        for (keyword, meaning) in keywords {
            let wanted = KeywordOverrides.words(keyword)
            guard !wanted.isEmpty, wanted.count <= words.count else { continue }
            let found = (0...(words.count - wanted.count)).contains { Array(words[$0..<($0 + wanted.count)]) == wanted }
            if found, keyword.count > (best?.length ?? 0) { best = (keyword.count, meaning) }
        }
        return best?.meaning
    }

    public func apply(to schedule: Schedule) -> Schedule {
        guard !keywords.isEmpty else { return schedule }
        var result = schedule
        result.runs = []
        result.unclassified = []
        for run in schedule.runs {
            switch meaning(of: run.title) {
            case .run(let type)?: result.runs.append(retyped(run, type))
            case .strength?: result.strength.append(PlannedStrength(date: run.date, title: run.title, source: run.source))
            case nil: result.runs.append(run)
            }
        }
        for run in schedule.unclassified {
            switch meaning(of: run.title) {
            case .run(let type)?:
                // An unclassified run may also sit in `runs` (with a guessed type); it was retyped above.
                if !schedule.runs.contains(where: { same($0, run) }) { result.runs.append(retyped(run, type)) }
            case .strength?:
                if !result.strength.contains(where: { $0.date == run.date && $0.title == run.title }) {
                    result.strength.append(PlannedStrength(date: run.date, title: run.title, source: run.source))
                }
            case nil:
                result.unclassified.append(run)
            }
        }
        result.runs.sort { $0.date < $1.date }
        result.strength.sort { $0.date < $1.date }
        return result
    }

    private func retyped(_ run: Run, _ type: RunType) -> Run {
        var copy = run
        copy.type = type
        return copy
    }

    private func same(_ a: Run, _ b: Run) -> Bool { a.date == b.date && a.title == b.title && a.source == b.source }

    /// Lower-case runs of letters and digits: "6x800 Tempo-Run" → ["6x800", "tempo", "run"].
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }
}
