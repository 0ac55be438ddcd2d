import LegdayCore

/// `legday plan` on a terminal: one week per row, Monday first, each day's date and kind.
///
///                 Mon       Tue       Wed       …
///     2026-11-23  23  rest  24* HEAVY 25  light …  base · strength 2/4
public enum CalendarView {
    static let cellWidth = 10

    /// The short word for a kind in a calendar cell.
    public static func code(_ kind: DayKind) -> String {
        switch kind {
        case .heavyLift: "HEAVY"
        case .lightLift: "light"
        case .recovery: "recov"
        case .rest: "rest"
        case .race: "RACE"
        }
    }

    public static func render(_ plan: Plan, style: TextStyle = .plain) -> String {
        guard let first = plan.days.first, let last = plan.days.last else { return "No days to show.\n" }
        var byDay: [Int: DayPlan] = [:]
        for day in plan.days { byDay[day.date.daysSinceEpoch] = day }

        var lines: [String] = []
        let header = Weekday.allCases.map { Text.pad(String($0.name.prefix(3)), cellWidth) }.joined()
        lines.append(style.bold((Text.pad("", 12) + header).trailingSpacesTrimmed))
        var monday = first.date.startOfWeek
        while monday <= last.date {
            var row = Text.pad(monday.iso, 12)
            var weekInfo: DayPlan?
            for offset in 0..<7 {
                let date = monday.adding(days: offset)
                guard let day = byDay[date.daysSinceEpoch] else {
                    row += String(repeating: " ", count: cellWidth)
                    continue
                }
                if weekInfo == nil { weekInfo = day }
                let number = day.day2
                let mark = day.runs.contains { $0.isKey } ? "*" : " "
                let cell = Text.pad("\(number)\(mark) \(code(day.kind))", cellWidth)
                row += style.paint(cell, day.kind)
            }
            if let info = weekInfo {
                row += style.dim(" \(info.phase.rawValue) · \(info.block.rawValue) \(info.blockWeek)")
            }
            lines.append(row)
            monday = monday.adding(days: 7)
        }
        lines.append("")
        let legend = DayKind.allCases.map { "\(style.paint(code($0), $0)) \($0.label.lowercased())" }
        lines.append(legend.joined(separator: " · ") + " · * key run")
        return lines.joined(separator: "\n") + "\n"
    }
}

extension DayPlan {
    /// The day of the month in two characters.
    var day2: String { date.day < 10 ? "0\(date.day)" : "\(date.day)" }
}

extension String {
    var trailingSpacesTrimmed: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
