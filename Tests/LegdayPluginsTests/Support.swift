import Foundation
import LegdayCore
@testable import LegdayPlugins

/// A private temporary folder (mode 0700, as mkdtemp makes it) for plugin scripts the tests write.
final class PluginFolder {
    let path: String

    init() throws {
        var template = Array("/tmp/legday-plugins-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template), let real = realpath(made, nil) else { throw PluginError("mkdtemp failed") }
        path = String(cString: real)
        free(real)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes an executable sh script and returns its path.
    @discardableResult
    func script(_ name: String, mode: mode_t = 0o700, _ body: String) throws -> String {
        let file = path + "/" + name
        try write("#!/bin/sh\n" + body + "\n", to: file)
        chmod(file, mode)
        return file
    }

    /// Writes through a close-on-exec descriptor: tests run in parallel, and a plugin spawned meanwhile must
    /// not inherit a script still open for writing (its exec would fail with ETXTBSY).
    func write(_ text: String, to file: String) throws {
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw PluginError("cannot write \(file)") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard Glibc.write(fd, bytes, bytes.count) == bytes.count else { throw PluginError("cannot write \(file)") }
    }

    func read(_ name: String) -> String? {
        try? String(contentsOfFile: path + "/" + name, encoding: .utf8)
    }
}

/// Collects what plugins write to standard error.
final class LogRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [PluginLogEntry] = []

    var all: [PluginLogEntry] { lock.withLock { entries } }

    func record(_ entry: PluginLogEntry) { lock.withLock { entries.append(entry) } }
}

func makeHost(_ recorder: LogRecorder, environment: [String: String] = [:]) -> PluginHost {
    var env = ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent-home", "LANG": "C.UTF-8"]
    env.merge(environment) { _, new in new }
    return PluginHost(environment: env, killGrace: .milliseconds(500), outputLimit: 64 * 1024,
                      log: { recorder.record($0) })
}

func sampleReminder() -> Reminder {
    let date = LocalDate(year: 2026, month: 11, day: 23)!
    let day = DayPlan(date: date, phase: .base, runs: [Run(date: date, type: .easy, distanceKm: 8)], kind: .rest,
                      reasons: [Reason(rule: "sample", "A sample day for plugin tests.")])
    return Reminder(for: day, athlete: "test")
}

/// True when no process `pid` is running (gone, or a zombie waiting for its parent).
func isGone(_ pid: pid_t) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
    guard let close = stat.lastIndex(of: ")") else { return true }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state == "Z" || state == "X"
}
