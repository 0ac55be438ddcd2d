import Foundation
import LegdayConfig
import LegdayCore
import Testing
import LegdayNotifierRegistry

/// Whatever the file holds, loading ends in a configuration or in diagnostics: never a trap.
@Suite struct RobustnessTests {
    func outcome(bytes: [UInt8]) -> Result<LegdayConfiguration, ConfigError> {
        let folder = TempFolder()
        let path = folder.write("config.toml", bytes: bytes)
        do throws(ConfigError) {
            return .success(try ConfigLoader.load(path: path, notifierKinds: NotifierRegistry.kinds))
        } catch {
            return .failure(error)
        }
    }

    @Test func anEmptyFileGivesTheDefaults() throws {
        let config = try outcome(bytes: []).get()
        #expect(config.notifiers.isEmpty)
        #expect(config.reminders == ReminderSettings())
        #expect(config.rules == RuleSettings())
    }

    @Test func invalidUTF8IsReportedWhereItIs() throws {
        let bytes = Array("[athlete]\ntimezone = \"Eur".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)
        guard case .failure(let error) = outcome(bytes: bytes) else { Issue.record("loaded invalid UTF-8"); return }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(lc(diagnostic.location.line, diagnostic.location.column) == [2, 16])
        #expect(diagnostic.message.contains("UTF-8"))
    }

    @Test func aNulByteIsReportedNotTakenAsTheEnd() throws {
        let bytes = Array("[athlete]\n".utf8) + [0] + Array("garbage = = =\n".utf8)
        guard case .failure(let error) = outcome(bytes: bytes) else { Issue.record("loaded a NUL byte"); return }
        #expect(error.diagnostics.first?.location.line == 2)
    }

    /// TOMLKit's parser aborts on these instead of reporting them; the loader must catch them first.
    @Test(arguments: ["[\u{7f}", "[ é]", "[[\u{1}", "[\n", "[a]\nb = 1\n\t[ж]", "[=", "[#", "[.", "[\r\n", "[\\", "a = [ } ]", "a = [[}]]", "a = [#c\n}", "a = { b = [}] }",
                             "\u{FEFF}[[.#", "\u{FEFF}a = [}]", "a = [\u{2028}]", "a = [ \u{2029}]", "a = [\u{85}]"])
    func headersTOMLKitCannotReport(text: String) throws {
        guard case .failure(let error) = outcome(bytes: Array(text.utf8)) else { Issue.record("loaded \(text)"); return }
        let diagnostic = try #require(error.diagnostics.first)
        #expect(diagnostic.message.hasPrefix("TOML syntax:"))
    }

    @Test func bracketsInsideValuesAreNotHeaders() throws {
        let config = try outcome(bytes: Array("[athlete]\ngym_days = [\n[\"mon\"][0],\n]\n".utf8))
        if case .success = config { Issue.record("invalid array accepted") }
        let fine = try outcome(bytes: Array("[rules]\nbase_sessions_per_week = 2\n[schedule.keywords]\n\"[x]\" = \"race\"\n".utf8)).get()
        #expect(fine.keywords["[x]"] == .run(.race))
    }

    @Test func binaryJunkNeverTraps() {
        var generator = SplitMix64(seed: 2026)
        for _ in 0..<300 {
            let count = Int(generator.next() % 600)
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if case .failure(let error) = outcome(bytes: bytes) {
                #expect(!error.diagnostics.isEmpty)
            }
        }
    }

    /// Fragments of real config text, shuffled and spliced: mostly near-valid TOML, the hard case for the locator.
    @Test func mangledConfigsNeverTrap() {
        let pieces = ["[athlete]", "[[races]]", "[notifiers.x]", "type = \"smtp\"", "date = 2027-04-25", "a.b.c = 1",
                      "\"q.k\" = 'v'", "x = { y = [1, {z = 2}], w = \"\"\"\n\"\"\" }", "files = [\n\"a\",\n]", "=", "[",
                      "\"", "'''", "#", "timezone = \"Europe/Berlin\"", "daily_at = 07:00", "[rules]", "races = 3",
                      "k = [[[[]]]]", "\u{FEFF}", "é = 1", "\"ключ\" = \"значение\"", "\t", "\r\n", "{", "}", ","]
        var generator = SplitMix64(seed: 7)
        for _ in 0..<600 {
            let count = Int(generator.next() % 14)
            let text = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined(separator: "\n")
            if case .failure(let error) = outcome(bytes: Array(text.utf8)) {
                #expect(error.diagnostics.allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 })
            }
        }
    }

    @Test func deepNestingIsRefusedQuietly() {
        let deep = "x = " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        if case .success = outcome(bytes: Array(deep.utf8)) { Issue.record("5000 nested arrays accepted") }
        let inline = "x = " + String(repeating: "{a=", count: 3000) + "1" + String(repeating: "}", count: 3000) + "\n"
        _ = outcome(bytes: Array(inline.utf8))
    }

    @Test func aMissingFileOrAFolderIsADiagnostic() throws {
        let folder = TempFolder()
        #expect(throws: ConfigError.self) { try ConfigLoader.load(path: folder.path + "/nope.toml", notifierKinds: NotifierRegistry.kinds) }
        #expect(throws: ConfigError.self) { try ConfigLoader.load(path: folder.path, notifierKinds: NotifierRegistry.kinds) }
    }
}

/// A small deterministic generator, so a failing input can be found again.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
