import Foundation
import LegdayConfig
import LegdayCore
import LegdayNotifierRegistry
import LegdayPlugins
import LegdaySchedule

/// What must hold after reading any input, however broken: the promises of docs/robustness.md.
///
/// Not crashing is only the first one. Every diagnostic must point into the file it is about (the right path,
/// a line that exists, a non-empty message), and what was read must be usable: dates in range, distances
/// finite and plausible, sources pointing into the file.
enum Invariants {
    static func schedule(_ data: Data, format: ScheduleFormat, path: String) -> [String] {
        let result = ScheduleReader.parse(data: data, format: format, path: path)
        let lines = lineCount(data)
        var broken = diagnostics(result.diagnostics, path: path, lines: lines)
        let schedule = result.schedule
        for run in schedule.runs + schedule.unclassified {
            if let km = run.distanceKm, !(km.isFinite && km >= 0 && km < 1000) {
                broken.append("run on \(run.date) has distance \(km) km")
            }
            broken += source(run.source, path: path, lines: lines, what: "run on \(run.date)")
        }
        for strength in schedule.strength {
            broken += source(strength.source, path: path, lines: lines, what: "strength on \(strength.date)")
        }
        for note in schedule.annotations where note.last < note.first {
            broken.append("note '\(note.text.prefix(40))' ends before it starts")
        }
        if !zip(schedule.runs, schedule.runs.dropFirst()).allSatisfy({ $0.date <= $1.date }) {
            broken.append("runs are not in date order")
        }
        return broken
    }

    static func config(_ data: Data, path: String) -> [String] {
        let (configuration, found) = ConfigLoader.parseCollecting(data: data, path: path, notifierKinds: NotifierRegistry.kinds)
        var broken = diagnostics(found, path: path, lines: lineCount(data))
        if configuration == nil, !found.contains(where: { $0.severity == .error }) {
            broken.append("the config was refused without an error saying why")
        }
        // A config the loader accepts goes on through the notifier registry, as `legday run`, a reload and
        // `legday check` take it: building every notifier (nothing is sent) must not trap either, and its
        // problems must point into the file too. Absurd numbers, bad secrets and unsafe plugins end as
        // diagnostics here, never as a crash of the running daemon.
        if let configuration, !found.contains(where: { $0.severity == .error }) {
            do {
                _ = try NotifierRegistry.makeNotifiers(configuration)
            } catch {
                broken += diagnostics(error.diagnostics, path: path, lines: lineCount(data))
            }
        }
        return broken
    }

    /// A plugin's answer to `send`: whatever it printed, the result is absent or sane.
    static func pluginResult(_ data: Data) -> [String] {
        guard let result = PluginProtocol.Result.parse([UInt8](data)) else { return [] }
        if let wait = result.retryAfter, wait < .zero || wait > .seconds(7 * 86_400) {
            return ["retry_after read as \(wait), outside 0 s … 7 days"]
        }
        return []
    }

    static func diagnostics(_ diagnostics: [Diagnostic], path: String, lines: Int) -> [String] {
        var broken: [String] = []
        for diagnostic in diagnostics {
            let location = diagnostic.location
            if location.path != path {
                broken.append("diagnostic names '\(location.path)' instead of '\(path)': \(diagnostic)")
            }
            if location.line < 1 || location.line > lines + 1 || location.column < 1 {
                broken.append("diagnostic at \(location.line):\(location.column) is outside the \(lines)-line input: \(diagnostic)")
            }
            if diagnostic.message.trimmingCharacters(in: .whitespaces).isEmpty {
                broken.append("diagnostic at \(location) has no message")
            }
        }
        return broken
    }

    static func source(_ location: SourceLocation?, path: String, lines: Int, what: String) -> [String] {
        guard let location else { return [] }
        if location.path != path || location.line < 1 || location.line > lines + 1 {
            return ["\(what) claims to come from \(location), outside the \(lines)-line input"]
        }
        return []
    }

    /// Lines as an editor counts them: LF, CRLF and a lone CR each end one (the CSV reader honours all three).
    static func lineCount(_ data: Data) -> Int {
        var count = 1
        var previous: UInt8 = 0
        for byte in data {
            if byte == 0x0A, previous != 0x0D { count += 1 }
            if byte == 0x0D { count += 1 }
            previous = byte
        }
        return count
    }
}
