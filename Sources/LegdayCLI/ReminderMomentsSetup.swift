import Foundation
import LegdayConfig
import LegdayCore
import LegdayDaemon

/// The reminder moments of a loaded configuration, wired once for `run`, a reload, `next` and `install`:
/// `daily` always, `evening` with `[reminders] evening_before`, `weekly` with `[reminders] weekly`.
extension AppContext {
    /// The daemon's setup: every moment with its times and reminders, all sending through `dispatcher`.
    func daemonSetup(dispatcher: any ReminderDispatcher) -> DaemonSetup {
        let plans = WeekPlans(self)
        let reminders = configuration.reminders
        let zoneName = configuration.athlete.timezone
        let daily = ReminderTimes(timeZone: timeZone, dailyAt: reminders.dailyAt, zoneName: zoneName)
        var extra: [MomentSetup] = []
        if let evening = reminders.eveningBefore {
            extra.append(momentSetup(.evening, ReminderTimes(timeZone: timeZone, dailyAt: evening, zoneName: zoneName),
                                     plans))
        }
        if let weekly = reminders.weekly {
            extra.append(momentSetup(.weekly, ReminderTimes(timeZone: timeZone, dailyAt: weekly.time,
                                                            weekday: weekly.weekday, zoneName: zoneName), plans))
        }
        return DaemonSetup(times: daily, catchUp: reminders.catchUp,
                           reminder: { date, late in Reminder(for: plans.day(date), late: late) },
                           dispatcher: dispatcher, extraMoments: extra)
    }

    private func momentSetup(_ moment: ReminderMoment, _ times: ReminderTimes, _ plans: WeekPlans) -> MomentSetup {
        let home = configuration.athlete.homeEquipment
        return MomentSetup(
            moment: moment, times: times,
            reminder: { date, late in
                let days = moment.days(sentOn: date).map(plans.day)
                var reminder = moment.reminder(about: days, homeEquipment: home, late: late)
                // The weekly reminder looks back too: how the week before went, when the runner logs.
                if moment == .weekly, let first = days.first,
                   let history = self.loggedHistory(from: first.date.adding(days: -Self.logLookback), to: first.date)?.log {
                    let before = (1...7).map { plans.day(first.date.adding(days: -$0)) }.reversed()
                    reminder = reminder.map { $0.withReview(WeekReview.text(for: Array(before), history: history)) }
                }
                return reminder
            },
            sends: { date in moment.speaks(about: plans.day(moment.firstDay(sentOn: date))) })
    }
}

/// Planned days, a week at a time, each planned with the weeks around it exactly as `AppContext.day` plans
/// it, and kept so the scheduler's look-aheads (the evening before, the status line) plan each week once.
/// The plans depend on the training log and on which day is today (docs/logging.md), so the kept weeks are
/// dropped when either changes: a runner who logs a skip at noon gets the session moved in the evening's
/// reminder.
final class WeekPlans: @unchecked Sendable {
    private let context: AppContext
    private let lock = NSLock()
    private var weeks: [LocalDate: Plan] = [:]
    private var plannedWith: String?

    init(_ context: AppContext) { self.context = context }

    /// What the kept plans were made with: today, and the log file's size and time of change.
    private func inputs() -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: LogSetup.path())
        let changed = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        // The write-ahead log changes first: a logged entry is there before it reaches the main file.
        let wal = try? FileManager.default.attributesOfItem(atPath: LogSetup.path() + "-wal")
        let walChanged = (wal?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(context.today().iso) \(changed) \(size) \(walChanged)"
    }

    func day(_ date: LocalDate) -> DayPlan {
        let week = date.startOfWeek
        let now = inputs()
        lock.withLock {
            if plannedWith != now {
                weeks.removeAll()
                plannedWith = now
            }
        }
        if let plan = lock.withLock({ weeks[week] }), let day = plan[date] { return day }
        let plan = context.plan(DateRange(first: week.adding(days: -7), last: week.adding(days: 13)))
        lock.withLock {
            // A daemon runs for months: keep a few weeks, not all of them.
            if weeks.count >= 16 { weeks.removeAll() }
            weeks[week] = plan
        }
        return plan[date]!
    }
}

/// Hands nothing over: for commands that only ask a setup when it will speak (`legday install`, `next`).
struct NoDispatch: ReminderDispatcher {
    func dispatch(_ reminder: Reminder, expiresAt: Date) async {}
    func trouble() async -> String? { nil }
}
