/// Services cap how long each text may be, and a message over the cap is refused outright (HTTP 400), which
/// would lose the reminder. These helpers cut text to fit instead, on character boundaries.
enum TextLimit {
    /// How a service counts length. Slack and Discord count UTF-16 code units (they are JavaScript
    /// underneath); ntfy counts bytes.
    enum Measure {
        case utf16, utf8

        func length(_ text: some StringProtocol) -> Int {
            switch self {
            case .utf16: text.utf16.count
            case .utf8: text.utf8.count
            }
        }
    }

    static let ellipsis = "…"

    /// `text` when it fits, else as much of it as fits followed by "…".
    static func truncate(_ text: String, to limit: Int, measure: Measure = .utf16) -> String {
        if measure.length(text) <= limit { return text }
        return prefix(of: text, fitting: limit - measure.length(ellipsis), measure: measure) + ellipsis
    }

    /// The longest run of whole characters from the start of `text` that measures at most `limit`.
    static func prefix(of text: String, fitting limit: Int, measure: Measure) -> String {
        var result = ""
        var used = 0
        for character in text {
            let length = measure.length(String(character))
            if used + length > limit { break }
            result.append(character)
            used += length
        }
        return result
    }

    /// Splits `text` into pieces of whole lines that each fit `limit` (a single longer line is cut), keeping
    /// at most `maxChunks`; when something is left out, the last kept piece ends with "…".
    static func chunks(_ text: String, limit: Int, maxChunks: Int, measure: Measure = .utf16) -> [String] {
        var chunks: [String] = []
        var current = ""
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = truncate(String(rawLine), to: limit, measure: measure)
            let candidate = current.isEmpty ? line : current + "\n" + line
            if measure.length(candidate) <= limit {
                current = candidate
            } else {
                chunks.append(current)
                current = line
            }
        }
        if !current.isEmpty { chunks.append(current) }
        guard chunks.count > maxChunks, maxChunks > 0 else { return chunks }
        var kept = Array(chunks.prefix(maxChunks))
        let last = kept[maxChunks - 1]
        kept[maxChunks - 1] = prefix(of: last, fitting: limit - measure.length(ellipsis), measure: measure) + ellipsis
        return kept
    }
}
