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
    /// The daily moment's times (and the athlete's zone).
    public var times: ReminderTimes
    public var catchUp: CatchUp
    /// Builds the daily reminder for a day; `late` marks one sent after its time.
    public var reminder: @Sendable (_ date: LocalDate, _ late: Bool) -> Reminder
    public var dispatcher: any ReminderDispatcher
    /// The moments besides the daily one (evening before, weekly), decided after it in this order.
    public var extraMoments: [MomentSetup]

    public init(times: ReminderTimes, catchUp: CatchUp,
                reminder: @escaping @Sendable (LocalDate, Bool) -> Reminder, dispatcher: any ReminderDispatcher,
                extraMoments: [MomentSetup] = []) {
        self.times = times
        self.catchUp = catchUp
        self.reminder = reminder
        self.dispatcher = dispatcher
        self.extraMoments = extraMoments
    }

    /// Every moment, the daily one first.
    public var moments: [MomentSetup] {
        let daily = reminder
        return [MomentSetup(moment: .daily, times: times, reminder: { date, late in daily(date, late) })]
            + extraMoments
    }

    /// The moment named `id`.
    public func moment(_ id: String) -> MomentSetup? { moments.first { $0.moment.rawValue == id } }

    /// The loop's view of the moments.
    public var loopMoments: [ReminderLoop.Moment] {
        moments.map { ReminderLoop.Moment(id: $0.moment.rawValue, times: $0.times, catchUp: catchUp, sends: $0.sends) }
    }

    /// The line the daemon logs on start and reload, and `legday install` prints:
    /// "next reminder: daily, Tue 2026-12-08 07:00 Europe/Berlin: heavy lift after your intervals".
    public func nextReminderLine(_ next: ReminderLoop.Upcoming) -> String {
        guard let setup = moment(next.moment) else { return "next reminder: \(next.moment), \(next.date.iso)" }
        let time = setup.times.localTime(of: next.instant)
        let weekday = String(next.date.weekday.name.prefix(3))
        var line = "next reminder: \(next.moment), \(weekday) \(next.date.iso) \(time) \(setup.times.zoneName)"
        if let reminder = setup.reminder(next.date, false) { line += ": \(reminder.gist)" }
        return line
    }

    /// The next reminder from `now` for a daemon that has handed nothing over yet: what a fresh start will
    /// announce (`legday install`).
    public func nextReminderLine(at now: Date) -> String {
        nextReminderLine(ReminderLoop(moments: loopMoments, watchdogInterval: nil, releasesMemory: false)
            .upcoming(after: now))
    }
}

/// One reminder moment of a setup: when it fires and what it sends.
public struct MomentSetup: Sendable {
    public var moment: ReminderMoment
    public var times: ReminderTimes
    /// The reminder sent at this moment on a local day, nil when it has nothing to say that day; `late` marks
    /// one sent after its time.
    public var reminder: @Sendable (_ sentOn: LocalDate, _ late: Bool) -> Reminder?
    /// Whether `reminder` has one for the day, answered without building it.
    public var sends: @Sendable (_ sentOn: LocalDate) -> Bool

    public init(moment: ReminderMoment, times: ReminderTimes,
                reminder: @escaping @Sendable (LocalDate, Bool) -> Reminder?,
                sends: (@Sendable (LocalDate) -> Bool)? = nil) {
        self.moment = moment
        self.times = times
        self.reminder = reminder
        self.sends = sends ?? { date in reminder(date, false) != nil }
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
    /// How often the watchdog is pinged while asleep, in seconds: the longest a watchdog nap may be.
    private let watchdogSeconds: TimeInterval?

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
        watchdogSeconds = watchdogInterval.map {
            TimeInterval($0.components.seconds) + TimeInterval($0.components.attoseconds) / 1e18
        }
    }

    static func moments(_ setup: DaemonSetup) -> [ReminderLoop.Moment] { setup.loopMoments }

    /// The day of the last reminder this process handed over.
    public var lastFiredDate: LocalDate? { lock.withLock { machine.lastHandled(Self.daily) } }

    public func run() async throws {
        let now = clock.now()
        let (setup, next) = lock.withLock { (self.setup, machine.upcoming(after: now)) }
        logger.notice("\(setup.nextReminderLine(next))")
        systemd.ready(status: statusText(next: next))
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
            if let reminder = setup.moment(due.moment)?.reminder(due.date, due.late) {
                logger.info("sending reminder", metadata: ["moment": "\(due.moment)", "date": "\(reminder.date)",
                                                           "kind": "\(reminder.kind.rawValue)", "late": "\(due.late)",
                                                           "id": "\(reminder.id)"])
                await setup.dispatcher.dispatch(reminder, expiresAt: due.expiresAt)
            } else {
                logger.debug("nothing to send", metadata: ["moment": "\(due.moment)", "date": "\(due.date)"])
            }
            let now = clock.now()
            return lock.withLock { machine.reminderHandled(at: now) }
        case .skipPassed(let due):
            logger.notice("reminder time passed while legday was not running; catch_up is none",
                          metadata: ["moment": "\(due.moment)", "date": "\(due.date)"])
            let now = clock.now()
            return lock.withLock { machine.reminderHandled(at: now) }
        case .sleep(let wake, let then):
            if then == .reminder {
                await interruptibleSleep { clock in try await clock.sleep(until: wake) }
            } else {
                // A short nap (the watchdog, settling) on elapsed time: a wild clock reading cannot push it
                // days away; on waking the machine reads the clock again and decides.
                let longest = then == .watchdog ? watchdogSeconds ?? Self.settleTime : Self.settleTime
                let seconds = min(max(wake.timeIntervalSince(clock.now()), 0), longest)
                await interruptibleSleep { clock in try await clock.nap(for: .milliseconds(Int64(seconds * 1000))) }
            }
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

    /// `Next reminder tue 2026-11-24 07:00 Europe/Berlin: heavy-lift`; another moment than the daily one says
    /// which and the day it is about: `…20:00 Europe/Berlin: evening, heavy-lift on wed 2026-11-25`.
    func statusText(next: ReminderLoop.Upcoming) -> String {
        let setup = lock.withLock { self.setup }
        guard let moment = setup.moment(next.moment) else { return "Next reminder \(next.date.iso)" }
        let reminder = moment.reminder(next.date, false)
        var text = "Next reminder \(next.date.weekday.rawValue) \(next.date.iso) "
            + "\(moment.times.localTime(of: next.instant)) \(moment.times.zoneName): "
        if moment.moment != .daily {
            text += "\(moment.moment.rawValue), "
        }
        text += reminder?.kind.rawValue ?? "nothing to send"
        if let reminder, moment.moment != .daily {
            text += " on \(reminder.date.weekday.rawValue) \(reminder.date.iso)"
        }
        return text
    }

    /// The line logged on start and after each reload: the next reminder and what it will be.
    public func nextReminderLine() -> String {
        let now = clock.now()
        let (setup, next) = lock.withLock { (self.setup, machine.upcoming(after: now)) }
        return setup.nextReminderLine(next)
    }

    /// Swaps in a new setup (after a reload), wakes the loop so it recomputes the next reminder, and logs it.
    public func replaceSetup(_ new: DaemonSetup) {
        let sleeping = lock.withLock { () -> Task<Void, any Error>? in
            setup = new
            return machine.setupReplaced(Self.moments(new)) == .endSleep ? currentSleep : nil
        }
        sleeping?.cancel()
        logger.notice("\(nextReminderLine())")
    }


    private func interruptibleSleep(_ sleep: @escaping @Sendable (any WallClock) async throws -> Void) async {
        let clock = self.clock
        let task = Task { try await sleep(clock) }
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
