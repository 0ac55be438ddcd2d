import Foundation
import LegdayConfig
import LegdayCore
import LegdaySchedule
import Testing
import LegdayNotifierRegistry

/// Paths that name something other than a regular file: refused at once with a diagnostic, never a hang.
@Suite(.timeLimit(.minutes(1))) struct FileKindTests {
    @Test func scheduleFileThatIsAFIFOIsRefusedWithoutBlocking() throws {
        let scratch = Scratch()
        let fifo = scratch.path + "/plan.ics"
        try #require(mkfifo(fifo, 0o644) == 0)
        var result = ScheduleReadResult()
        // Opening a FIFO for reading blocks until a writer comes; none will. The suite's time limit fails a hang.
        result = ScheduleReader.read(path: fifo, displayPath: "plan.ics")
        #expect(result.diagnostics.map(\.description)
            == ["plan.ics:1:1: cannot read the schedule file: this is a FIFO (named pipe), not a regular file; refusing to read it"])
    }

    @Test func scheduleFileThatIsADeviceIsRefused() {
        let scratch = Scratch()
        let link = scratch.path + "/zero.csv"
        // /dev/zero never ends; reached through a symlink with a schedule's name.
        try? FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/zero")
        let result = ScheduleReader.read(path: link, displayPath: "zero.csv")
        #expect(result.diagnostics.map(\.description)
            == ["zero.csv:1:1: cannot read the schedule file: this is a device, not a regular file; refusing to read it"])
    }

    @Test func scheduleFileThatIsAFolderIsRefused() throws {
        let scratch = Scratch()
        let folder = scratch.path + "/plan.toml"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let result = ScheduleReader.read(path: folder, displayPath: "plan.toml")
        #expect(result.diagnostics.map(\.description)
            == ["plan.toml:1:1: cannot read the schedule file: this is a folder, not a file"])
    }

    @Test func scheduleFileSymlinkedToARegularFileIsRead() {
        let scratch = Scratch()
        let real = scratch.write("real.csv", "date,type,distance_km,title\n2026-11-24,easy,5,Easy\n")
        let link = scratch.path + "/plan.csv"
        try? FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        let result = ScheduleReader.read(path: link)
        #expect(result.diagnostics.isEmpty)
        #expect(result.runSummary == ["2026-11-24 easy"])
    }

    @Test func configThatIsADirectoryIsAClearError() throws {
        let scratch = Scratch()
        let folder = scratch.path + "/config.toml"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let (configuration, diagnostics) = ConfigLoader.loadCollecting(path: folder, notifierKinds: NotifierRegistry.kinds)
        #expect(configuration == nil)
        #expect(diagnostics.map(\.description) == ["\(folder):1:1: this is a folder, not a config file"])
    }

    @Test func configThatIsAFIFOIsRefusedWithoutBlocking() throws {
        let scratch = Scratch()
        let fifo = scratch.path + "/config.toml"
        try #require(mkfifo(fifo, 0o644) == 0)
        var diagnostics: [Diagnostic] = []
        diagnostics = ConfigLoader.loadCollecting(path: fifo, notifierKinds: NotifierRegistry.kinds).diagnostics
        #expect(diagnostics.map(\.description)
            == ["\(fifo):1:1: cannot read the config file: this is a FIFO (named pipe), not a regular file; refusing to read it"])
    }

    @Test func configThatIsBinaryIsRefusedAtItsFirstNulByte() {
        let scratch = Scratch()
        let path = scratch.write("config.toml", [0x5B, 0x61, 0x0A, 0x00, 0xFF, 0x12])
        let (configuration, diagnostics) = ConfigLoader.loadCollecting(path: path, notifierKinds: NotifierRegistry.kinds)
        #expect(configuration == nil)
        #expect(diagnostics.map(\.description) == ["\(path):2:1: \(TextCheck.nulMessage)"])
    }

    @Test func configNestedTenThousandDeepIsASyntaxErrorNotACrash() {
        let scratch = Scratch()
        let deepArray = "[athlete]\ntimezone = \"UTC\"\nx = " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        let deepKeys = "[athlete]\n" + (0..<10_000).map { "k\($0)" }.joined(separator: ".") + " = 1\n"
        for text in [deepArray, deepKeys] {
            let path = scratch.write("deep.toml", text)
            let (_, diagnostics) = ConfigLoader.loadCollecting(path: path, notifierKinds: NotifierRegistry.kinds)
            #expect(!diagnostics.isEmpty)
            #expect(diagnostics.allSatisfy { $0.location.path == path && (1...3).contains($0.location.line) })
        }
    }
}

/// Dotted keys 100,000 levels deep overflowed the stack in toml++ (schedules) and in the config loader's
/// table conversion (config); found by the catalogue and `make fuzz`. Both now stop at 64 levels.
@Suite struct DeepKeyTests {
    static let deepKey = (0..<100_000).map { "k\($0)" }.joined(separator: ".") + " = 1\n"

    @Test func scheduleWithADeepDottedKeyIsASyntaxError() {
        let result = read("[[runs]]\ndate = 2026-11-24\ntype = \"easy\"\n" + Self.deepKey, as: "deep.toml")
        #expect(result.errors.first?.description.hasPrefix("deep.toml:4:") == true)
        #expect(result.errors.first?.message == "a dotted key nested more than \(TOMLHeaderCheck.maxKeyDepth) levels deep")
    }

    @Test func configWithADeepDottedKeyIsASyntaxError() {
        let (configuration, diagnostics) = ConfigLoader.parseCollecting(data: Data(("[athlete]\n" + Self.deepKey).utf8), path: "config.toml", notifierKinds: NotifierRegistry.kinds)
        #expect(configuration == nil)
        #expect(diagnostics.first?.description.hasPrefix("config.toml:2:") == true)
    }

    @Test func ordinaryDottedKeysAndNumbersAreFine() {
        #expect(TOMLHeaderCheck.firstProblem(in: "a.b.c = 1.5\nx = 2026-11-24\ny = [1.5, 2.5e3]\n", path: "x") == nil)
    }
}
