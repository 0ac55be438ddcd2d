import Foundation
import LegdayConfig
@_exported import enum LegdayPluginKit.JSONValue

/// The host's additions to the plugin kit's `JSONValue`. Plugin options and a plugin's describe output are
/// free-form JSON whose shape only the plugin knows, so the host carries them as values.
extension JSONValue {
    /// Parses JSON text; nil when it is not JSON.
    public static func parse(_ bytes: some Collection<UInt8>) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// A config value as JSON. TOML dates and times have no JSON type; they become their ISO text.
    public init(_ value: ConfigValue) {
        switch value {
        case .string(let s): self = .string(s)
        case .integer(let i): self = .integer(i)
        case .double(let d): self = .double(d)
        case .bool(let b): self = .bool(b)
        case .array(let a): self = .array(a.map(JSONValue.init))
        case .table(let t): self = .object(t.mapValues(JSONValue.init))
        case .date(let d): self = .string(d.iso)
        case .time(let t): self = .string(String(describing: t))
        case .dateTime(let text): self = .string(text)
        }
    }
}
