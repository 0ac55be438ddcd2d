import Foundation
import LegdayConfig
import LegdayCore
import LegdayDaemon
import Logging
import Testing

/// SIGHUP, the file watcher and the feed refresher each start reloads from tasks of their own. Reloads run
/// one at a time, so an older configuration can never be applied after a newer one.
@Suite struct ReloadOrderTests {
    final class Journal: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [String] = []
        private var loadsInFlight = 0
        private(set) var mostInFlight = 0
        private var version = 0

        var all: [String] { lock.withLock { events } }
        var most: Int { lock.withLock { mostInFlight } }

        func startLoad() -> Int {
            lock.withLock {
                loadsInFlight += 1
                mostInFlight = max(mostInFlight, loadsInFlight)
                version += 1
                events.append("load \(version)")
                return version
            }
        }

        func endLoad() { lock.withLock { loadsInFlight -= 1 } }
        func applied(_ version: Int) { lock.withLock { events.append("apply \(version)") } }
    }

    static func setup(version: Int) -> DaemonSetup {
        DaemonSetup(times: ReminderTimes(timeZone: TimeZone(identifier: "UTC")!, dailyAt: TimeOfDay("07:00")!),
                    catchUp: .none,
                    reminder: { date, late in
                        Reminder(id: "v\(version)", date: date, kind: .rest, title: "", body: "",
                                 day: DayPlan(date: date, phase: .base, runs: [], kind: .rest), late: late)
                    },
                    dispatcher: NoDispatch())
    }

    struct NoDispatch: ReminderDispatcher {
        func dispatch(_ reminder: Reminder, expiresAt: Date) async {}
        func trouble() async -> String? { nil }
    }

    @Test func concurrentReloadsRunOneAtATimeAndTheLastLoadedIsApplied() async {
        let journal = Journal()
        let service = ReloadService(
            watching: [], systemd: .none, logger: Logger(label: "test"),
            load: {
                let version = journal.startLoad()
                // Give another reload every chance to start meanwhile (it must not).
                for _ in 0..<1000 { _ = ProcessInfo.processInfo.systemUptime }
                journal.endLoad()
                return .success((Self.setup(version: version), []))
            },
            apply: { setup in
                let id = setup.reminder(LocalDate(daysSinceEpoch: 20_000), false).id
                journal.applied(Int(id.dropFirst()) ?? -1)
            })
        await withTaskGroup(of: Void.self) { group in
            for n in 0..<16 {
                group.addTask { service.reload(reason: "test \(n)") }
            }
        }
        #expect(journal.most == 1)
        let events = journal.all
        #expect(events.count == 32)
        // Each load is followed by its own apply before the next load starts.
        for n in 1...16 {
            #expect(events[2 * (n - 1)] == "load \(n)" && events[2 * (n - 1) + 1] == "apply \(n)", "\(events)")
        }
    }
}

/// A status quotes notifier errors, text from outside: it stays one assignment of the notify protocol.
@Suite struct SystemdStatusTests {
    @Test func aLineBreakInAStatusCannotAddAnAssignment() {
        let sent = NSLockedStrings()
        let systemd = SystemdNotify { sent.append($0) }
        systemd.status("1 failed (hook: HTTP 500: boom\nWATCHDOG=1\nMAINPID=1 \u{1B}[2J)")
        systemd.ready(status: "x\r\nSTOPPING=1")
        #expect(sent.all == ["STATUS=1 failed (hook: HTTP 500: boom WATCHDOG=1 MAINPID=1  [2J)",
                             "READY=1\nSTATUS=x  STOPPING=1"])
    }

    final class NSLockedStrings: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        var all: [String] { lock.withLock { items } }
        func append(_ item: String) { lock.withLock { items.append(item) } }
    }
}
