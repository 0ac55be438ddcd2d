import LegdayCore

/// `legday explain DATE`: every rule that decided the day, and the ones that gave way.
public enum Explanation {
    public static func render(_ day: DayPlan, rulesDoc: String = "docs/training-rules.md",
                              style: TextStyle = .plain) -> String {
        var lines: [String] = []
        lines.append(style.bold("\(day.date.weekday.name) \(day.date.iso): ") + style.paint(day.kind.label, day.kind))
        lines.append("Phase: \(day.phase.rawValue) · Block: \(day.block.rawValue), week \(day.blockWeek)")
        lines.append("Runs: " + (day.runs.isEmpty ? "none" : day.runs.map { run in
            var text = Text.runs([run])
            if run.isKey { text += " (key)" }
            if !run.title.isEmpty { text += " — \(TerminalText.safe(run.title))" }
            return text
        }.joined(separator: "; ")))

        let applied = day.reasons.filter { $0.outcome == .applied }
        let gaveWay = day.reasons.filter { $0.outcome == .gaveWay }
        lines.append("")
        lines.append("Decided by:")
        for reason in applied { lines.append("  [\(reason.rule)] \(reason.text)") }
        if applied.isEmpty { lines.append("  (no rule)") }
        lines.append("")
        lines.append("Gave way:")
        for reason in gaveWay { lines.append("  [\(reason.rule)] \(reason.text)") }
        if gaveWay.isEmpty { lines.append("  none: every rule held") }

        if let activation = day.activation {
            lines.append("")
            lines.append("Before the run — \(activation.name):")
            for item in activation.allPrescriptions { lines.append("  • \(item.exercise.name): \(ReminderText.dose(item))") }
        }
        if let session = day.session {
            lines.append("")
            lines.append("Session — \(session.name) (about \(session.estimatedMinutes) min):")
            for (n, item) in session.allPrescriptions.enumerated() {
                lines.append("  \(n + 1). \(item.exercise.name): \(ReminderText.dose(item))")
            }
        }
        lines.append("")
        lines.append(style.dim("Rule ids are listed in \(rulesDoc)."))
        return lines.joined(separator: "\n") + "\n"
    }
}
