/// A table for the terminal that fits a width: when its columns are wider together than the screen, the
/// widest wrappable columns get narrower and their cells wrap inside the column onto more lines, so a row
/// never runs past the edge and the terminal never wraps a line through the next column.
///
/// Every table legday prints goes through here (`plan`, `schedule`, `next`, `exercise`, `outbox`), so they
/// all fit `$COLUMNS` the same way.
public struct TextTable {
    public var headings: [String]
    public var rows: [[String]]
    /// Columns that may wrap, by index; the others keep their full width (dates, ids, kinds).
    public var wrappable: Set<Int>
    /// Spaces between columns.
    public var gap = 2

    public init(headings: [String], rows: [[String]], wrappable: Set<Int>) {
        self.headings = headings
        self.rows = rows
        self.wrappable = wrappable
    }

    /// The narrowest a wrappable column is made: narrower, words break mid-way too often to read.
    static let narrowest = 8

    /// The column widths for `width` characters in all.
    public func widths(fitting width: Int) -> [Int] {
        var widths = headings.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], cell.split(separator: "\n").map { TextTable.columns(of: $0) }.max() ?? 0)
            }
        }
        let gaps = gap * max(widths.count - 1, 0)
        var excess = widths.reduce(0, +) + gaps - width
        // Take from the widest wrappable column, a character at a time, until the table fits or every
        // wrappable column is at its narrowest.
        while excess > 0 {
            guard let widest = wrappable.filter({ $0 < widths.count && widths[$0] > max(Self.narrowest, headings[$0].count) })
                .max(by: { widths[$0] < widths[$1] }) else { break }
            widths[widest] -= 1
            excess -= 1
        }
        return widths
    }

    /// The table as lines, each at most `width` characters when the columns that cannot wrap allow it.
    /// `paint` styles a cell's text after it is laid out (colour a kind): padding is added outside it.
    public func render(width: Int, style: TextStyle = .plain,
                       paint: (_ row: Int, _ column: Int, _ text: String) -> String = { _, _, text in text }) -> String {
        let widths = widths(fitting: width)
        func lines(_ cells: [String], row: Int?) -> [String] {
            let wrapped = cells.enumerated().map { i, cell in
                i < widths.count ? TextTable.wrap(cell, to: widths[i]) : [cell]
            }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { line in
                wrapped.enumerated().map { i, cellLines -> String in
                    let text = line < cellLines.count ? cellLines[line] : ""
                    let padding = String(repeating: " ", count: max(widths[i] - TextTable.columns(of: text), 0))
                    let shown = row.map { paint($0, i, text) } ?? style.bold(text)
                    return i == wrapped.count - 1 ? shown : shown + padding
                }.joined(separator: String(repeating: " ", count: gap)).trailingSpacesTrimmed
            }
        }
        var out = lines(headings, row: nil)
        for (index, row) in rows.enumerated() { out += lines(row, row: index) }
        return out.joined(separator: "\n") + "\n"
    }

    /// How many terminal columns `text` takes: Chinese, Japanese and Korean characters and emoji take two.
    public static func columns(of text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + columns(of: $1) }
    }

    static func columns(of character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        let wide = (0x1100...0x115F).contains(scalar.value) || (0x2E80...0xA4CF).contains(scalar.value)
            || (0xAC00...0xD7A3).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
            || (0xFF00...0xFF60).contains(scalar.value) || (0x1F300...0x1FAFF).contains(scalar.value)
        return wide ? 2 : 1
    }

    /// `text` in lines of at most `width` columns, broken at spaces; a word longer than a line is cut.
    public static func wrap(_ text: String, to width: Int) -> [String] {
        guard width > 0 else { return [text] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var used = 0
            for word in paragraph.split(separator: " ") {
                var word = Substring(word)
                while columns(of: word) > width {
                    if !line.isEmpty { lines.append(line); line = ""; used = 0 }
                    var piece = ""
                    var taken = 0
                    while let first = word.first, taken + columns(of: first) <= width {
                        piece.append(first)
                        taken += columns(of: first)
                        word = word.dropFirst()
                    }
                    lines.append(piece)
                }
                let size = columns(of: word)
                if line.isEmpty {
                    line = String(word)
                    used = size
                } else if used + 1 + size <= width {
                    line += " " + word
                    used += 1 + size
                } else {
                    lines.append(line)
                    line = String(word)
                    used = size
                }
            }
            lines.append(line)
        }
        return lines.isEmpty ? [""] : lines
    }
}
