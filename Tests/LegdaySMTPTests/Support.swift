import Foundation
import LegdayCore
@testable import LegdaySMTP

/// Small independent decoders, so tests check what the encoders wrote rather than trusting them.
enum Decode {
    /// RFC 2047 `=?UTF-8?B?…?=` words, joined as RFC 2047 section 6.2 says (space between words dropped).
    static func encodedWords(_ value: String) -> String {
        let words = value.replacingOccurrences(of: "\r\n ", with: " ").split(separator: " ")
        var bytes: [UInt8] = []
        var plain: [String] = []
        for word in words {
            if word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?=") {
                bytes += Data(base64Encoded: String(word.dropFirst(10).dropLast(2))).map(Array.init) ?? []
            } else {
                plain.append(String(word))
            }
        }
        return plain.isEmpty ? String(decoding: bytes, as: UTF8.self) : plain.joined(separator: " ")
    }

    static func quotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let source = Array(text.utf8)
        var i = 0
        while i < source.count {
            if source[i] == UInt8(ascii: "=") {
                if i + 2 < source.count, source[i + 1] == 13, source[i + 2] == 10 { i += 3; continue }
                if i + 2 < source.count, let value = UInt8(String(decoding: source[i + 1...i + 2], as: UTF8.self), radix: 16) {
                    bytes.append(value); i += 3; continue
                }
            }
            bytes.append(source[i]); i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Header name/value pairs of a message's header block, unfolded.
    static func headers(_ message: String) -> [(String, String)] {
        let block = message.components(separatedBy: "\r\n\r\n")[0]
        var fields: [(String, String)] = []
        for line in block.components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), let last = fields.popLast() {
                fields.append((last.0, last.1 + "\r\n" + line))
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
        return fields
    }
}

enum Sample {
    static let squat = Exercise(
        id: "back-squat", name: "Back squat <heavy> & \"deep\"", role: .strength, muscles: [.quads, .glutes],
        equipment: [.barbell], level: .intermediate,
        positions: [Position(name: "start", text: "Stand tall, bar on the upper back."),
                    Position(name: "bottom", text: "Hips below knees, chest up.")],
        mistakes: [Mistake(fault: "Knees cave in", fix: "Push the knees out")],
        cues: ["Brace before each rep"])

    static func reminder(title: String? = nil, runTitle: String = "Easy run") -> Reminder {
        let date = LocalDate(iso: "2026-11-23")!
        let session = Session(name: "Heavy lower body", exercises: [
            Prescription(exercise: squat, sets: 3, reps: "5", load: "80% 1RM", restSeconds: 120),
        ], estimatedMinutes: 40)
        let day = DayPlan(date: date, phase: .base, runs: [Run(date: date, type: .easy, distanceKm: 8, title: runTitle)],
                          kind: .heavyLift, session: session, reasons: [Reason(rule: "r1", "Two days before the long run.")])
        var reminder = Reminder(for: day, athlete: "ana")
        if let title { reminder.title = title }
        return reminder
    }

    static let from = MailAddress(name: "Légday Coach", address: "legday@example.org")
    static let to = [MailAddress(address: "runner@example.org")]
}
