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
                moment.reminder(about: moment.days(sentOn: date).map(plans.day), homeEquipment: home, late: late)
            },
            sends: { date in moment.speaks(about: plans.day(moment.firstDay(sentOn: date))) })
    }
}

/// Planned days, a week at a time, each planned with the weeks around it exactly as `AppContext.day` plans
/// it, and kept so the scheduler's look-aheads (the evening before, the status line) plan each week once.
final class WeekPlans: @unchecked Sendable {
    private let context: AppContext
    private let lock = NSLock()
    private var weeks: [LocalDate: Plan] = [:]

    init(_ context: AppContext) { self.context = context }

    func day(_ date: LocalDate) -> DayPlan {
        let week = date.startOfWeek
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
