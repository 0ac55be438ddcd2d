/// Durations in config.toml: a number of seconds (`timeout = 30`) or a number with a unit
/// (`refresh = "6h"`, `"90m"`, `"45s"`, `"1d"`, `"1h30m"`).
public enum ConfigDuration {
    /// The duration in seconds, or nil when the value is neither a non-negative integer nor a duration text.
    public static func seconds(_ value: ConfigValue) -> Double? {
        switch value {
        case .integer(let seconds): return seconds >= 0 ? Double(seconds) : nil
        case .double(let seconds): return seconds >= 0 && seconds.isFinite ? seconds : nil
        case .string(let text): return seconds(text)
        default: return nil
        }
    }

    public static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        var total = 0.0
        var number = ""
        var sawUnit = false
        for ch in text.lowercased() where ch != " " {
            if ch.isNumber || ch == "." {
                number.append(ch)
            } else if let unit = units[ch], let value = Double(number), value.isFinite {
                total += value * unit
                number = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        guard sawUnit, number.isEmpty else { return nil }
        return total
    }

    /// The message for a value `seconds` rejected.
    public static let expectation = "expected a duration: seconds as a number, or text such as \"30s\", \"15m\", \"6h\", \"1d\""
}
