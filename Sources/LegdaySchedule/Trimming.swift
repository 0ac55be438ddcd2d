extension StringProtocol {
    /// The text without leading and trailing white space (Unicode's, newlines included).
    ///
    /// Foundation's `trimmingCharacters(in:)` goes through NSString on Linux, which made it one of the
    /// costliest steps of reading a large calendar; this stays in the standard library.
    var trimmedWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
