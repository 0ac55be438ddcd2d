import LegdayCore

/// The HTML part of a reminder email: the same facts as the plain-text body, laid out to be read on a phone.
/// Every piece of text is escaped; only the tags written here are markup.
enum ReminderHTML {
    /// `figure` gives the Content-ID of a position's picture, when the message carries one.
    static func render(_ reminder: Reminder, title: String,
                       figure: (Exercise, Position) -> String?) -> String {
        let day = reminder.day
        var html: [String] = [
            "<!DOCTYPE html>",
            "<html><head><meta charset=\"utf-8\"><title>\(escape(title))</title></head>",
            "<body style=\"font-family: sans-serif; line-height: 1.4; max-width: 40em;\">",
            "<h1 style=\"font-size: 1.3em;\">\(escape(title))</h1>",
        ]
        if !day.runs.isEmpty {
            html.append("<p><strong>Runs:</strong> \(escape(runs(day)))</p>")
        }
        if !day.why.isEmpty {
            html.append("<ul class=\"why\">")
            html += day.why.map { "<li>\(escape($0))</li>" }
            html.append("</ul>")
        }
        if let activation = day.activation {
            html.append("<h2 style=\"font-size: 1.15em;\">Before your run: \(escape(activation.name))</h2>")
            html.append("<ul>")
            html += activation.allPrescriptions.map {
                "<li>\(escape($0.exercise.name)): \(escape(ReminderText.dose($0)))</li>"
            }
            html.append("</ul>")
        }
        if let session = day.session {
            html.append("<h2 style=\"font-size: 1.15em;\">\(escape(session.name)) (about \(session.estimatedMinutes) min)</h2>")
            let sections = [("Warm-up", session.warmup), ("Main", session.exercises), ("Cool-down", session.cooldown)]
            for (heading, items) in sections where !items.isEmpty {
                html.append("<h3 style=\"font-size: 1.05em;\">\(heading)</h3>")
                html.append("<ol>")
                for item in items { html += exercise(item, figure: figure) }
                html.append("</ol>")
            }
        }
        html.append("</body></html>")
        return html.joined(separator: "\n")
    }

    private static func exercise(_ item: Prescription, figure: (Exercise, Position) -> String?) -> [String] {
        let ex = item.exercise
        var html = ["<li><p><strong>\(escape(ex.name))</strong> — \(escape(ReminderText.dose(item)))</p>"]
        if !ex.positions.isEmpty {
            html.append("<ul class=\"positions\">")
            for position in ex.positions {
                var line = "<li><em>\(escape(capitalized(position.name)))</em>: \(escape(position.text))"
                if let cid = figure(ex, position) {
                    line += "<br><img src=\"cid:\(escape(cid))\" alt=\"\(escape(ex.name)), \(escape(position.name))\" width=\"160\">"
                }
                html.append(line + "</li>")
            }
            html.append("</ul>")
        }
        if !ex.cues.isEmpty {
            html.append("<p>Cues:</p><ul class=\"cues\">")
            html += ex.cues.map { "<li>\(escape($0))</li>" }
            html.append("</ul>")
        }
        if !ex.mistakes.isEmpty {
            html.append("<p>Watch for:</p><ul class=\"mistakes\">")
            html += ex.mistakes.map { "<li>\(escape($0.fault)) → \(escape($0.fix))</li>" }
            html.append("</ul>")
        }
        if let note = item.note { html.append("<p>Note: \(escape(note))</p>") }
        html.append("</li>")
        return html
    }

    private static func runs(_ day: DayPlan) -> String {
        day.runs.map { run in
            run.distanceKm.map { "\(run.type.rawValue) \(ReminderText.formatKm($0)) km" } ?? run.type.rawValue
        }.joined(separator: ", ")
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
