import LegdayCore

/// `legday plan` on a terminal: one week per row, Monday first, each day's date and kind, its runs below
/// it, and the week's phase and block under them; 78 columns wide.
///
///             Mon       Tue       Wed       …
///     Dec 07  07 recov  08 HEAVY  09 run    …
///             —         inter 10* easy 8    …
///             base · hypertrophy, week 4
public enum CalendarView {
    static let cellWidth = 10

    /// The short word for a day in a calendar cell; "run" for a day with runs and no lift.
    public static func code(_ day: DayPlan) -> String {
        switch day.kind {
        case .heavyLift: "HEAVY"
        case .lightLift: "light"
        case .recovery: "recov"
        case .rest: day.hasRunning ? "run" : "rest"
        case .race: "RACE"
        }
    }

    /// "inter 10*": the day's first run, its type in five letters, its kilometres, * when it is a key run;
    /// "+1" when more runs follow; "—" without runs.
    static func runCell(_ day: DayPlan) -> String {
        guard let run = day.runs.first else { return "—" }
        var text = String(run.type.rawValue.prefix(5))
        if let km = run.distanceKm { text += " \(Text.km(km))" }
        if run.isKey { text += "*" }
        if day.runs.count > 1 { text += "+\(day.runs.count - 1)" }
        return text
    }

    public static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func render(_ plan: Plan, style: TextStyle = .plain) -> String {
        guard let first = plan.days.first, let last = plan.days.last else { return "No days to show.\n" }
        var byDay: [Int: DayPlan] = [:]
        for day in plan.days { byDay[day.date.daysSinceEpoch] = day }

        var lines: [String] = []
        let header = Weekday.allCases.map { Text.pad(String($0.name.prefix(3)), cellWidth) }.joined()
        lines.append(style.bold((Text.pad("", 8) + header).trailingSpacesTrimmed))
        var monday = first.date.startOfWeek
        while monday <= last.date {
            var kinds = Text.pad("\(months[monday.month - 1]) \(monday.day < 10 ? "0" : "")\(monday.day)", 8)
            var runs = Text.pad("", 8)
            var weekInfo: DayPlan?
            for offset in 0..<7 {
                let date = monday.adding(days: offset)
                guard let day = byDay[date.daysSinceEpoch] else {
                    kinds += String(repeating: " ", count: cellWidth)
                    runs += String(repeating: " ", count: cellWidth)
                    continue
                }
                if weekInfo == nil { weekInfo = day }
                let cell = "\(day.day2) \(code(day))"
                kinds += style.paint(cell, day.kind) + String(repeating: " ", count: max(cellWidth - cell.count, 0))
                runs += Text.pad(runCell(day), cellWidth)
            }
            lines.append(kinds.trailingSpacesTrimmed)
            lines.append(runs.trailingSpacesTrimmed)
            if let info = weekInfo {
                lines.append(style.dim(Text.pad("", 8) + "\(info.phase.rawValue) · \(info.block.rawValue), week \(info.blockWeek)"))
            }
            monday = monday.adding(days: 7)
        }
        lines.append("")
        lines.append("HEAVY heavy lift · light light lift · recov recovery · run run only · RACE race")
        lines.append("Below each day: its run (first five letters, km); * a key run")
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
