import Foundation
@testable import LegdayDaemon
import Testing

@Suite struct IdleMemoryTests {
    static let sample = """
    55d0c8a00000-55d0c9e43000 r-xp 00000000 fd:01 1234 /usr/bin/legday
    Rss:                9804 kB
    Anonymous:             0 kB
    55d0c9e44000-55d0c9ee6000 r--p 01443000 fd:01 1234 /usr/bin/legday
    Rss:                 648 kB
    Anonymous:           648 kB
    55d0c9ee6000-55d0ca067000 rw-p 014e5000 fd:01 1234 /usr/bin/legday
    Anonymous:           156 kB
    7f33d6400000-7f33d68ef000 r-xp 00000000 fd:01 99 /usr/lib/libFoundation.so
    Anonymous:             0 kB
    7f33d68f0000-7f33d6909000 r--p 004ef000 fd:01 99 /usr/lib/libFoundation.so
    Anonymous:           100 kB
    7f33d7000000-7f33d7100000 r--p 00000000 fd:01 77 /usr/lib/icudt.so
    Anonymous:             0 kB
    7f33d7200000-7f33d7300000 r--s 00000000 fd:01 78 /var/lib/state/outbox.sqlite-shm
    Anonymous:             0 kB
    7f33d7400000-7f33d7500000 r-xp 00000000 fd:01 79 /tmp/old-build/legday (deleted)
    Anonymous:             0 kB
    7f33d7600000-7f33d7700000 rw-p 00000000 00:00 0
    Anonymous:          1024 kB
    7ffd1a000000-7ffd1a021000 rw-p 00000000 00:00 0 [stack]
    Anonymous:           132 kB
    7ffd1a1f0000-7ffd1a1f2000 r-xp 00000000 00:00 0 [vdso]
    Anonymous:             0 kB
    """

    @Test func onlyCleanReadOnlyPrivateFileMappingsAreReleased() {
        let ranges = IdleMemory.releasableRanges(smaps: Self.sample)
        #expect(ranges.map(\.start) == [0x55d0_c8a0_0000, 0x7f33_d640_0000, 0x7f33_d700_0000])
        #expect(ranges.first?.length == 0x55d0_c9e4_3000 - 0x55d0_c8a0_0000)
    }

    /// In this very process: the resident set shrinks, and the code that was dropped still runs.
    @Test func releasingShrinksTheResidentSetAndEverythingStillWorks() throws {
        func residentKiB() throws -> Int {
            let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
            let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
            return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
        }
        let before = try residentKiB()
        let advised = IdleMemory.release()
        let after = try residentKiB()
        #expect(advised > 0)
        #expect(after < before, "resident \(before) KiB before, \(after) KiB after")
        // Code and read-only data come back from the page cache on use.
        let text = (1...1000).map(String.init).joined(separator: ",")
        #expect(text.split(separator: ",").count == 1000)
        #expect(try residentKiB() > 0)
    }
}
