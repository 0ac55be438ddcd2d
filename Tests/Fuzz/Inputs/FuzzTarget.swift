import Foundation
import LegdayConfig
import LegdayCore
import LegdayPlugins
import LegdaySchedule

/// One input reader under fuzzing: what it is called, where its seed corpus lives, and how one input is read.
///
/// Reading an input either returns the broken promises it found (see `Invariants`) or crashes; both are
/// findings. A libFuzzer build (`legday-fuzz`) turns a broken promise into a crash so libFuzzer keeps the input;
/// the mutation pass in the tests records it as a test failure.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case icalendar
    case csv
    case tomlSchedule = "toml-schedule"
    case config
    case pluginResult = "plugin-result"

    /// The folder under Tests/Fuzz/corpus that holds this target's seeds.
    public var corpusName: String { rawValue }

    /// The path every diagnostic must name: the reader is told this one.
    public var shownPath: String {
        switch self {
        case .icalendar: "fuzz/input.ics"
        case .csv: "fuzz/input.csv"
        case .tomlSchedule: "fuzz/input.toml"
        case .config: "fuzz/config.toml"
        case .pluginResult: "plugin output"
        }
    }

    /// Reads one input and returns every broken promise (an empty list when all is well).
    public func read(_ data: Data) -> [String] {
        switch self {
        case .icalendar: Invariants.schedule(data, format: .ics, path: shownPath)
        case .csv: Invariants.schedule(data, format: .csv, path: shownPath)
        case .tomlSchedule: Invariants.schedule(data, format: .toml, path: shownPath)
        case .config: Invariants.config(data, path: shownPath)
        case .pluginResult: Invariants.pluginResult(data)
        }
    }
}
