import Foundation
import LegdayCore
import LegdayJournal
import LegdayNotify
import Testing

/// The journal notifier fails a delivery when no journald listens, instead of counting a dropped entry as
/// delivered (libsystemd returns success when the socket is missing).
@Suite struct JournalNotifierTests {
    static func reminder() throws -> Reminder {
        let date = try #require(LocalDate(iso: "2026-11-23"))
        let day = DayPlan(date: date, phase: .base, runs: [Run(date: date, type: .easy, distanceKm: 8)], kind: .rest,
                          reasons: [])
        return Reminder(for: day, athlete: "ana")
    }

    /// A fresh folder, removed afterwards.
    final class Folder {
        let path = NSTemporaryDirectory() + "legday-journal-" + UUID().uuidString
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    @Test func noSocketIsATemporaryFailureNamingThePath() async throws {
        let folder = Folder()
        let notifier = JournalNotifier(name: "journal", socketPath: folder.path + "/socket")
        let context = DeliveryContext(deliveryID: "ana:2026-11-23:daily:journal")
        let reminder = try Self.reminder()
        await #expect(throws: NotifierError.temporary("no journald is listening (no socket at \(folder.path)/socket)")) {
            try await notifier.send(reminder, context: context)
        }
    }

    @Test func aPlainFileWhereTheSocketShouldBeIsNotAJournald() async throws {
        let folder = Folder()
        let path = folder.path + "/socket"
        FileManager.default.createFile(atPath: path, contents: Data())
        #expect(!Journal.isSocket(path))
        let notifier = JournalNotifier(name: "journal", socketPath: path)
        let reminder = try Self.reminder()
        await #expect(throws: NotifierError.self) {
            try await notifier.send(reminder, context: DeliveryContext(deliveryID: "x"))
        }
    }

    @Test func aBoundUnixSocketCountsAsListening() throws {
        let folder = Folder()
        let path = folder.path + "/socket"
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes + [0])
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        #expect(Journal.isSocket(path))
    }
}
