import Foundation
import LegdayCore
import LegdaySMTP
import Testing

/// CR/LF in text that ends up in a mail header never starts a new header: the email builder encodes it.
@Suite struct MailHeaderInjectionTests {
    static let injected = "Easy 5 km\r\nBcc: victim@example.com\r\nSubject: free money\nX-Evil: 1\r"

    /// The header block of a rendered message: every line up to the first empty one.
    static func headerLines(_ bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines: [String] = []
        for line in text.components(separatedBy: "\r\n") {
            if line.isEmpty { break }
            lines.append(line)
        }
        return lines
    }

    @Test func subjectWithCRLFStaysOneHeader() {
        let from = MailAddress(address: "legday@example.org")
        let to = MailAddress(address: "runner@example.org")
        let message = MailMessage(from: from, to: [to], subject: Self.injected, date: Date(timeIntervalSince1970: 0),
                                  messageID: "legday.default.2026-11-26.daily.mail@example.org",
                                  text: Self.injected, html: "<p>x</p>")
        let rendered = message.rendered()
        #expect(!rendered.contains(0x00))
        let headers = Self.headerLines(rendered)
        let names = headers.filter { !($0.hasPrefix(" ") || $0.hasPrefix("\t")) }
            .compactMap { $0.split(separator: ":", maxSplits: 1).first.map(String.init) }
        #expect(names.filter { $0.lowercased() == "subject" }.count == 1)
        #expect(!names.contains { ["bcc", "x-evil"].contains($0.lowercased()) })
        // No bare CR or LF anywhere in the headers: every line ended with CRLF.
        #expect(headers.allSatisfy { !$0.contains("\r") && !$0.contains("\n") })
    }
}
