import Foundation
import LegdayConfig
import LegdayCore
import LegdayDaemon
import LegdayNotify
import LegdayTestSupport
import Logging
import Testing

/// Records what the scheduler hands over, in order.
final class RecordingDispatcher: ReminderDispatcher, @unchecked Sendable {
    private let lock = NSLock()
    private var sent: [Reminder] = []

    var reminders: [Reminder] { lock.withLock { sent } }

    func dispatch(_ reminder: Reminder, expiresAt: Date) async { lock.withLock { sent.append(reminder) } }
    func trouble() async -> String? { nil }
}

/// Records the sd_notify messages the service sends.
final class NotifyRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []

    var all: [String] { lock.withLock { messages } }
    var systemd: SystemdNotify { SystemdNotify { message in self.lock.withLock { self.messages.append(message) } } }
}

@Suite struct ReminderServiceTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    func makeService(clock: ManualClock, catchUp: CatchUp = .sameDay, watchdog: Duration? = nil,
                     goingIdle: (@Sendable () -> Void)? = nil)
        -> (ReminderService, RecordingDispatcher, NotifyRecorder) {
        let dispatcher = RecordingDispatcher()
        let recorder = NotifyRecorder()
        let setup = DaemonSetup(
            times: ReminderTimes(timeZone: berlin, dailyAt: TimeOfDay("07:00")!), catchUp: catchUp,
            reminder: { date, late in
                Reminder(for: DayPlan(date: date, phase: .base, runs: [], kind: .rest), late: late)
            },
            dispatcher: dispatcher)
        let service = ReminderService(setup: setup, clock: clock, systemd: recorder.systemd,
                                      watchdogInterval: watchdog, logger: Logger(label: "test"), goingIdle: goingIdle)
        return (service, dispatcher, recorder)
    }

    @Test func firesOnceAtTheLocalTimeThenWaitsForTomorrow() async throws {
        let clock = ManualClock(utc("2026-11-23T05:30:00Z"))  // 06:30 in Berlin
        let (service, dispatcher, recorder) = makeService(clock: clock)
        let task = Task { try await service.run() }
        await clock.waitForSleepers()
        #expect(dispatcher.reminders.isEmpty)
        #expect(clock.nextDeadline == utc("2026-11-23T06:00:00Z"))
        #expect(recorder.all.first?.hasPrefix("READY=1\nSTATUS=Next reminder mon 2026-11-23 07:00 Europe/Berlin") == true)

        clock.advance(to: utc("2026-11-23T06:00:00Z"))
        await clock.waitForSleepers()
        #expect(dispatcher.reminders.map(\.date.iso) == ["2026-11-23"])
        #expect(dispatcher.reminders.first?.late == false)
        #expect(clock.nextDeadline == utc("2026-11-24T06:00:00Z"))
        #expect(recorder.all.last?.contains("Next reminder tue 2026-11-24 07:00") == true)

        task.cancel()
        try await task.value
        #expect(recorder.all.last == "STOPPING=1")
        #expect(dispatcher.reminders.count == 1)
    }

    @Test func catchesUpLateOnStartWhenTheDayHasNotEnded() async throws {
        let clock = ManualClock(utc("2026-11-23T09:00:00Z"))  // 10:00, three hours late
        let (service, dispatcher, _) = makeService(clock: clock)
        let task = Task { try await service.run() }
        await clock.waitForSleepers()
        #expect(dispatcher.reminders.map(\.date.iso) == ["2026-11-23"])
        #expect(dispatcher.reminders.first?.late == true)
        task.cancel()
        try await task.value
    }

    @Test func doesNotCatchUpWhenTold() async throws {
        let clock = ManualClock(utc("2026-11-23T09:00:00Z"))
        let (service, dispatcher, _) = makeService(clock: clock, catchUp: .none)
        let task = Task { try await service.run() }
        await clock.waitForSleepers()
        #expect(dispatcher.reminders.isEmpty)
        #expect(clock.nextDeadline == utc("2026-11-24T06:00:00Z"))
        task.cancel()
        try await task.value
    }

    @Test func aClockSetBackDoesNotRepeatTheDay() async throws {
        let clock = ManualClock(utc("2026-11-23T05:59:00Z"))
        let (service, dispatcher, _) = makeService(clock: clock)
        let task = Task { try await service.run() }
        await clock.waitForSleepers()
        clock.advance(to: utc("2026-11-23T06:00:00Z"))
        await clock.waitForSleepers()
        #expect(dispatcher.reminders.count == 1)
        clock.jump(to: utc("2026-11-23T05:00:00Z"))  // back an hour, before 07:00 again
        await clock.waitForSleepers()
        #expect(clock.nextDeadline == utc("2026-11-24T06:00:00Z"))
        clock.advance(to: utc("2026-11-23T06:30:00Z"))
        await clock.waitForSleepers()
        #expect(dispatcher.reminders.count == 1)
        task.cancel()
        try await task.value
    }

    /// The service carries out the loop's `.endSleep`: the sleep in progress ends and the new time applies.
    @Test func aReloadEndsTheSleepAndTheNewTimeApplies() async throws {
        let clock = ManualClock(utc("2026-11-23T05:30:00Z"))  // 06:30 in Berlin
        let (service, dispatcher, recorder) = makeService(clock: clock)
        let task = Task { try await service.run() }
        await clock.waitForSleepers()
        #expect(clock.nextDeadline == utc("2026-11-23T06:00:00Z"))
        service.replaceSetup(DaemonSetup(
            times: ReminderTimes(timeZone: berlin, dailyAt: TimeOfDay("06:45")!), catchUp: .sameDay,
            reminder: { date, late in Reminder(for: DayPlan(date: date, phase: .base, runs: [], kind: .rest), late: late) },
            dispatcher: dispatcher))
        // The old sleep may still be ending (a reload can come just before the service registers it).
        #expect(await clock.waitUntil { clock.sleeperCount == 1 && clock.nextDeadline == utc("2026-11-23T05:45:00Z") })
        #expect(recorder.all.last?.contains("Next reminder mon 2026-11-23 06:45") == true)
        #expect(!recorder.all.contains("WATCHDOG=1"))
        clock.advance(to: utc("2026-11-23T05:45:00Z"))
        await clock.waitForSleepers()
        #expect(dispatcher.reminders.map(\.date.iso) == ["2026-11-23"])
        task.cancel()
        try await task.value
    }

    @Test func pingsTheWatchdogWhileSleeping() async throws {
        let clock = ManualClock(utc("2026-11-23T05:00:00Z"))
        let (service, dispatcher, recorder) = makeService(clock: clock, watchdog: .seconds(30))
        let task = Task { try await service.run() }
        for _ in 0..<4 {
            await clock.waitForSleepers()
            #expect(clock.nextDeadline == clock.now().addingTimeInterval(30))
            clock.advance(by: 30)
        }
        await clock.waitForSleepers()
        #expect(recorder.all.filter { $0 == "WATCHDOG=1" }.count == 4)
        #expect(dispatcher.reminders.isEmpty)
        task.cancel()
        try await task.value
    }

    /// Memory goes back once per sleep, `settleTime` after the loop went quiet, not on every watchdog ping.
    @Test func givesMemoryBackOnceAfterSettling() async throws {
        let clock = ManualClock(utc("2026-11-23T05:00:00Z"))
        let releases = NotifyRecorder()
        let (service, _, _) = makeService(clock: clock, watchdog: .seconds(30),
                                          goingIdle: { releases.systemd.status("released") })
        let task = Task { try await service.run() }
        await clock.waitForSleepers()
        #expect(clock.nextDeadline == clock.now().addingTimeInterval(ReminderService.settleTime))
        clock.advance(by: ReminderService.settleTime)
        await clock.waitForSleepers()
        #expect(releases.all.count == 1)
        for _ in 0..<3 {
            #expect(clock.nextDeadline == clock.now().addingTimeInterval(30))
            clock.advance(by: 30)
            await clock.waitForSleepers()
        }
        #expect(releases.all.count == 1)
        task.cancel()
        try await task.value
    }
}
