import Foundation
import LegdayCore
import LegdayExercises
import Testing

/// Reminders built the way the daemon builds them: a planned day with a session from the bundled library.
enum Fixture {
    static func liftReminder(late: Bool = false) throws -> Reminder {
        let date = try #require(LocalDate(iso: "2026-11-23"))
        let runs = [Run(date: date, type: .easy, distanceKm: 8)]
        let reasons = [Reason(rule: "easy-day-lift", "An easy run day can carry a heavy session.")]
        let bare = DayPlan(date: date, phase: .base, runs: runs, kind: .heavyLift, reasons: reasons)
        let session = SessionBuilder.session(for: bare, profile: AthleteProfile(), library: try ExerciseCatalog.bundled())
        let day = DayPlan(date: date, phase: .base, runs: runs, kind: .heavyLift, session: session, reasons: reasons)
        return Reminder(for: day, athlete: "ana", late: late)
    }

    /// A reminder whose body is far longer than any chat service takes in one message.
    static func hugeReminder() throws -> Reminder {
        let base = try liftReminder()
        let line = "Cue: keep the ribs down & the knees out <over the toes> — 🏋️ always"
        let body = (1...2000).map { "\($0). \(line)" }.joined(separator: "\n")
        return Reminder(id: base.id, date: base.date, kind: base.kind, title: String(repeating: "Heavy lift ", count: 60),
                        body: body, day: base.day)
    }

    /// A folder of its own for config files and secrets, removed by `cleanUp`.
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("legday-webhook-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to path: String, mode: Int = 0o600) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    static func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static let vectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    /// A second secret, as during a rotation.
    static let otherSecret = "whsec_" + Data((0..<24).map { UInt8($0 * 7 % 256) }).base64EncodedString()
}
