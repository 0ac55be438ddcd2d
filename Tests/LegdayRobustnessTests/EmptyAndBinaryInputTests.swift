import Foundation
import LegdayCore
import LegdayFuzzInputs
import LegdaySchedule
import Testing

/// Files that are empty, blank, binary or not UTF-8: a clear diagnostic at the right place, and whatever
/// readable events surround the bad bytes are kept.
@Suite struct EmptyAndBinaryInputTests {
    static let names = ["plan.ics", "plan.csv", "plan.toml"]

    @Test(arguments: names)
    func emptyFileIsAnErrorNotAnEmptySchedule(name: String) {
        let result = read([], as: name)
        #expect(result.schedule.runs.isEmpty)
        #expect(result.errors.map(\.description) == ["\(name):1:1: the schedule file is empty: no runs read"])
    }

    @Test(arguments: names)
    func blankFileWithAByteOrderMarkIsEmptyToo(name: String) {
        let result = read([0xEF, 0xBB, 0xBF] + Array(" \r\n\t\n".utf8), as: name)
        #expect(result.errors.first?.message == "the schedule file is empty: no runs read")
    }

    /// 64 KiB of seeded random bytes: refused for what it is, every diagnostic inside the file.
    @Test(arguments: names)
    func binaryFileIsReportedAtItsFirstNulByte(name: String) {
        var random = Mutator(seed: 8)
        var bytes = (0..<65_536).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        bytes[100] = 0
        let firstNUL = bytes.firstIndex(of: 0) ?? 100
        let line = bytes[..<firstNUL].filter { $0 == 0x0A }.count + 1
        let result = read(bytes, as: name)
        let nul = result.errors.first { $0.message.hasPrefix(TextCheck.nulMessage) }
        #expect(nul?.location.line == line)
        #expect(nul?.description.hasPrefix("\(name):\(line):") == true)
        let lines = bytes.filter { $0 == 0x0A || $0 == 0x0D }.count + 1
        #expect(result.diagnosticsPoint(into: name, lines: lines))
        #expect(result.schedule.runs.allSatisfy { ($0.distanceKm ?? 0) < 1000 })
    }

    @Test func nulByteInOneEventKeepsTheOtherEvents() {
        let text = calendar(around: "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261126\r\nSUMMARY:Easy\u{0} 5 km\r\nEND:VEVENT\r\n")
        let result = read(text, as: "nul.ics")
        #expect(result.keptTheGoodEvents)
        #expect(result.runSummary.contains("2026-11-26 easy"))
        #expect(result.errors.map(\.description).contains("nul.ics:10:13: \(TextCheck.nulMessage); NUL bytes are left out"))
        #expect(result.schedule.runs.allSatisfy { !$0.title.contains("\u{0}") })
    }

    @Test func nulByteInTOMLRefusesTheFileWithItsPosition() {
        let result = read("[[runs]]\ndate = 2026-11-24\ntitle = \"Easy\u{0}\"\n", as: "nul.toml")
        #expect(result.schedule.runs.isEmpty)
        #expect(result.errors.map(\.description) == ["nul.toml:3:14: \(TextCheck.nulMessage)"])
    }

    @Test func invalidUTF8InATitleIsAWarningAndTheEventIsKept() {
        let good = Array(calendar(around: "").utf8)
        // Put a lone 0xFF into the second SUMMARY (line 11): "SUMMARY:Long" then the bad byte.
        let summary = Array("SUMMARY:Long".utf8)
        var bytes = good
        let second = (0..<bytes.count - summary.count).filter { Array(bytes[$0..<$0 + summary.count]) == summary }.first ?? 0
        bytes.insert(0xFF, at: second + summary.count)
        let result = read(bytes, as: "latin1.ics")
        #expect(result.keptTheGoodEvents)
        #expect(result.diagnostics.map(\.description)
            == ["latin1.ics:11:13: warning: \(TextCheck.invalidUTF8Message) (bad bytes are read as \u{FFFD})"])
        #expect(result.schedule.runs.last?.title == "Long\u{FFFD} run 24 km")
    }

    @Test func invalidUTF8InCSVKeepsEveryRow() {
        var bytes = Array("date,type,distance_km,title\n2026-11-24,easy,5,Caf".utf8)
        bytes += [0xE9]  // Latin-1 "é"
        bytes += Array(" run\n2026-11-25,tempo,8,Tempo\n".utf8)
        let result = read(bytes, as: "latin1.csv")
        #expect(result.runSummary == ["2026-11-24 easy", "2026-11-25 tempo"])
        #expect(result.diagnostics.map { String($0.description.prefix(20)) } == ["latin1.csv:2:22: war"])
    }

    @Test func invalidUTF8InTOMLIsReportedAndTheRunsAreRead() {
        var bytes = Array("[[runs]]\ndate = 2026-11-24\ntype = \"easy\"\ntitle = \"Caf".utf8)
        bytes += [0xC3]  // a truncated two-byte sequence
        bytes += Array("\"\n".utf8)
        let result = read(bytes, as: "latin1.toml")
        #expect(result.runSummary == ["2026-11-24 easy"])
        #expect(result.diagnostics.first?.description.hasPrefix("latin1.toml:4:13: warning: not valid UTF-8") == true)
    }
}
