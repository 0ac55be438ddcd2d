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

/// The daemon's one service: sleep until the next reminder, send it, repeat; keep systemd informed.
public final class ReminderService: Service, @unchecked Sendable {
    /// A reminder sent more than this after its time is marked late.
    public static let lateAfter: TimeInterval = 120
    /// How long the loop stays quiet before it gives memory back: long enough for start-up, a reload or a
    /// delivery to finish, so what they touched is not mapped straight back in.
    public static let settleTime: TimeInterval = 5

    private let lock = NSLock()
    private var setup: DaemonSetup
    private var lastFired: LocalDate?
    private let clock: any WallClock
    private let systemd: SystemdNotify
    private let watchdogInterval: Duration?
    private let logger: Logger
    /// The sleep in progress, so a reload can end it early and the loop recomputes with the new setup.
    private var currentSleep: Task<Void, any Error>?
    private var setupChanged = false
    /// Runs once each time the loop has been asleep for `settleTime`: gives back memory the sleeping daemon
    /// does not need. Nil: no such wake-up.
    private let goingIdle: (@Sendable () -> Void)?

    public init(setup: DaemonSetup, clock: any WallClock = SystemWallClock(), systemd: SystemdNotify = .live,
                watchdogInterval: Duration? = SystemdNotify.watchdogPingInterval(), logger: Logger,
                goingIdle: (@Sendable () -> Void)? = { IdleMemory.release() }) {
        self.setup = setup
        self.clock = clock
        self.systemd = systemd
        self.watchdogInterval = watchdogInterval
        self.logger = logger
        self.goingIdle = goingIdle
    }

    /// The day of the last reminder this process handed over.
    public var lastFiredDate: LocalDate? { lock.withLock { lastFired } }

    public func run() async throws {
        systemd.ready(status: statusText(next: upcoming(after: clock.now())))
        do {
            try await cancelWhenGracefulShutdown { try await self.loop() }
        } catch is CancellationError {
            // Shutdown: not an error.
        }
        systemd.stopping()
    }

    private func loop() async throws {
        while !Task.isCancelled {
            await fireIfDue()
            let next = upcoming(after: clock.now())
            await refreshStatus()
            logger.debug("sleeping", metadata: ["until": "\(next.instant)", "date": "\(next.date)"])
            try await sleep(until: next.instant)
        }
    }

    /// Sends today's reminder when its time has come and it has not gone out yet.
    func fireIfDue() async {
        let now = clock.now()
        let (setup, last) = lock.withLock { (self.setup, self.lastFired) }
        let today = ReminderTimes.localDate(of: now, in: setup.times.timeZone)
        let due = setup.times.instant(on: today)
        guard now >= due, now < setup.times.endOfDay(today), last.map({ $0 < today }) ?? true else { return }
        let lateness = now.timeIntervalSince(due)
        let late = lateness > Self.lateAfter
        if late && setup.catchUp == .none {
            logger.notice("reminder time passed while legday was not running; catch_up is none",
                          metadata: ["date": "\(today)"])
            lock.withLock { lastFired = today }
            return
        }
        let reminder = setup.reminder(today, late)
        logger.info("sending reminder", metadata: ["date": "\(today)", "kind": "\(reminder.kind.rawValue)",
                                                   "late": "\(late)"])
        lock.withLock { lastFired = today }
        await setup.dispatcher.dispatch(reminder, expiresAt: setup.times.endOfDay(today))
    }

    /// The next reminder this process has not handed over yet.
    func upcoming(after moment: Date) -> (date: LocalDate, instant: Date) {
        let (times, last) = lock.withLock { (setup.times, lastFired) }
        var next = times.next(after: moment)
        // A clock set back must not bring a day round twice.
        if let last, next.date <= last {
            next = (last.adding(days: 1), times.instant(on: last.adding(days: 1)))
        }
        return next
    }

    /// Sleeps until `deadline`, waking to ping the watchdog when systemd asked for that, and once, after
    /// `settleTime`, to give memory back.
    private func sleep(until deadline: Date) async throws {
        let settleAt = clock.now().addingTimeInterval(Self.settleTime)
        var settled = goingIdle == nil
        while clock.now() < deadline {
            var wake = deadline
            if let interval = watchdogInterval {
                let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
                wake = min(deadline, clock.now().addingTimeInterval(seconds))
            }
            if !settled { wake = min(wake, settleAt) }
            let before = clock.now()
            try await interruptibleSleep(until: wake)
            if Task.isCancelled { throw CancellationError() }
            if lock.withLock({ () -> Bool in defer { setupChanged = false }; return setupChanged }) { return }
            if watchdogInterval != nil { systemd.watchdog() }
            // The clock went backwards (or jumped far ahead): recompute from the top of the loop.
            let after = clock.now()
            if after < before || after > deadline.addingTimeInterval(Self.lateAfter) { return }
            if !settled && after >= settleAt && after < deadline {
                settled = true
                goingIdle?()
            }
        }
    }

    /// Sends `STATUS=`: the next reminder and, when there is any, the delivery trouble, e.g.
    /// `Next reminder mon 2026-11-23 07:00 Europe/Berlin: heavy-lift; 2 deliveries waiting to retry (mail: …)`.
    /// The delivery side calls this whenever its picture changes, so trouble shows, and clears, at once.
    public func refreshStatus() async {
        let status = statusText(next: upcoming(after: clock.now()))
        let trouble = await lock.withLock { setup.dispatcher }.trouble()
        systemd.status(trouble.map { "\(status); \($0)" } ?? status)
    }

    func statusText(next: (date: LocalDate, instant: Date)) -> String {
        let setup = lock.withLock { self.setup }
        let kind = setup.reminder(next.date, false).kind.rawValue
        return "Next reminder \(next.date.weekday.rawValue) \(next.date.iso) \(setup.times.dailyAt) "
            + "\(setup.times.zoneName): \(kind)"
    }

    /// Swaps in a new setup (after a reload) and wakes the loop so it recomputes the next reminder.
    public func replaceSetup(_ new: DaemonSetup) {
        let sleeping = lock.withLock {
            setup = new
            setupChanged = true
            return currentSleep
        }
        sleeping?.cancel()
    }

    private func interruptibleSleep(until wake: Date) async throws {
        let clock = self.clock
        let task = Task { try await clock.sleep(until: wake) }
        lock.withLock { currentSleep = task }
        await withTaskCancellationHandler {
            _ = try? await task.value
        } onCancel: {
            task.cancel()
        }
        lock.withLock { currentSleep = nil }
    }
}
