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
        guard sawUnit, number.isEmpty, total.isFinite else { return nil }
        return total
    }

    /// A number of seconds as a `Duration`, for values already range-checked where they were read. Never
    /// traps: NaN and negatives become zero and anything beyond a year is cut to a year, so a value that
    /// slipped past a check still cannot bring the daemon down in an integer conversion.
    public static func duration(seconds: Double) -> Duration {
        guard seconds.isFinite, seconds > 0 else { return .zero }
        let bounded = min(seconds, longest)
        return .milliseconds(Int64((bounded * 1000).rounded()))
    }

    /// A year: no duration legday reads from config or a plugin may be longer.
    public static let longest: Double = 366 * 86_400

    /// `seconds` read from `value`, then checked to lie in `range`; nil with a message saying the range.
    public static func seconds(_ value: ConfigValue, in range: ClosedRange<Double>) -> Result<Double, RangeProblem> {
        guard let seconds = seconds(value) else { return .failure(RangeProblem(message: expectation)) }
        guard seconds > 0, range.contains(seconds) else {
            return .failure(RangeProblem(message: "must be above 0 s and at most \(describe(range.upperBound)); got \(describe(seconds))"))
        }
        return .success(seconds)
    }

    /// A problem with a duration's range, worded for `path:line:column: key: …`.
    public struct RangeProblem: Error, Sendable, Hashable { public var message: String }

    /// `600 s`, `3600 s`, or a short scientific form for a number too big to print whole.
    public static func describe(_ seconds: Double) -> String {
        if seconds.isFinite, seconds == seconds.rounded(), abs(seconds) < 1e12 { return "\(Int64(seconds)) s" }
        return "\(seconds) s"
    }

    /// The message for a value `seconds` rejected.
    public static let expectation = "expected a duration: seconds as a number, or text such as \"30s\", \"15m\", \"6h\", \"1d\""
}
