import LegdayCore

/// `legday plan` as a table: date, weekday, runs, day kind, session name and the one-line why.
public enum DayTable {
    public static func render(_ plan: Plan, style: TextStyle = .plain) -> String {
        let headings = ["Date", "Day", "Runs", "Kind", "Session", "Why"]
        let rows: [[String]] = plan.days.map { day in
            [day.date.iso, String(day.date.weekday.name.prefix(3)), Text.runs(day.runs), day.kind.rawValue,
             day.session?.name ?? "—", Text.firstWhy(day)]
        }
        var widths = headings.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in i == cells.count - 1 ? cell : Text.pad(cell, widths[i]) }
                .joined(separator: "  ")
        }
        var lines = [style.bold(line(headings))]
        for (day, row) in zip(plan.days, rows) {
            var cells = row
            cells[3] = Text.pad(row[3], widths[3])
            let text = cells.enumerated().map { i, cell -> String in
                if i == 3 { return style.paint(cell, day.kind) }
                return i == cells.count - 1 ? cell : Text.pad(cell, widths[i])
            }.joined(separator: "  ")
            lines.append(text.trailingSpacesTrimmed)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
