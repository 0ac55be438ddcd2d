import Foundation
import Testing
@testable import LegdayOutbox

/// The outbox holds reminder texts and notifier errors: its folder and files are the user's alone on every
/// open, also when an older legday or a umask of 022 left them looser.
@Suite struct PrivateFilesTests {
    func mode(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_mode & 0o777) : -1
    }

    @Test func aLooseStateFolderAndOutboxAreTightenedOnOpen() throws {
        let folder = NSTemporaryDirectory() + "legday-private-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        let path = folder + "/outbox.sqlite"
        _ = try Outbox(path: path)
        #expect(mode(folder) == 0o700)
        #expect(mode(path) == 0o600)

        chmod(folder, 0o755)
        chmod(path, 0o644)
        _ = try Outbox(path: path)
        #expect(mode(folder) == 0o700)
        #expect(mode(path) == 0o600)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            #expect(mode(path + suffix) == 0o600, "\(suffix)")
        }
    }
}
