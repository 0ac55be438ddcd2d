import Foundation
import LegdayCore
import TOMLKit

/// Reads and checks config.toml.
public enum ConfigLoader {
    public static func load(path: String) throws(ConfigError) -> LegdayConfiguration {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw ConfigError([Diagnostic(SourceLocation(path: path, line: 1), "cannot read the config file")])
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws(ConfigError) -> LegdayConfiguration {
        throw ConfigError([Diagnostic(SourceLocation(path: path, line: 1), "config reading is being written")])
    }
}
