import Foundation
import LegdayConfig
import LegdayCore

/// Every decision of the reminder loop, with no I/O: a value that is told what happened (an event, with the
/// time it happened) and answers with what to do next (an `Action`). `ReminderService` carries the actions out
/// (sleeping, systemd's notify protocol, dispatch, logging) and feeds the outcome back as the next event, so
/// the loop's behaviour is tested by feeding events and reading actions, on any date, without sleeping.
///
/// States: *starting*; *handing over* a reminder (a send or a skip is being carried out); *sleeping* towards
/// the next reminder, in naps that end early for the watchdog and once for `settleTime`.
///
/// Events and the actions they lead to:
/// - `started(at:)`, `reminderHandled(at:)`: decide afresh. A reminder whose time has come today and that has
///   not been handed over yet is `.send` (marked late more than `lateAfter` after its time) or, when it is
///   late and its moment's catch-up is `none`, `.skipPassed`; either way it counts as handled, so a clock set
///   back never brings its day round again. Otherwise: `announce` the next reminder and `.sleep` towards it.
/// - `woke(at:)`: a nap ended. `pingWatchdog` when systemd asked for pings; `releaseMemory` once per sleep,
///   `settleTime` after it began; then the next nap, or a fresh decision when the reminder's time has come,
///   the clock went back, or it jumped past the reminder by more than `lateAfter` (a suspend, an NTP step).
/// - `setupReplaced(_:)` (a reload): the new moments apply to every later decision; a sleep in progress is
///   ended (`.endSleep`), and the `woke(at:)` that follows decides afresh without a watchdog ping.
///
/// The machine decides over a list of `Moment`s, each with its own id, time and catch-up rule, and remembers
/// the last day handed over per id: the daemon's are `daily`, and when configured `evening` (the evening
/// before a lift or recovery day: `Moment.sends` says which) and `weekly` (`ReminderTimes.weekday` says on
/// which day). The due check and `upcoming(after:)` skip the days a moment does not apply to or has nothing
/// to send on.
public struct ReminderLoop: Sendable {
    /// A reminder sent more than this after its time is marked late; a clock that jumps further than this past
    /// the reminder being slept towards makes the loop decide afresh instead of firing on time.
    public static let lateAfter: TimeInterval = 120
    /// How long the loop stays quiet before it gives memory back: long enough for start-up, a reload or a
    /// delivery to finish, so what they touched is not mapped straight back in.
    public static let settleTime: TimeInterval = 5

    /// A time at which a reminder goes out (each day, or on one weekday: `times.weekday`), and what happens
    /// when that time passed unseen.
    public struct Moment: Sendable {
        /// Names the reminder, e.g. `daily`; each id is handed over at most once a day.
        public var id: String
        public var times: ReminderTimes
        public var catchUp: CatchUp
        /// Whether the moment has a reminder to send on a local day it applies to: the evening before says
        /// nothing before a day with no lift. A day without one is neither due nor upcoming. A pure function
        /// of the day (for the evening, of the plan the setup was loaded with).
        public var sends: @Sendable (LocalDate) -> Bool

        public init(id: String, times: ReminderTimes, catchUp: CatchUp,
                    sends: @escaping @Sendable (LocalDate) -> Bool = { _ in true }) {
            self.id = id
            self.times = times
            self.catchUp = catchUp
            self.sends = sends
        }
    }

    /// How far ahead `upcoming(after:)` looks for a day a moment sends on.
    public static let horizonDays = 62

    /// A reminder whose time has come.
    public struct Due: Equatable, Sendable {
        public var moment: String
        public var date: LocalDate
        /// Sent more than `lateAfter` after its time.
        public var late: Bool
        /// The end of the reminder's day: a delivery still pending then is given up.
        public var expiresAt: Date

        public init(moment: String, date: LocalDate, late: Bool, expiresAt: Date) {
            self.moment = moment
            self.date = date
            self.late = late
            self.expiresAt = expiresAt
        }
    }

    /// The next reminder not handed over yet.
    public struct Upcoming: Equatable, Sendable {
        public var moment: String
        public var date: LocalDate
        public var instant: Date

        public init(moment: String, date: LocalDate, instant: Date) {
            self.moment = moment
            self.date = date
            self.instant = instant
        }
    }

    /// Why a nap ends at its time: what the loop will do on waking, if the clock has not moved meanwhile.
    public enum Wake: Equatable, Sendable {
        /// The reminder's time.
        case reminder
        /// Half systemd's watchdog interval has passed.
        case watchdog
        /// `settleTime` since the sleep began: memory goes back.
        case settle
    }

    /// What the service does after the chores of an `Action`, and the event it reports when done.
    public enum Next: Equatable, Sendable {
        /// Hand the reminder to the dispatcher, then report `reminderHandled(at:)`.
        case send(Due)
        /// Its time passed while legday was not running and catch-up is `none`: log it, send nothing, then
        /// report `reminderHandled(at:)`.
        case skipPassed(Due)
        /// Sleep until this instant (or until a reload or a clock change ends the sleep), then report
        /// `woke(at:)`.
        case sleep(until: Date, then: Wake)
    }

    /// One answer to an event: chores to do at once, in this order, then `next`.
    public struct Action: Equatable, Sendable {
        /// Send `WATCHDOG=1`.
        public var pingWatchdog = false
        /// Give back memory the sleeping daemon does not need.
        public var releaseMemory = false
        /// A new sleep towards this reminder begins: `STATUS=` names it.
        public var announce: Upcoming?
        public var next: Next

        public init(pingWatchdog: Bool = false, releaseMemory: Bool = false, announce: Upcoming? = nil, next: Next) {
            self.pingWatchdog = pingWatchdog
            self.releaseMemory = releaseMemory
            self.announce = announce
            self.next = next
        }
    }

    /// What a reload asks of the service.
    public enum ReloadAction: Equatable, Sendable {
        /// Cancel the sleep in progress; the `woke(at:)` that follows decides with the new setup.
        case endSleep
        /// Nothing: the loop is not asleep, and its next decision uses the new setup anyway.
        case none
    }

    private enum State: Sendable {
        case starting
        case handingOver
        case sleeping(Sleep)
    }

    private struct Sleep: Sendable {
        var toward: Upcoming
        /// When the current nap began, to see the clock go back.
        var napStartedAt: Date
        /// When memory goes back; nil once it has (or when the daemon does not release memory).
        var settleAt: Date?
        /// A reload ended this sleep.
        var ended = false
    }

    private var moments: [Moment]
    private let watchdogInterval: TimeInterval?
    private let releasesMemory: Bool
    private var state = State.starting
    /// The last day each moment's reminder was handed over, by moment id.
    private var handledDays: [String: LocalDate] = [:]

    /// - Parameters:
    ///   - moments: at least one.
    ///   - watchdogInterval: how often to ping systemd's watchdog while asleep; nil when it asked for none.
    ///   - releasesMemory: whether each sleep gives memory back once, `settleTime` after it began.
    public init(moments: [Moment], watchdogInterval: Duration?, releasesMemory: Bool) {
        precondition(!moments.isEmpty, "the reminder loop needs a moment to sleep towards")
        self.moments = moments
        self.watchdogInterval = watchdogInterval.map {
            TimeInterval($0.components.seconds) + TimeInterval($0.components.attoseconds) / 1e18
        }.flatMap { $0 > 0 ? $0 : nil }
        self.releasesMemory = releasesMemory
    }

    // MARK: Events

    /// The service starts.
    public mutating func started(at now: Date) -> Action {
        decide(at: now)
    }

    /// The reminder of the last `.send` or `.skipPassed` has been carried out.
    public mutating func reminderHandled(at now: Date) -> Action {
        decide(at: now)
    }

    /// A `.sleep` ended: at its time, early because the clock was set, or because a reload ended it.
    public mutating func woke(at now: Date) -> Action {
        guard case .sleeping(var sleep) = state, !sleep.ended else { return decide(at: now) }
        let ping = watchdogInterval != nil
        let deadline = sleep.toward.instant
        // The clock went back, or jumped far past the reminder: decide afresh rather than fire on time.
        if now < sleep.napStartedAt || now > deadline.addingTimeInterval(Self.lateAfter) {
            return decide(at: now, pingWatchdog: ping)
        }
        if now >= deadline { return decide(at: now, pingWatchdog: ping) }
        var release = false
        if let settleAt = sleep.settleAt, now >= settleAt {
            release = true
            sleep.settleAt = nil
        }
        sleep.napStartedAt = now
        state = .sleeping(sleep)
        return Action(pingWatchdog: ping, releaseMemory: release, next: nap(sleep, from: now))
    }

    /// A reload brought new moments.
    public mutating func setupReplaced(_ moments: [Moment]) -> ReloadAction {
        precondition(!moments.isEmpty, "the reminder loop needs a moment to sleep towards")
        self.moments = moments
        guard case .sleeping(var sleep) = state else { return .none }
        sleep.ended = true
        state = .sleeping(sleep)
        return .endSleep
    }

    // MARK: Questions

    /// Whether a reload has ended the sleep in progress: a sleep that starts after the reload was answered
    /// (the service had not begun it yet) must end at once.
    public var sleepEnded: Bool {
        if case .sleeping(let sleep) = state { return sleep.ended }
        return false
    }

    /// The day `moment`'s reminder was last handed over (sent or skipped).
    public func lastHandled(_ moment: String) -> LocalDate? { handledDays[moment] }

    /// The first reminder after `moment` that has not been handed over yet.
    public func upcoming(after moment: Date) -> Upcoming {
        if let first = upcoming(after: moment, count: 1).first { return first }
        // No moment sends within the horizon (no lift planned for two months): sleep towards the first moment's
        // next time and look again then.
        let next = moments[0].times.next(after: moment)
        return Upcoming(moment: moments[0].id, date: next.date, instant: next.instant)
    }

    /// The next `count` reminders after `moment` not handed over yet, every moment's, in time order (a tie in
    /// the order of the moments): what `legday next` lists.
    public func upcoming(after moment: Date, count: Int) -> [Upcoming] {
        var all: [(Upcoming, Int)] = []
        for (order, each) in moments.enumerated() {
            all += occurrences(of: each, after: moment, limit: count).map { ($0, order) }
        }
        all.sort { $0.0.instant != $1.0.instant ? $0.0.instant < $1.0.instant : $0.1 < $1.1 }
        return all.prefix(count).map(\.0)
    }

    /// Up to `limit` times `each` sends after `moment`, within `horizonDays` of the last one found.
    private func occurrences(of each: Moment, after moment: Date, limit: Int) -> [Upcoming] {
        var found: [Upcoming] = []
        var date = ReminderTimes.localDate(of: moment, in: each.times.timeZone).adding(days: -1)
        var horizon = date.adding(days: Self.horizonDays)
        while found.count < limit, date <= horizon {
            defer { date = date.adding(days: 1) }
            // A clock set back must not bring a day round twice.
            guard each.times.applies(on: date), handledDays[each.id].map({ date > $0 }) ?? true else { continue }
            let at = each.times.instant(on: date)
            guard at > moment, each.sends(date) else { continue }
            found.append(Upcoming(moment: each.id, date: date, instant: at))
            horizon = date.adding(days: Self.horizonDays)
        }
        return found
    }

    // MARK: Deciding

    /// The first reminder due now, else a new sleep towards the next one.
    private mutating func decide(at now: Date, pingWatchdog: Bool = false) -> Action {
        for moment in moments {
            guard let due = due(moment, at: now) else { continue }
            handledDays[moment.id] = due.date
            state = .handingOver
            let next: Next = due.late && moment.catchUp == .none ? .skipPassed(due) : .send(due)
            return Action(pingWatchdog: pingWatchdog, next: next)
        }
        let upcoming = upcoming(after: now)
        let sleep = Sleep(toward: upcoming, napStartedAt: now,
                          settleAt: releasesMemory ? now.addingTimeInterval(Self.settleTime) : nil)
        state = .sleeping(sleep)
        return Action(pingWatchdog: pingWatchdog, announce: upcoming, next: nap(sleep, from: now))
    }

    /// `moment`'s reminder for today when its time has come, the day has not ended and it has not been handed
    /// over yet.
    private func due(_ moment: Moment, at now: Date) -> Due? {
        let times = moment.times
        let today = ReminderTimes.localDate(of: now, in: times.timeZone)
        let at = times.instant(on: today)
        guard times.applies(on: today), now >= at, now < times.endOfDay(today),
              handledDays[moment.id].map({ $0 < today }) ?? true, moment.sends(today) else {
            return nil
        }
        return Due(moment: moment.id, date: today, late: now.timeIntervalSince(at) > Self.lateAfter,
                   expiresAt: times.endOfDay(today))
    }

    /// The next nap of `sleep`: until the reminder, or sooner for the watchdog or to settle.
    private func nap(_ sleep: Sleep, from now: Date) -> Next {
        var wake = (at: sleep.toward.instant, then: Wake.reminder)
        if let interval = watchdogInterval, now.addingTimeInterval(interval) < wake.at {
            wake = (now.addingTimeInterval(interval), .watchdog)
        }
        if let settleAt = sleep.settleAt, settleAt < wake.at {
            wake = (settleAt, .settle)
        }
        return .sleep(until: wake.at, then: wake.then)
    }
}
