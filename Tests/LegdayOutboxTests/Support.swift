import Foundation
import LegdayCore
import LegdayNotify
import LegdayTestSupport
@testable import LegdayOutbox

/// A notifier for testing the engine: counts calls and answers from a script (nil = accept). When the script
/// runs out it accepts. `hang` makes a send wait until it is cancelled.
final class ScriptedNotifier: Notifier, @unchecked Sendable {
    let name: String
    private let lock = NSLock()
    private var script: [NotifierError?]
    private var contexts: [DeliveryContext] = []
    private var cancellations = 0
    private let hang: Bool

    init(_ name: String, script: [NotifierError?] = [], hang: Bool = false) {
        self.name = name
        self.script = script
        self.hang = hang
    }

    var calls: [DeliveryContext] { lock.withLock { contexts } }
    var cancelled: Int { lock.withLock { cancellations } }

    func failAlways(_ error: NotifierError) { lock.withLock { script = Array(repeating: error, count: 1000) } }

    func send(_ reminder: Reminder, context: DeliveryContext) async throws {
        let answer: NotifierError? = lock.withLock {
            contexts.append(context)
            return script.isEmpty ? nil : script.removeFirst()
        }
        if hang {
            do {
                // Cancelled by the engine's timeout long before this could elapse; nothing really waits.
                try await Task.sleep(for: .seconds(86_400))
            } catch {
                lock.withLock { cancellations += 1 }
                throw error
            }
        }
        if let answer { throw answer }
    }
}

/// Collects what the engine logs.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [DeliveryEvent] = []
    var events: [DeliveryEvent] { lock.withLock { stored } }
    func record(_ event: DeliveryEvent) { lock.withLock { stored.append(event) } }
}

/// A folder of its own for each test's outbox file.
func temporaryOutboxPath() throws -> String {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("legday-outbox-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent("state/outbox.sqlite").path
}

func sampleReminder(_ iso: String = "2026-11-23", athlete: String = "runner") -> Reminder {
    let date = LocalDate(iso: iso) ?? LocalDate(daysSinceEpoch: 20_000)
    let day = DayPlan(date: date, phase: .base, runs: [Run(date: date, type: .easy, distanceKm: 8)], kind: .rest,
                      reasons: [Reason(rule: "test", "An easy run and nothing else today.")])
    return Reminder(for: day, athlete: athlete)
}

func makeEngine(_ outbox: Outbox, _ notifiers: [ScriptedNotifier], clock: ManualClock,
                settings: [String: NotifierSettings] = [:], policy: RetryPolicy = RetryPolicy(),
                seed: UInt64 = 7, log: EventLog = EventLog()) -> DeliveryEngine {
    DeliveryEngine(outbox: outbox, notifiers: Dictionary(uniqueKeysWithValues: notifiers.map { ($0.name, $0) }),
                   settings: settings, policy: policy, clock: clock, random: SeededRandom(seed: seed),
                   log: { log.record($0) })
}
