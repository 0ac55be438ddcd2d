import Foundation

/// A picture the HTML part shows with `<img src="cid:…">`, carried in the same message.
public struct InlineImage: Sendable, Hashable {
    /// Without angle brackets, e.g. `squat-start@legday`; the HTML refers to it as `cid:squat-start@legday`.
    public var contentID: String
    public var mimeType: String
    public var filename: String
    public var bytes: [UInt8]

    public init(contentID: String, mimeType: String = "image/png", filename: String, bytes: [UInt8]) {
        self.contentID = contentID
        self.mimeType = mimeType
        self.filename = filename
        self.bytes = bytes
    }
}

/// One email, ready to be turned into RFC 5322 bytes: a plain-text body and an HTML body as
/// `multipart/alternative`, the HTML wrapped in `multipart/related` with its inline images when it has any.
public struct MailMessage: Sendable, Hashable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var subject: String
    public var date: Date
    /// Without angle brackets.
    public var messageID: String
    public var text: String
    public var html: String
    public var images: [InlineImage]

    public init(from: MailAddress, to: [MailAddress], subject: String, date: Date, messageID: String,
                text: String, html: String, images: [InlineImage] = []) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.text = text
        self.html = html
        self.images = images
    }

    /// The message as sent: CRLF lines, 7-bit, none longer than 78 characters except a long plain word
    /// in a header (and never near 998).
    public func rendered() -> [UInt8] {
        // Boundaries start with "=_": quoted-printable never produces that pair and base64 has no "_",
        // so no body line can collide with one. Deriving them from the Message-ID keeps a resend identical.
        let seed = Self.hash(messageID)
        let alternative = "=_legday_alt_\(seed)"
        let related = "=_legday_rel_\(seed)"

        var lines: [String] = [
            HeaderEncoding.structured("Date", Self.rfc5322Date(date)),
            HeaderEncoding.structured("From", from.headerValue),
            HeaderEncoding.structured("To", to.map(\.headerValue).joined(separator: ", ")),
            HeaderEncoding.field("Subject", subject),
            HeaderEncoding.structured("Message-ID", "<\(messageID)>"),
            "Auto-Submitted: auto-generated",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(alternative)\"",
            "",
            "This is a multipart message in MIME format.",
            "--\(alternative)",
        ]
        lines += Self.textPart(subtype: "plain", text)
        lines.append("--\(alternative)")
        if images.isEmpty {
            lines += Self.textPart(subtype: "html", html)
        } else {
            lines.append("Content-Type: multipart/related; type=\"text/html\"; boundary=\"\(related)\"")
            lines.append("")
            lines.append("--\(related)")
            lines += Self.textPart(subtype: "html", html)
            for image in images {
                lines.append("--\(related)")
                lines += Self.imagePart(image)
            }
            lines.append("--\(related)--")
        }
        lines.append("--\(alternative)--")
        lines.append("")
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    private static func textPart(subtype: String, _ text: String) -> [String] {
        [
            "Content-Type: text/\(subtype); charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            TransferEncoding.quotedPrintable(text),
        ]
    }

    private static func imagePart(_ image: InlineImage) -> [String] {
        let type = HeaderEncoding.singleLine(image.mimeType).filter { !$0.isWhitespace }
        return [
            "Content-Type: \(type)",
            "Content-Transfer-Encoding: base64",
            HeaderEncoding.structured("Content-ID", "<\(image.contentID)>"),
            "Content-Disposition: inline; filename=\"\(Self.safeFilename(image.filename))\"",
            "",
            TransferEncoding.base64(image.bytes),
        ]
    }

    /// A filename as a plain quoted string: ASCII letters, digits, `.`, `-` and `_` only.
    static func safeFilename(_ name: String) -> String {
        let kept = name.unicodeScalars.map { scalar -> Character in
            let ok = scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || ".-_".unicodeScalars.contains(scalar))
            return ok ? Character(scalar) : "_"
        }
        return kept.isEmpty ? "figure" : String(kept)
    }

    /// `Sun, 22 Nov 2026 07:00:00 +0100`, in the machine's time zone.
    static func rfc5322Date(_ date: Date, timeZone: TimeZone = .current) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// FNV-1a, 64 bits, as hex: a stable short tag, not a security measure.
    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
