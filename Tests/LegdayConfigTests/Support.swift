import Foundation
import LegdayConfig
import LegdayCore
import LegdayNotifierRegistry

/// A fresh folder for one test's config and schedule files, removed when the test ends.
final class TempFolder {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "legday-config-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String, mode: Int = 0o644) -> String {
        let file = path + "/" + name
        FileManager.default.createFile(atPath: file, contents: Data(text.utf8),
                                       attributes: [.posixPermissions: mode])
        return file
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) -> String {
        let file = path + "/" + name
        FileManager.default.createFile(atPath: file, contents: Data(bytes))
        return file
    }
}

/// Loads `text` as `config.toml` in `folder`; returns the configuration or the diagnostics.
func load(_ text: String, in folder: TempFolder) -> Result<LegdayConfiguration, ConfigError> {
    let path = folder.write("config.toml", text)
    do throws(ConfigError) {
        return .success(try ConfigLoader.load(path: path, notifierKinds: NotifierRegistry.kinds))
    } catch {
        return .failure(error)
    }
}

/// The diagnostics `text` produces, as (line, column, message).
func problems(_ text: String, in folder: TempFolder = TempFolder()) -> [(line: Int, column: Int, message: String)] {
    switch load(text, in: folder) {
    case .success: return []
    case .failure(let error): return error.diagnostics.map { ($0.location.line, $0.location.column, $0.message) }
    }
}

/// The issue 2 minimal config, exactly as the issue has it.
let minimalConfig = """
[athlete]
timezone = "Europe/Berlin"
policy = "stack"            # or "separate"

[schedule]
files = ["plan.ics"]        # .toml, .ics or .csv; several merge

[[races]]
date = 2027-04-25
name = "Spring Marathon"
distance = "marathon"       # 5k, 10k, half, marathon, or km as a number

[reminders]
daily_at = "07:00"

[notifiers.log]
type = "journal"
"""

/// Swift Testing has a `SourceLocation` of its own; in these tests the name means legday's.
typealias SourceLocation = LegdayCore.SourceLocation

/// A line and column as one comparable value (a bare `[a, b] == [c, d]` is ambiguous inside `#expect`).
func lc(_ line: Int, _ column: Int) -> [Int] { [line, column] }
