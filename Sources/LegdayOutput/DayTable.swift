import LegdayCore

/// `legday plan` as a table: date, weekday, runs, what the day is (`DayPlan.displayKind`: "run only", not
/// "rest", on a day with runs), session name and the one-line why, fitted to `width` columns.
public enum DayTable {
    public static func render(_ plan: Plan, style: TextStyle = .plain, width: Int = 80) -> String {
        let table = TextTable(
            headings: ["Date", "Day", "Runs", "Kind", "Session", "Why"],
            rows: plan.days.map { day in
                [day.date.iso, String(day.date.weekday.name.prefix(3)), Text.runs(day.runs), day.displayKind,
                 day.session?.name ?? "—", Text.firstWhy(day)]
            },
            wrappable: [2, 4, 5])
        return table.render(width: width, style: style) { row, column, text in
            column == 3 ? style.paint(text, plan.days[row].kind) : text
        }
    }
}
