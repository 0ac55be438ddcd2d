import Foundation
@testable import LegdayCLI
import Testing

@Suite struct UnitFileTests {
    /// systemd/legday.service and the unit `legday install` writes are one text.
    @Test func shippedUnitFileIsTheInstalledOne() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let shipped = try String(contentsOf: root.appendingPathComponent("systemd/legday.service"), encoding: .utf8)
        #expect(shipped == UnitFile.text)
    }

    @Test func unitIsANotifyServiceWithWatchdogAndReload() {
        let lines = Set(UnitFile.text.split(separator: "\n").map(String.init))
        #expect(lines.contains("Type=notify"))
        #expect(lines.contains("Restart=on-failure"))
        // Files the daemon creates (outbox, feed cache, reload acknowledgement) are the user's alone.
        #expect(lines.contains("UMask=0077"))
        #expect(lines.contains { $0.hasPrefix("WatchdogSec=") })
        #expect(lines.contains { $0.hasPrefix("ExecReload=") && $0.contains("reload --pid $MAINPID") })
    }
}
