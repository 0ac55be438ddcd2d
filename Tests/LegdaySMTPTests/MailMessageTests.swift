import Foundation
import LegdayCore
import Testing
@testable import LegdaySMTP

@Suite struct HeaderEncodingTests {
    @Test(arguments: ["Tempo\r\nBcc: victim@example.com", "Tempo\nBcc: victim@example.com", "Tempo\rBcc: x@y",
                      "Tempo\u{85}Bcc: x@y", "Tempo\u{2028}Bcc: x@y", "Lauf\r\nBcc: opfer@example.com — Kraft"])
    func lineBreaksNeverStartAHeader(_ subject: String) {
        let field = HeaderEncoding.field("Subject", subject)
        let lines = field.components(separatedBy: "\r\n")
        #expect(lines[0].hasPrefix("Subject: "))
        // Every further line is a continuation (starts with a space), never a field of its own.
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(!field.contains("\n\n") && !field.replacingOccurrences(of: "\r\n ", with: "").contains("\n"))
        let decoded = Decode.encodedWords(String(field.dropFirst("Subject: ".count)))
        #expect(!decoded.contains("\r") && !decoded.contains("\n"))
        #expect(decoded.contains("Bcc:"))  // kept as text, harmlessly
    }

    /// A 3,000-character display name (or subject word) with no space to fold at made a header line over the
    /// 998 octets RFC 5322 allows; it goes out as encoded-words now, every line short, the text intact.
    @Test(arguments: [String(repeating: "a", count: 3000), String(repeating: "ab.", count: 1000)])
    func aLongWordIsEncodedSoEveryLineStaysShort(_ text: String) {
        let from = HeaderEncoding.structured("From", MailAddress(name: text, address: "runner@example.org").headerValue)
        let subject = HeaderEncoding.field("Subject", text)
        for field in [from, subject] {
            #expect(field.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        }
        #expect(Decode.encodedWords(String(subject.dropFirst("Subject: ".count))) == text)
        #expect(from.hasSuffix("<runner@example.org>"))
    }

    @Test func nonASCIISubjectsAreEncodedWordsThatRoundTrip() {
        let subject = "Montag 2026-11-23: Krafttag — Kniebeugen für Läufer 🏃‍♀️🏋️ " + String(repeating: "ä", count: 60)
        let field = HeaderEncoding.field("Subject", subject)
        let lines = field.components(separatedBy: "\r\n")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(field.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(Decode.encodedWords(String(field.dropFirst("Subject: ".count))) == subject)
    }

    @Test func plainASCIIStaysReadableAndFoldsAtSpaces() {
        let subject = Array(repeating: "lift", count: 40).joined(separator: " ")
        let field = HeaderEncoding.field("Subject", subject)
        #expect(!field.contains("=?"))
        #expect(field.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
        #expect(field.replacingOccurrences(of: "\r\n", with: "") == "Subject: " + subject)
    }

    @Test func textThatLooksEncodedIsEncodedSoItReadsBackAsWritten() {
        let field = HeaderEncoding.field("Subject", "=?UTF-8?B?SGk=?=")
        #expect(Decode.encodedWords(String(field.dropFirst("Subject: ".count))) == "=?UTF-8?B?SGk=?=")
    }

    @Test func displayNames() {
        #expect(HeaderEncoding.phrase("legday") == "legday")
        #expect(HeaderEncoding.phrase("Runner, Ana") == "\"Runner, Ana\"")
        #expect(HeaderEncoding.phrase("Ana \"Fast\" R.") == "\"Ana \\\"Fast\\\" R.\"")
        #expect(Decode.encodedWords(HeaderEncoding.phrase("Légday")) == "Légday")
    }
}

@Suite struct MailAddressTests {
    @Test func parsesMailboxes() throws {
        let named = try MailAddress.parse("legday <runner@example.org>").get()
        #expect(named.name == "legday" && named.address == "runner@example.org" && named.domain == "example.org")
        let quoted = try MailAddress.parse("\"Runner, Ana\" <ana@example.org>").get()
        #expect(quoted.name == "Runner, Ana")
        let bare = try MailAddress.parse(" ana@example.org ").get()
        #expect(bare.name == nil && bare.address == "ana@example.org")
    }

    @Test(arguments: ["", "runner", "runner@", "@example.org", "a b@example.org", "x@example.org>\r\nBcc: y@z",
                      "legday <runner@example.org\r\nBcc: evil@example.com>", "Ana\r\nBcc: e@x <ana@example.org>"])
    func refusesWhatIsNotAnAddress(_ text: String) {
        #expect(throws: MailAddressError.self) { try MailAddress.parse(text).get() }
    }
}

@Suite struct TransferEncodingTests {
    @Test func quotedPrintableRoundTripsAndKeepsLinesShort() {
        let text = "Runs: easy 8 km\n.leading dot\nlong " + String(repeating: "Kniebeuge ä=ö ", count: 30)
            + "\ntrailing space \nCRLF line\r\nend"
        let encoded = TransferEncoding.quotedPrintable(text)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(encoded.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(!lines.contains { $0.hasPrefix(".") })
        #expect(!lines.contains { $0.hasSuffix(" ") })
        #expect(!encoded.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(Decode.quotedPrintable(encoded) == text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func base64LinesAre76Characters() {
        let bytes = (0..<1000).map { UInt8($0 % 256) }
        let encoded = TransferEncoding.base64(bytes)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.dropLast().allSatisfy { $0.count == 76 })
        #expect(Data(base64Encoded: lines.joined()).map(Array.init) == bytes)
    }
}

@Suite struct ReminderEmailTests {
    let date = Date(timeIntervalSince1970: 1_795_417_200)

    func rendered(_ reminder: Reminder, figures: FigureSource? = nil, deliveryID: String = "ana:2026-11-23:daily:mail",
                  date: Date? = nil) -> String {
        let message = ReminderEmail.message(for: reminder, deliveryID: deliveryID, from: Sample.from, to: Sample.to,
                                            date: date ?? self.date, figures: figures)
        return String(decoding: message.rendered(), as: UTF8.self)
    }

    @Test func headersAndParts() {
        let text = rendered(Sample.reminder())
        let headers = Dictionary(Decode.headers(text), uniquingKeysWith: { a, _ in a })
        #expect(headers["MIME-Version"] == "1.0")
        #expect(headers["Message-ID"] == "<legday.ana.2026-11-23.daily.mail@example.org>")
        #expect(headers["To"] == "runner@example.org")
        #expect(headers["Date"].map { $0.hasSuffix("2026") || $0.contains(" 2026 ") } == true)
        #expect(headers["Content-Type"]?.hasPrefix("multipart/alternative; boundary=") == true)
        #expect(Decode.encodedWords(headers["Subject"] ?? "") == Sample.reminder().title)
        #expect(text.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(text.contains("Content-Type: text/html; charset=utf-8"))
        #expect(!text.contains("multipart/related"))
        let bytes = Array(text.utf8)
        #expect(bytes.allSatisfy { $0 < 128 })
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test func aResendHasTheSameMessageIDAndBody() {
        let first = rendered(Sample.reminder(), date: date)
        let second = rendered(Sample.reminder(), date: date.addingTimeInterval(3600))
        let id = { (text: String) in Decode.headers(text).first { $0.0 == "Message-ID" }?.1 }
        #expect(id(first) != nil && id(first) == id(second))
        #expect(first.components(separatedBy: "\r\n\r\n").dropFirst() == second.components(separatedBy: "\r\n\r\n").dropFirst())
        #expect(id(rendered(Sample.reminder(), deliveryID: "ana:2026-11-24:daily:mail")) != id(first))
    }

    @Test func messageIDsAreValidForAnyDeliveryID() {
        let id = ReminderEmail.messageID(deliveryID: "a b::<c>@d", domain: "example.org")
        let left = id.split(separator: "@")[0]
        #expect(!left.contains("..") && !left.hasPrefix(".") && !left.hasSuffix("."))
        #expect(left.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || "0123456789.-_=".unicodeScalars.contains($0)) })
    }

    @Test func htmlShowsTheDayEscaped() {
        let text = rendered(Sample.reminder(runTitle: "<b>Tempo</b>"))
        let html = Decode.quotedPrintable(text.components(separatedBy: "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")[1])
        #expect(html.contains("Back squat &lt;heavy&gt; &amp; &quot;deep&quot;"))
        #expect(!html.contains("<heavy>"))
        #expect(html.contains("3 × 5, 80% 1RM, rest 120 s"))
        #expect(html.contains("<strong>Start</strong>: Stand tall, bar on the upper back."))
        #expect(html.contains("<strong>Bottom</strong>: Hips below knees, chest up."))
        #expect(html.contains("Brace before each rep"))
        #expect(html.contains("Knees cave in → Push the knees out"))
        #expect(html.contains("Two days before the long run."))
        #expect(html.contains("Runs:</strong> easy 8 km"))
        #expect(!html.contains("cid:"))
    }

    @Test func figuresBecomeInlineImagesTheHTMLRefersTo() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]
        let text = rendered(Sample.reminder()) { exercise in exercise.id == "back-squat" ? png : nil }
        #expect(text.contains("Content-Type: multipart/related; type=\"text/html\""))
        // One picture per exercise, all its positions in one.
        #expect(text.contains("Content-ID: <back-squat@legday>"))
        #expect(text.components(separatedBy: "Content-Type: image/png").count == 2)
        #expect(text.contains("Content-Disposition: inline; filename=\"back-squat.png\""))
        let html = Decode.quotedPrintable(text)
        #expect(html.contains("src=\"cid:back-squat@legday\""))
        // Order: alternative opens, plain, related (html, image), related closes, alternative closes.
        let plain = try #require(text.range(of: "text/plain"))
        let related = try #require(text.range(of: "multipart/related"))
        let image = try #require(text.range(of: "Content-Type: image/png"))
        #expect(plain.lowerBound < related.lowerBound && related.lowerBound < image.lowerBound)
        let base64 = text.components(separatedBy: "filename=\"back-squat.png\"\r\n\r\n")[1].components(separatedBy: "\r\n")[0]
        #expect(Data(base64Encoded: base64).map(Array.init) == png)
    }

    /// Under the pictures, once, what their colours mean; a mail without pictures has no legend.
    @Test func picturesComeWithWhatTheirColoursMean() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]
        let html = Decode.quotedPrintable(rendered(Sample.reminder()) { _ in png })
        #expect(html.components(separatedBy: "id=\"legend\"").count == 2)
        #expect(html.contains("the leg doing the work"))
        let plain = Decode.quotedPrintable(rendered(Sample.reminder()) { _ in nil })
        #expect(!plain.contains("id=\"legend\""))
    }
}
