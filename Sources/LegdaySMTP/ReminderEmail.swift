import Foundation
import LegdayCore
import LegdayFigures

/// Draws one position of an exercise as PNG bytes, or returns nil when there is no picture for it.
/// The figure renderer plugs in here; email works the same without it, just with words only.
public typealias FigureSource = @Sendable (_ exercise: Exercise, _ position: Position) -> [UInt8]?

/// Turns a reminder into the email that carries it.
public enum ReminderEmail {
    /// The stick figures of LegdayFigures, one PNG per position that has a pose; positions described only
    /// in words get no picture. Drawn at 1.5 times the size the HTML shows them, for sharp phone screens,
    /// once per position and process (`FigureCache`).
    public static let drawnFigures: FigureSource = { _, position in
        guard position.pose != nil else { return nil }
        return drawnFigureCache.png(for: position)
    }

    private static let drawnFigureCache = FigureCache { position in
        try? FigureRenderer.png(for: position, width: 240, height: 240)
    }

    public static func message(for reminder: Reminder, deliveryID: String, from: MailAddress, to: [MailAddress],
                               date: Date, figures: FigureSource? = nil) -> MailMessage {
        let subject = reminder.late ? "\(reminder.title) (late)" : reminder.title
        let images = figures.map { inlineImages(for: reminder.day, figures: $0) } ?? []
        let cids = Dictionary(images.map { ($0.contentID, $0.contentID) }, uniquingKeysWith: { a, _ in a })
        let html = ReminderHTML.render(reminder, title: subject) { exercise, position in
            cids[contentID(exercise: exercise, position: position)]
        }
        return MailMessage(from: from, to: to, subject: subject, date: date,
                           messageID: messageID(deliveryID: deliveryID, domain: from.domain),
                           text: reminder.body, html: html, images: images)
    }

    /// `<local>@<domain>` made from the delivery id, so every attempt at one delivery carries the same
    /// Message-ID and a mailbox that already has it can drop the repeat.
    public static func messageID(deliveryID: String, domain: String) -> String {
        "legday.\(dotAtom(deliveryID))@\(domain)"
    }

    /// The figures the HTML will show, one per position that has a picture, each exercise once. Only the
    /// session's exercises show their positions; the pre-run activation is a short list of names, and a
    /// picture no part of the HTML refers to would turn up as a stray attachment.
    static func inlineImages(for day: DayPlan, figures: FigureSource) -> [InlineImage] {
        var seen: Set<String> = []
        var images: [InlineImage] = []
        let prescriptions = day.session?.allPrescriptions ?? []
        for exercise in prescriptions.map(\.exercise) {
            for position in exercise.positions {
                let id = contentID(exercise: exercise, position: position)
                guard !seen.contains(id), let png = figures(exercise, position) else { continue }
                seen.insert(id)
                images.append(InlineImage(contentID: id, filename: "\(exercise.id)-\(position.name).png", bytes: png))
            }
        }
        return images
    }

    static func contentID(exercise: Exercise, position: Position) -> String {
        "\(dotAtom(exercise.id)).\(dotAtom(position.name))@legday"
    }

    /// Text made safe for the left side of a Message-ID or Content-ID (RFC 5322 dot-atom-text): letters,
    /// digits, `-` and `_` kept, `:` as `.`, anything else as `=XX`; empty parts as `=`, so no `..`.
    static func dotAtom(_ text: String) -> String {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { part -> String in
            var out = ""
            for byte in part.utf8 {
                let scalar = UnicodeScalar(byte)
                if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") {
                    out.append(Character(scalar))
                } else {
                    out += String(format: "=%02X", byte)
                }
            }
            return out.isEmpty ? "=" : out
        }
        return parts.joined(separator: ".")
    }
}
