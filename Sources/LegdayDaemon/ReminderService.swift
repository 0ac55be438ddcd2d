import Foundation
import LegdayConfig
import LegdayCore
import LegdayNotify
import Logging
import ServiceLifecycle

/// Hands a reminder to the notifiers. Implementations must be idempotent per reminder id: the scheduler
/// may hand over the same reminder again after a restart (catch-up), and it must not arrive twice.
public protocol ReminderDispatcher: Sendable {
    func dispatch(_ reminder: Reminder, expiresAt: Date) async
    /// A short description of delivery trouble for systemd's `STATUS=`, or nil when all is well.
    func trouble() async -> String?
}

/// What the scheduler needs to know, all of it derived from config and schedule at (re)load.
public struct DaemonSetup: Sendable {
    public var times: ReminderTimes
    public var catchUp: CatchUp
    /// Builds the reminder for a day; `late` marks one sent after its time.
    public var reminder: @Sendable (_ date: LocalDate, _ late: Bool) -> Reminder
    public var dispatcher: any ReminderDispatcher

    public init(times: ReminderTimes, catchUp: CatchUp,
                reminder: @escaping @Sendable (LocalDate, Bool) -> Reminder, dispatcher: any ReminderDispatcher) {
        self.times = times
        self.catchUp = catchUp
        self.reminder = reminder
        self.dispatcher = dispatcher
    }
}

/// The daemon's one service: sleep until the next reminder, send it, repeat; keep systemd informed. Every
/// decision is `ReminderLoop`'s; this class carries its actions out and reports back what happened.
public final class ReminderService: Service, @unchecked Sendable {
    /// A reminder sent more than this after its time is marked late.
    public static let lateAfter = ReminderLoop.lateAfter
    /// How long the loop stays quiet before it gives memory back (`ReminderLoop.settleTime`).
    public static let settleTime = ReminderLoop.settleTime
    /// The id of the daemon's one reminder moment.
    static let daily = "daily"

    private let lock = NSLock()
    private var setup: DaemonSetup
    /// The decisions; read and changed only under `lock`, since a reload arrives from another task.
    private var machine: ReminderLoop
    private let clock: any WallClock
    private let systemd: SystemdNotify
    private let logger: Logger
    /// The sleep in progress, so a reload can end it early and the loop recomputes with the new setup.
    private var currentSleep: Task<Void, any Error>?
    /// Runs once each time the loop has been asleep for `settleTime`: gives back memory the sleeping daemon
    /// does not need. Nil: no such wake-up.
    private let goingIdle: (@Sendable () -> Void)?

    public init(setup: DaemonSetup, clock: any WallClock = SystemWallClock(), systemd: SystemdNotify = .live,
                watchdogInterval: Duration? = SystemdNotify.watchdogPingInterval(), logger: Logger,
                goingIdle: (@Sendable () -> Void)? = { IdleMemory.release() }) {
        self.setup = setup
        machine = ReminderLoop(moments: Self.moments(setup), watchdogInterval: watchdogInterval,
                               releasesMemory: goingIdle != nil)
        self.clock = clock
        self.systemd = systemd
        self.logger = logger
        self.goingIdle = goingIdle
    }

    static func moments(_ setup: DaemonSetup) -> [ReminderLoop.Moment] {
        [ReminderLoop.Moment(id: daily, times: setup.times, catchUp: setup.catchUp)]
    }

    /// The day of the last reminder this process handed over.
    public var lastFiredDate: LocalDate? { lock.withLock { machine.lastHandled(Self.daily) } }

    public func run() async throws {
        let now = clock.now()
        systemd.ready(status: statusText(next: lock.withLock { machine.upcoming(after: now) }))
        do {
            try await cancelWhenGracefulShutdown { try await self.loop() }
        } catch is CancellationError {
            // Shutdown: not an error.
        }
        systemd.stopping()
    }

    private func loop() async throws {
        let now = clock.now()
        var action = lock.withLock { machine.started(at: now) }
        while !Task.isCancelled {
            action = try await perform(action)
        }
    }

    /// Carries out one action and returns the machine's answer to how it went.
    private func perform(_ action: ReminderLoop.Action) async throws -> ReminderLoop.Action {
        if action.pingWatchdog { systemd.watchdog() }
        if action.releaseMemory { goingIdle?() }
        if let next = action.announce {
            await refreshStatus(next: next)
            logger.debug("sleeping", metadata: ["until": "\(next.instant)", "date": "\(next.date)"])
        }
        switch action.next {
        case .send(let due):
            let setup = lock.withLock { self.setup }
            let reminder = setup.reminder(due.date, due.late)
            logger.info("sending reminder", metadata: ["date": "\(due.date)", "kind": "\(reminder.kind.rawValue)",
                                                       "late": "\(due.late)"])
            await setup.dispatcher.dispatch(reminder, expiresAt: due.expiresAt)
            let now = clock.now()
            return lock.withLock { machine.reminderHandled(at: now) }
        case .skipPassed(let due):
            logger.notice("reminder time passed while legday was not running; catch_up is none",
                          metadata: ["date": "\(due.date)"])
            let now = clock.now()
            return lock.withLock { machine.reminderHandled(at: now) }
        case .sleep(let wake, _):
            await interruptibleSleep(until: wake)
            if Task.isCancelled { throw CancellationError() }
            let now = clock.now()
            return lock.withLock { machine.woke(at: now) }
        }
    }

    /// Sends `STATUS=`: the next reminder and, when there is any, the delivery trouble, e.g.
    /// `Next reminder mon 2026-11-23 07:00 Europe/Berlin: heavy-lift; 2 deliveries waiting to retry (mail: …)`.
    /// The delivery side calls this whenever its picture changes, so trouble shows, and clears, at once.
    public func refreshStatus() async {
        let now = clock.now()
        await refreshStatus(next: lock.withLock { machine.upcoming(after: now) })
    }

    private func refreshStatus(next: ReminderLoop.Upcoming) async {
        let status = statusText(next: next)
        let trouble = await lock.withLock { setup.dispatcher }.trouble()
        systemd.status(trouble.map { "\(status); \($0)" } ?? status)
    }

    func statusText(next: ReminderLoop.Upcoming) -> String {
        let setup = lock.withLock { self.setup }
        let kind = setup.reminder(next.date, false).kind.rawValue
        return "Next reminder \(next.date.weekday.rawValue) \(next.date.iso) \(setup.times.dailyAt) "
            + "\(setup.times.zoneName): \(kind)"
    }

    /// Swaps in a new setup (after a reload) and wakes the loop so it recomputes the next reminder.
    public func replaceSetup(_ new: DaemonSetup) {
        let sleeping = lock.withLock { () -> Task<Void, any Error>? in
            setup = new
            return machine.setupReplaced(Self.moments(new)) == .endSleep ? currentSleep : nil
        }
        sleeping?.cancel()
    }

    private func interruptibleSleep(until wake: Date) async {
        let clock = self.clock
        let task = Task { try await clock.sleep(until: wake) }
        // A reload answered between the machine's `.sleep` and this point found no sleep to cancel.
        let endedAlready = lock.withLock {
            currentSleep = task
            return machine.sleepEnded
        }
        if endedAlready { task.cancel() }
        await withTaskCancellationHandler {
            _ = try? await task.value
        } onCancel: {
            task.cancel()
        }
        lock.withLock { currentSleep = nil }
    }
}
