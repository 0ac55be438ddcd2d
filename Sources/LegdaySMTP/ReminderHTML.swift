import Foundation
import LegdayCore
import LegdayFigures

/// The HTML part of a reminder email, laid out for a runner who reads it in thirty seconds on a phone: first
/// the summary (the day in one line, the main work one line per exercise, the why in one sentence), then the
/// details (runs, activation, warm-up and cool-down one line each; then each exercise shown in full, with
/// its positions as one picture, its cues and its common mistakes).
///
/// Email clients keep little of a page: no `<style>` (Gmail drops it in places), no scripts, no web fonts.
/// So every style is inline, the layout is one centred column at most 600 px wide that narrows with the
/// screen, and pictures are `max-width: 100%`. Every piece of text is escaped; only the tags written here
/// are markup.
enum ReminderHTML {
    /// The width, in CSS pixels, an exercise's picture is shown at (drawn at twice that, for sharp screens).
    static let figureWidth = 480

    private static let ink = "#1f2933"
    private static let muted = "#5b6672"
    private static let accent = "#213861"  // the figures' body colour
    private static let rule = "#e3e6ea"
    private static let font = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"

    /// `figure` gives the Content-ID of an exercise's picture (all its positions in one), when the message
    /// carries one.
    static func render(_ reminder: Reminder, title: String, figure: (Exercise) -> String?) -> String {
        let day = reminder.day
        // The summary's first line: the day's headline, "Tomorrow: …" the evening before, the week's count.
        let headline = reminder.summary.split(separator: "\n").first.map(String.init) ?? ReminderText.headline(for: day)
        let week = reminder.moment == .weekly ? reminder.week ?? [] : []
        let mainWork = week.isEmpty ? day.session?.exercises ?? [] : []
        var html: [String] = [
            "<!DOCTYPE html>",
            "<html lang=\"en\"><head><meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<meta name=\"x-apple-disable-message-reformatting\">",
            "<title>\(escape(title))</title></head>",
            "<body style=\"margin: 0; padding: 0; background: #f3f4f6; -webkit-text-size-adjust: 100%;\">",
            // The inbox preview: the headline and the main work, not the date the subject already shows.
            "<div style=\"display: none; max-height: 0; overflow: hidden; mso-hide: all;\">"
                + escape(([headline] + mainWork.map(ReminderText.mainLine)).joined(separator: " · ")) + "</div>",
            "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
                + "style=\"background: #f3f4f6;\"><tr><td align=\"center\" style=\"padding: 12px 8px;\">",
            "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
                + "style=\"max-width: 600px; background: #ffffff; border-radius: 8px;\"><tr>",
            "<td style=\"padding: 20px 16px 24px 16px; font-family: \(font); font-size: 16px; line-height: 1.45; "
                + "color: \(ink); overflow-wrap: break-word; word-wrap: break-word; text-align: left;\">",
        ]

        // The summary: what a runner needs in thirty seconds.
        html.append("<p style=\"margin: 0 0 4px 0; font-size: 13px; color: \(muted);\">\(escape(title))</p>")
        html.append("<h1 id=\"headline\" style=\"margin: 0 0 12px 0; font-size: 22px; line-height: 1.25; "
            + "color: \(accent);\">\(headlineHTML(headline))</h1>")
        if !mainWork.isEmpty {
            html.append("<table id=\"main-work\" role=\"presentation\" width=\"100%\" cellpadding=\"0\" "
                + "cellspacing=\"0\" border=\"0\" style=\"margin: 0 0 12px 0;\">")
            for item in mainWork {
                let (name, dose) = mainLineParts(item)
                html.append("<tr><td class=\"main-line\" style=\"padding: 7px 0; border-top: 1px solid \(rule); "
                    + "font-size: 17px;\"><strong>\(escape(name))</strong>"
                    + (dose.isEmpty ? "" : " <span style=\"white-space: nowrap;\">\(escape(dose))</span>")
                    + "</td></tr>")
            }
            html.append("</table>")
        }
        if let because = ReminderText.because(for: day) {
            html.append("<p id=\"why\" style=\"margin: 0 0 16px 0; color: \(muted);\"><strong style=\"color: \(ink);\">"
                + "Why:</strong> \(escape(because))</p>")
        }

        // What the log wants to hear: yesterday's question and the line that logs today (the summary's own
        // words, docs/logging.md).
        let logLines = reminder.summary.split(separator: "\n").filter { $0.hasPrefix("Done? ") || $0.contains(" is not logged: ") }
        if !logLines.isEmpty {
            html.append("<div id=\"log\" style=\"margin: 0 0 16px 0; font-size: 14px; color: \(muted);\">")
            for line in logLines {
                let (before, command, after) = splitCommand(String(line))
                html.append("<p style=\"margin: 0 0 4px 0;\">\(escape(before))"
                    + (command.isEmpty ? "" : "<code style=\"font-family: ui-monospace, Menlo, Consolas, monospace; "
                        + "background: #f3f4f6; padding: 1px 4px; border-radius: 3px; color: \(ink);\">\(escape(command))</code>")
                    + "\(escape(after))</p>")
            }
            html.append("</div>")
        }
        if !week.isEmpty {
            html += weekTable(week, figure: figure)
            html.append("</td></tr></table>")
            html.append("</td></tr></table>")
            html.append("</body></html>")
            return html.joined(separator: "\n")
        }
        if reminder.moment == .evening, let pack = reminder.summary.split(separator: "\n").first(where: { $0.hasPrefix("Pack:") }) {
            html.append("<p id=\"pack\" style=\"margin: 0 0 16px 0;\"><strong>Pack:</strong> "
                + "\(escape(String(pack.dropFirst("Pack:".count)).trimmingCharacters(in: .whitespaces)))</p>")
        }

        // The rest of the day, one line each.
        var compact: [(String, String)] = []
        if !day.runs.isEmpty { compact.append(("Runs:", day.runs.map(ReminderText.runText).joined(separator: ", "))) }
        if let activation = day.activation {
            compact.append(("Before your run (\(activation.name.lowercased())):", ReminderText.oneLine(activation.allPrescriptions)))
        }
        if let session = day.session {
            if !session.warmup.isEmpty { compact.append(("Warm-up:", ReminderText.oneLine(session.warmup))) }
            if !session.cooldown.isEmpty { compact.append(("Cool-down:", ReminderText.oneLine(session.cooldown))) }
        }
        if !compact.isEmpty {
            html.append("<div id=\"day\" style=\"margin: 0 0 8px 0; padding: 12px 14px; background: #f7f8fa; "
                + "border-radius: 6px; font-size: 15px;\">")
            html += compact.map { "<p style=\"margin: 0 0 6px 0;\"><strong>\(escape($0.0))</strong> \(escape($0.1))</p>" }
            html.append("</div>")
        }

        // Each exercise in full: the main work, and in a block's first week what is new.
        var pictured = false
        for (heading, items) in ReminderText.detailed(day) where !items.isEmpty {
            html.append("<h2 style=\"margin: 24px 0 0 0; font-size: 19px; color: \(accent);\">\(escape(heading))</h2>")
            for (n, item) in items.enumerated() {
                let cid = figure(item.exercise)
                pictured = pictured || cid != nil
                html += exercise(item, number: n + 1, figure: cid)
            }
        }
        if pictured {
            // What the pictures' colours mean, once, under the last of them.
            html.append("<p id=\"legend\" style=\"margin: 10px 0 0 0; font-size: 12px; color: \(muted);\">"
                + "In the pictures:\(FigureRenderer.legendHTML)</p>")
        }

        let others = day.why.filter { $0 != ReminderText.because(for: day) }
        if !others.isEmpty {
            html.append("<h2 style=\"margin: 24px 0 6px 0; font-size: 15px; color: \(muted);\">Also</h2>")
            html.append("<ul style=\"margin: 0; padding: 0 0 0 20px; font-size: 14px; color: \(muted);\">")
            html += others.map { "<li style=\"margin: 0 0 4px 0;\">\(escape($0))</li>" }
            html.append("</ul>")
        }
        html.append("</td></tr></table>")
        html.append("</td></tr></table>")
        html.append("</body></html>")
        return html.joined(separator: "\n")
    }

    /// The coming week, Monday to Sunday, one row a day: the date, the runs, what the day is, and on a lift
    /// or recovery day its session with a small picture of its first main exercise.
    static func weekTable(_ week: [DayPlan], figure: (Exercise) -> String?) -> [String] {
        var html = ["<table id=\"week\" role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
            + "border=\"0\" style=\"margin: 8px 0 0 0; font-size: 15px;\">"]
        for day in week {
            let first = day.session?.exercises.first?.exercise
            let cid = first.flatMap(figure)
            let picture = cid.map { "<img src=\"cid:\($0)\" width=\"96\" alt=\"\(escape(altText(first!)))\" "
                + "style=\"display: block; width: 96px; max-width: 100%; height: auto; border: 0;\">" } ?? ""
            let runs = day.runs.isEmpty ? "no run" : day.runs.map(ReminderText.runText).joined(separator: " + ")
            var what = "<strong>\(escape(day.displayKind))</strong>"
            if let session = day.session {
                what += "<br><span style=\"color: \(muted);\">\(escape(session.name))</span>"
                let lifts = session.exercises.prefix(3).map(\.exercise.name).joined(separator: ", ")
                if !lifts.isEmpty { what += "<br><span style=\"font-size: 13px; color: \(muted);\">\(escape(lifts))</span>" }
            }
            html.append("<tr class=\"week-day\"><td style=\"padding: 8px 8px 8px 0; border-top: 1px solid \(rule); "
                + "vertical-align: top; white-space: nowrap;\"><strong>\(escape(String(day.date.weekday.name.prefix(3))))</strong>"
                + "<br><span style=\"font-size: 13px; color: \(muted);\">\(escape(day.date.iso))</span></td>"
                + "<td style=\"padding: 8px 8px; border-top: 1px solid \(rule); vertical-align: top;\">\(escape(runs))</td>"
                + "<td style=\"padding: 8px 8px; border-top: 1px solid \(rule); vertical-align: top;\">\(what)</td>"
                + "<td style=\"padding: 8px 0; border-top: 1px solid \(rule); vertical-align: top; width: 96px;\">\(picture)</td></tr>")
        }
        html.append("</table>")
        return html
    }

    /// "Done? legday log --date D done (or partial, or skipped)" → ("Done? ", "legday log --date D done",
    /// " (or partial, or skipped)"): the command alone is set as code.
    static func splitCommand(_ line: String) -> (before: String, command: String, after: String) {
        guard let start = line.range(of: "legday log") else { return (line, "", "") }
        let rest = line[start.lowerBound...]
        let end = rest.range(of: " (")?.lowerBound ?? rest.endIndex
        return (String(line[..<start.lowerBound]), String(rest[..<end]), String(rest[end...]))
    }

    /// The headline with its short parts ("4 exercises", "about 44 min") kept whole, so a line never ends
    /// on "about 44" with "min" alone below it.
    static func headlineHTML(_ headline: String) -> String {
        headline.components(separatedBy: " · ").map { part in
            part.count <= 20 ? "<span style=\"white-space: nowrap;\">\(escape(part))</span>" : escape(part)
        }.joined(separator: " · ")
    }

    /// "Romanian deadlift" and "4 × 8 @ RPE 8": `ReminderText.mainLine` with the name apart, to set it bold.
    static func mainLineParts(_ item: Prescription) -> (name: String, dose: String) {
        let line = ReminderText.mainLine(item), name = item.exercise.name
        guard line.hasPrefix(name) else { return (line, "") }
        return (name, String(line.dropFirst(name.count)).trimmingCharacters(in: .whitespaces))
    }

    private static func exercise(_ item: Prescription, number: Int, figure cid: String?) -> [String] {
        let ex = item.exercise
        var html = [
            "<div class=\"exercise\" style=\"margin: 14px 0 0 0; padding: 14px 0 0 0; border-top: 1px solid \(rule);\">",
            "<h3 style=\"margin: 0 0 2px 0; font-size: 18px; line-height: 1.3;\">\(number). \(escape(ex.name))</h3>",
            "<p style=\"margin: 0 0 10px 0; color: \(muted); font-size: 15px;\">\(escape(ReminderText.dose(item)))</p>",
        ]
        if let cid {
            html.append("<img src=\"cid:\(escape(cid))\" width=\"\(figureWidth)\" alt=\"\(escape(altText(ex)))\" "
                + "style=\"display: block; width: 100%; max-width: \(figureWidth)px; height: auto; border: 0; "
                + "margin: 0 0 10px 0;\">")
        }
        for position in ex.positions {
            html.append("<p style=\"margin: 0 0 6px 0; font-size: 15px;\"><strong>\(escape(capitalized(position.name)))</strong>: "
                + "\(escape(position.text))</p>")
        }
        if !ex.cues.isEmpty {
            html.append("<p style=\"margin: 10px 0 2px 0; font-size: 15px;\"><strong>Cues:</strong></p>")
            html.append("<ul class=\"cues\" style=\"margin: 0; padding: 0 0 0 20px; font-size: 15px;\">")
            html += ex.cues.map { "<li>\(escape($0))</li>" }
            html.append("</ul>")
        }
        if !ex.mistakes.isEmpty {
            html.append("<p style=\"margin: 10px 0 2px 0; font-size: 15px;\"><strong>Watch for:</strong></p>")
            html.append("<ul class=\"mistakes\" style=\"margin: 0; padding: 0 0 0 20px; font-size: 15px;\">")
            html += ex.mistakes.map { "<li>\(escape($0.fault)) → \(escape($0.fix))</li>" }
            html.append("</ul>")
        }
        if let note = item.note {
            html.append("<p style=\"margin: 10px 0 0 0; font-size: 15px;\"><strong>Note:</strong> \(escape(note))</p>")
        }
        html.append("</div>")
        return html
    }

    /// What the picture shows, for a screen reader or a mail client that blocks pictures: "Romanian
    /// deadlift in 3 positions. Start: stand tall with feet hip-width. Bottom: push the hips straight back
    /// with only a slight knee bend. Finish: drive the hips forward to return to standing."
    static func altText(_ exercise: Exercise) -> String {
        let count = exercise.positions.count
        var parts = ["\(exercise.name)" + (count > 1 ? " in \(count) positions." : ".")]
        for position in exercise.positions {
            parts.append("\(capitalized(position.name)): \(gist(position.text)).")
        }
        return parts.joined(separator: " ")
    }

    /// The first clause of a position's words, with a small letter: "stand tall with feet hip-width".
    static func gist(_ text: String, limit: Int = 90) -> String {
        var clause = Substring(text)
        if let end = clause.firstIndex(where: { ",;.:(".contains($0) }) { clause = clause[..<end] }
        var words: [Substring] = []
        var length = 0
        for word in clause.split(separator: " ") {
            if length + word.count > limit, !words.isEmpty { break }
            words.append(word)
            length += word.count + 1
        }
        let gist = words.joined(separator: " ")
        return gist.prefix(1).lowercased() + gist.dropFirst()
    }

    private static func capitalized(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }

    static func escape(_ text: String) -> String {
        // On UTF-8 bytes: the five characters are ASCII, and no byte of a multi-byte character is ASCII.
        // Most text has none of them and comes back as it is.
        let special: Set<UInt8> = [UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'")]
        guard text.utf8.contains(where: special.contains) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case UInt8(ascii: "\""): out += Array("&quot;".utf8)
            case UInt8(ascii: "'"): out += Array("&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
