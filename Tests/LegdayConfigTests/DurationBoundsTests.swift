import Foundation
import LegdayConfig
import LegdayCore
import Testing

/// Every notifier `timeout` is range-checked where config.toml is read, so a saved file with an absurd
/// value is refused with its line and column (and a running daemon keeps its old configuration) instead of
/// trapping later in an integer conversion.
@Suite struct DurationBoundsTests {
    @Test(arguments: [
        ("webhook", "1e300"), ("webhook", "1e10"), ("webhook", "601"), ("smtp", "1e300"),
        ("smtp", "\"99999999999999999999999d\""), ("smtp", "\"1e400s\""), ("stdout", "-1"), ("journal", "0"),
        ("plugin", "3601"), ("plugin", "inf"), ("plugin", "nan"),
    ])
    func aTimeoutOutOfRangeIsRefusedAtItsValue(type: String, value: String) {
        let found = problems("[notifiers.n]\ntype = \"\(type)\"\ntimeout = \(value)\n")
        let timeoutProblems = found.filter { $0.line == 3 && $0.column == 11 }
        #expect(timeoutProblems.count == 1, "\(found)")
    }

    @Test func theMessageSaysTheRange() {
        let found = problems("[notifiers.hook]\ntype = \"webhook\"\ntimeout = 1e10\n")
        #expect(found.contains { $0.message.contains("must be above 0 s and at most 600 s; got 10000000000 s") },
                "\(found)")
    }

    @Test(arguments: [("webhook", "600"), ("smtp", "\"10m\""), ("plugin", "3600"), ("stdout", "0.5")])
    func aTimeoutInRangeIsKept(type: String, value: String) {
        let found = problems("[notifiers.n]\ntype = \"\(type)\"\ntimeout = \(value)\n")
        #expect(!found.contains { $0.line == 3 }, "\(found)")
    }

    @Test func aDurationTextTooBigForADoubleIsNotADuration() {
        #expect(ConfigDuration.seconds("1" + String(repeating: "0", count: 400) + "s") == nil)
        #expect(ConfigDuration.seconds("90m") == 5400)
    }

    @Test func durationNeverTraps() {
        #expect(ConfigDuration.duration(seconds: .infinity) == .zero)
        #expect(ConfigDuration.duration(seconds: .nan) == .zero)
        #expect(ConfigDuration.duration(seconds: -5) == .zero)
        #expect(ConfigDuration.duration(seconds: 1e300) == .seconds(Int64(ConfigDuration.longest)))
        #expect(ConfigDuration.duration(seconds: 2.5) == .milliseconds(2500))
    }
}
