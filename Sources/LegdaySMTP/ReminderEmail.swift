import Foundation
import LegdayCore
import LegdayFigures

/// Draws an exercise's positions (start, the movement, finish) as one picture, PNG bytes, or returns nil when
/// there is no picture for it. The figure renderer plugs in here; email works the same without it, just with
/// words only.
public typealias FigureSource = @Sendable (_ exercise: Exercise) -> [UInt8]?

/// Turns a reminder into the email that carries it.
public enum ReminderEmail {
    /// The whole message, headers and every part, stays under this many bytes: a heavy day's mail arrives
    /// quickly on a phone's data connection and stays well inside every provider's limits (docs/email.md).
    /// The main work's pictures come first; a "New this block" exercise whose picture would not fit is
    /// shown in words only.
    public static let sizeLimit = 150_000

    /// LegdayFigures' strip of an exercise: every position side by side in one picture 960 pixels wide (the
    /// HTML shows it at 480, sharp on a 2× screen), as a palette PNG of about 10 KB. Exercises without a
    /// drawn pose get no picture. Drawn once per exercise and process (`FigureCache`).
    public static let drawnFigures: FigureSource = { exercise in
        guard exercise.positions.contains(where: { $0.pose != nil }) else { return nil }
        return drawnFigureCache.png(for: exercise)
    }

    private static let drawnFigureCache = FigureCache { exercise in
        try? FigureRenderer.strip(for: exercise, width: 2 * ReminderHTML.figureWidth).png
    }

    /// The message for a reminder: the plain-text body, the HTML (`ReminderHTML`) and, from `figures`, one
    /// picture for each exercise the HTML shows in full, as many as `sizeLimit` leaves room for.
    public static func message(for reminder: Reminder, deliveryID: String, from: MailAddress, to: [MailAddress],
                               date: Date, figures: FigureSource? = nil, sizeLimit: Int = sizeLimit) -> MailMessage {
        let subject = reminder.late ? "\(reminder.title) (late)" : reminder.title
        let id = messageID(deliveryID: deliveryID, domain: from.domain)
        func message(with images: [InlineImage]) -> MailMessage {
            let cids = Set(images.map(\.contentID))
            let html = ReminderHTML.render(reminder, title: subject) { exercise in
                let cid = contentID(exercise: exercise)
                return cids.contains(cid) ? cid : nil
            }
            return MailMessage(from: from, to: to, subject: subject, date: date, messageID: id,
                               text: reminder.body, html: html, images: images)
        }
        let candidates = figures.map { figures in
            reminder.moment == .weekly ? weekImages(for: reminder.week ?? [], figures: figures)
                                       : inlineImages(for: reminder.day, figures: figures)
        } ?? []
        guard !candidates.isEmpty else { return message(with: []) }

        // In order of importance, each picture that still fits; then the real size is checked, and the last
        // picture dropped while it is over (the estimate is generous, so this is rare).
        var size = message(with: []).rendered().count
        var chosen: [InlineImage] = []
        for image in candidates {
            let cost = estimatedCost(of: image, first: chosen.isEmpty)
            if size + cost <= sizeLimit {
                chosen.append(image)
                size += cost
            }
        }
        var mail = message(with: chosen)
        while !chosen.isEmpty, mail.rendered().count > sizeLimit {
            chosen.removeLast()
            mail = message(with: chosen)
        }
        return mail
    }

    /// What a picture adds to the message: its base64 lines, its part headers, and the `<img>` that shows
    /// it (alt text and all, quoted-printable); the first also opens the `multipart/related` around the HTML.
    static func estimatedCost(of image: InlineImage, first: Bool) -> Int {
        let base64 = (image.bytes.count + 2) / 3 * 4
        let lines = (base64 + 75) / 76
        return base64 + 2 * lines + 300 + 900 + (first ? 200 : 0)
    }

    /// `<local>@<domain>` made from the delivery id, so every attempt at one delivery carries the same
    /// Message-ID and a mailbox that already has it can drop the repeat.
    public static func messageID(deliveryID: String, domain: String) -> String {
        "legday.\(dotAtom(deliveryID))@\(domain)"
    }

    /// The pictures the HTML can show, in the order of importance: the main work, then what is new this
    /// block (`ReminderText.detailed`), each exercise once. Warm-up, cool-down and activation lists are one
    /// line each without pictures, and a picture no part of the HTML refers to would turn up as a stray
    /// attachment.
    static func inlineImages(for day: DayPlan, figures: FigureSource) -> [InlineImage] {
        var seen: Set<String> = []
        var images: [InlineImage] = []
        for (_, items) in ReminderText.detailed(day) {
            for exercise in items.map(\.exercise) where !exercise.positions.isEmpty {
                let id = contentID(exercise: exercise)
                guard !seen.contains(id), let png = figures(exercise) else { continue }
                seen.insert(id)
                images.append(InlineImage(contentID: id, filename: "\(exercise.id).png", bytes: png))
            }
        }
        return images
    }

    /// A weekly reminder's small pictures: the first main exercise of each lift or recovery day, once each.
    static func weekImages(for week: [DayPlan], figures: FigureSource) -> [InlineImage] {
        var seen: Set<String> = []
        var images: [InlineImage] = []
        for exercise in week.compactMap({ $0.session?.exercises.first?.exercise }) where !exercise.positions.isEmpty {
            let id = contentID(exercise: exercise)
            guard !seen.contains(id), let png = figures(exercise) else { continue }
            seen.insert(id)
            images.append(InlineImage(contentID: id, filename: "\(exercise.id).png", bytes: png))
        }
        return images
    }

    static func contentID(exercise: Exercise) -> String {
        "\(dotAtom(exercise.id))@legday"
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
