import Foundation
import LegdayConfig
import LegdayCore
import LegdayDaemon
import Testing

/// The evening-before and weekly moments in the reminder loop, fed events by hand: no clock, no sleeping.
/// Times are UTC instants; the comments give Berlin's local time. 2026-12-06 and 2026-12-13 are Sundays.
@Suite struct ReminderMomentsLoopTests {
    typealias Loop = ReminderLoop
    typealias Action = ReminderLoop.Action

    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    func times(_ time: String, on weekday: Weekday? = nil) -> ReminderTimes {
        ReminderTimes(timeZone: Self.berlin, dailyAt: TimeOfDay(time)!, weekday: weekday)
    }

    func daily(_ time: String = "07:00", catchUp: CatchUp = .sameDay) -> Loop.Moment {
        Loop.Moment(id: "daily", times: times(time), catchUp: catchUp)
    }

    /// The evening before, sending only on the days in `liftEves` (the eves of a lift or recovery day).
    func evening(_ time: String = "20:00", catchUp: CatchUp = .sameDay, liftEves: Set<String>? = nil) -> Loop.Moment {
        Loop.Moment(id: "evening", times: times(time), catchUp: catchUp,
                    sends: { date in liftEves.map { $0.contains(date.iso) } ?? true })
    }

    func weekly(_ time: String = "18:00", on weekday: Weekday = .sun, catchUp: CatchUp = .sameDay) -> Loop.Moment {
        Loop.Moment(id: "weekly", times: times(time, on: weekday), catchUp: catchUp)
    }

    func loop(_ moments: [Loop.Moment]) -> Loop {
        Loop(moments: moments, watchdogInterval: nil, releasesMemory: false)
    }

    func due(_ date: String, _ moment: String, late: Bool = false) -> Loop.Due {
        Loop.Due(moment: moment, date: day(date), late: late, expiresAt: times("07:00").endOfDay(day(date)))
    }

    func upcoming(_ date: String, _ instant: String, _ moment: String) -> Loop.Upcoming {
        Loop.Upcoming(moment: moment, date: day(date), instant: utc(instant))
    }

    func sleep(_ until: String) -> Loop.Next { .sleep(until: utc(until), then: .reminder) }

    // MARK: The evening before

    @Test func theEveningBeforeALiftIsDueAtItsTimeOnce() {
        var machine = loop([daily(), evening(liftEves: ["2026-12-07"])])
        // 19:00: the morning's reminder catches up first, then the loop sleeps towards 20:00.
        #expect(machine.started(at: utc("2026-12-07T18:00:00Z")) == Action(next: .send(due("2026-12-07", "daily", late: true))))
        #expect(machine.reminderHandled(at: utc("2026-12-07T18:00:00Z")) == Action(
            announce: upcoming("2026-12-07", "2026-12-07T19:00:00Z", "evening"), next: sleep("2026-12-07T19:00:00Z")))
        #expect(machine.woke(at: utc("2026-12-07T19:00:00Z")) == Action(next: .send(due("2026-12-07", "evening"))))
        #expect(machine.lastHandled("evening") == day("2026-12-07"))
        // Then the morning, not the same evening again.
        #expect(machine.reminderHandled(at: utc("2026-12-07T19:00:01Z")) == Action(
            announce: upcoming("2026-12-08", "2026-12-08T06:00:00Z", "daily"), next: sleep("2026-12-08T06:00:00Z")))
    }

    /// An evening before a day with no lift is neither due nor upcoming: the next one is the next eve of a lift.
    @Test func anEveningBeforeADayWithoutALiftIsSkipped() {
        var machine = loop([evening(liftEves: ["2026-12-09"])])
        #expect(machine.started(at: utc("2026-12-07T19:30:00Z")) == Action(  // 20:30 on a no-lift eve
            announce: upcoming("2026-12-09", "2026-12-09T19:00:00Z", "evening"), next: sleep("2026-12-09T19:00:00Z")))
        #expect(machine.lastHandled("evening") == nil)
        // Woken on the 8th at 20:00, another eve with no lift: it sleeps on.
        #expect(machine.woke(at: utc("2026-12-08T19:00:00Z")) == Action(next: sleep("2026-12-09T19:00:00Z")))
    }

    @Test func eveningCatchUpSameDaySendsLateUntilMidnightNoneSkips() {
        var sameDay = loop([evening()])
        #expect(sameDay.started(at: utc("2026-12-07T22:30:00Z")) ==  // 23:30
            Action(next: .send(due("2026-12-07", "evening", late: true))))
        var afterMidnight = loop([evening()])
        #expect(afterMidnight.started(at: utc("2026-12-07T23:00:00Z")) == Action(  // 00:00 on the 8th
            announce: upcoming("2026-12-08", "2026-12-08T19:00:00Z", "evening"), next: sleep("2026-12-08T19:00:00Z")))
        var none = loop([evening(catchUp: .none)])
        #expect(none.started(at: utc("2026-12-07T21:00:00Z")) ==
            Action(next: .skipPassed(due("2026-12-07", "evening", late: true))))
        #expect(none.lastHandled("evening") == day("2026-12-07"))
    }

    // MARK: Weekly

    @Test func weeklyIsDueOnlyOnItsWeekday() {
        var machine = loop([weekly()])
        // Saturday 18:30: tomorrow, Sunday, at 18:00.
        #expect(machine.started(at: utc("2026-12-05T17:30:00Z")) == Action(
            announce: upcoming("2026-12-06", "2026-12-06T17:00:00Z", "weekly"), next: sleep("2026-12-06T17:00:00Z")))
        #expect(machine.woke(at: utc("2026-12-06T17:00:00Z")) == Action(next: .send(due("2026-12-06", "weekly"))))
        #expect(machine.reminderHandled(at: utc("2026-12-06T17:00:01Z")) == Action(
            announce: upcoming("2026-12-13", "2026-12-13T17:00:00Z", "weekly"), next: sleep("2026-12-13T17:00:00Z")))

        // Monday 18:00 is past 18:00 but not Sunday: not due, not late; next Sunday.
        var monday = loop([weekly()])
        #expect(monday.started(at: utc("2026-12-07T17:00:00Z")) == Action(
            announce: upcoming("2026-12-13", "2026-12-13T17:00:00Z", "weekly"), next: sleep("2026-12-13T17:00:00Z")))
    }

    @Test func weeklyCatchUpSameDayAndNone() {
        var sameDay = loop([weekly()])
        #expect(sameDay.started(at: utc("2026-12-06T21:00:00Z")) ==  // Sunday 22:00
            Action(next: .send(due("2026-12-06", "weekly", late: true))))
        var none = loop([weekly(catchUp: .none)])
        #expect(none.started(at: utc("2026-12-06T21:00:00Z")) ==
            Action(next: .skipPassed(due("2026-12-06", "weekly", late: true))))
        #expect(none.reminderHandled(at: utc("2026-12-06T21:00:00Z")).announce
            == upcoming("2026-12-13", "2026-12-13T17:00:00Z", "weekly"))
    }

    // MARK: Daylight saving time (Europe/Berlin; 2027-03-28 and 2026-10-25 are Sundays)

    @Test func weeklyInTheSpringGapMovesOnByTheGap() {
        var machine = loop([weekly("02:30")])
        #expect(machine.started(at: utc("2027-03-27T12:00:00Z")) == Action(  // Saturday
            announce: upcoming("2027-03-28", "2027-03-28T01:30:00Z", "weekly"),  // 03:30 CEST
            next: sleep("2027-03-28T01:30:00Z")))
        #expect(machine.woke(at: utc("2027-03-28T01:30:00Z")) == Action(next: .send(Loop.Due(
            moment: "weekly", date: day("2027-03-28"), late: false, expiresAt: utc("2027-03-28T22:00:00Z")))))
    }

    @Test func weeklyInTheFallBackOverlapFiresOnceAtTheFirst() {
        var machine = loop([weekly("02:30")])
        #expect(machine.started(at: utc("2026-10-25T00:00:00Z")).announce
            == upcoming("2026-10-25", "2026-10-25T00:30:00Z", "weekly"))  // 02:30 CEST
        #expect(machine.woke(at: utc("2026-10-25T00:30:00Z")) == Action(next: .send(Loop.Due(
            moment: "weekly", date: day("2026-10-25"), late: false, expiresAt: utc("2026-10-25T23:00:00Z")))))
        _ = machine.reminderHandled(at: utc("2026-10-25T00:30:00Z"))
        // 02:30 CET, the second time round: nothing; next Sunday.
        #expect(machine.woke(at: utc("2026-10-25T01:30:00Z")) == Action(next: sleep("2026-11-01T01:30:00Z")))
    }

    /// The evening before the spring-forward Sunday, and an evening time in the gap itself.
    @Test func eveningAcrossTheSpringChange() {
        var machine = loop([evening("02:30")])
        #expect(machine.started(at: utc("2027-03-28T00:00:00Z")).announce  // 01:00 CET
            == upcoming("2027-03-28", "2027-03-28T01:30:00Z", "evening"))
        var usual = loop([evening()])
        #expect(usual.started(at: utc("2027-03-27T12:00:00Z")).announce  // 20:00 CET on the Saturday
            == upcoming("2027-03-27", "2027-03-27T19:00:00Z", "evening"))
        _ = usual.woke(at: utc("2027-03-27T19:00:00Z"))
        #expect(usual.reminderHandled(at: utc("2027-03-27T19:00:00Z")).announce  // 20:00 CEST on the Sunday
            == upcoming("2027-03-28", "2027-03-28T18:00:00Z", "evening"))
    }

    // MARK: Every moment together

    /// Each id is handed over once per day, even at the same instant and when the clock goes back.
    @Test func eachMomentIsHandedOverOncePerIdAndDay() {
        var machine = loop([daily("18:00"), evening("18:00"), weekly("18:00")])
        // Sunday 18:00: all three are due; one at a time, in the order of the list.
        #expect(machine.started(at: utc("2026-12-06T17:00:00Z")) == Action(next: .send(due("2026-12-06", "daily"))))
        #expect(machine.reminderHandled(at: utc("2026-12-06T17:00:01Z")) ==
            Action(next: .send(due("2026-12-06", "evening"))))
        #expect(machine.reminderHandled(at: utc("2026-12-06T17:00:02Z")) ==
            Action(next: .send(due("2026-12-06", "weekly"))))
        #expect(machine.reminderHandled(at: utc("2026-12-06T17:00:03Z")) == Action(
            announce: upcoming("2026-12-07", "2026-12-07T17:00:00Z", "daily"), next: sleep("2026-12-07T17:00:00Z")))
        // The clock goes back before 18:00 and comes round again: nothing is sent twice.
        #expect(machine.woke(at: utc("2026-12-06T16:59:00Z")).announce
            == upcoming("2026-12-07", "2026-12-07T17:00:00Z", "daily"))
        #expect(machine.woke(at: utc("2026-12-06T17:00:30Z")) == Action(next: sleep("2026-12-07T17:00:00Z")))
        #expect(["daily", "evening", "weekly"].map { machine.lastHandled($0) } == Array(repeating: day("2026-12-06"), count: 3))
    }

    /// `upcoming(after:count:)`, what `legday next` lists: every moment's, in time order, weekly only on Sundays
    /// and the evening only before a lift.
    @Test func upcomingListsEveryMomentInTimeOrder() {
        let machine = loop([daily(), evening(liftEves: ["2026-12-06", "2026-12-08"]), weekly()])
        let list = machine.upcoming(after: utc("2026-12-06T12:00:00Z"), count: 6)  // Sunday 13:00
        #expect(list == [
            upcoming("2026-12-06", "2026-12-06T17:00:00Z", "weekly"),
            upcoming("2026-12-06", "2026-12-06T19:00:00Z", "evening"),
            upcoming("2026-12-07", "2026-12-07T06:00:00Z", "daily"),
            upcoming("2026-12-08", "2026-12-08T06:00:00Z", "daily"),
            upcoming("2026-12-08", "2026-12-08T19:00:00Z", "evening"),
            upcoming("2026-12-09", "2026-12-09T06:00:00Z", "daily"),
        ])
    }

    /// A reload that adds the evening moment after its time today sends it late (same-day catch-up), once.
    @Test func aReloadAddingTheEveningAfterItsTimeCatchesUp() {
        var machine = loop([daily()])
        _ = machine.started(at: utc("2026-12-07T20:00:00Z"))  // 21:00: the morning's, late
        _ = machine.reminderHandled(at: utc("2026-12-07T20:00:00Z"))  // then towards tomorrow's 07:00
        #expect(machine.setupReplaced([daily(), evening()]) == .endSleep)
        #expect(machine.woke(at: utc("2026-12-07T20:00:01Z")) == Action(next: .send(due("2026-12-07", "evening", late: true))))
        #expect(machine.reminderHandled(at: utc("2026-12-07T20:00:02Z")).announce
            == upcoming("2026-12-08", "2026-12-08T06:00:00Z", "daily"))
    }

    // MARK: ReminderTimes with a weekday

    @Test func weeklyTimesApplyOnlyOnTheirDay() {
        let sunday = times("18:00", on: .sun)
        #expect(sunday.applies(on: day("2026-12-06")))
        #expect(!sunday.applies(on: day("2026-12-07")))
        #expect(sunday.next(after: utc("2026-12-07T00:00:00Z")).date == day("2026-12-13"))
        #expect(sunday.next(after: utc("2026-12-06T16:59:59Z")).instant == utc("2026-12-06T17:00:00Z"))
        #expect(sunday.next(after: utc("2026-12-06T17:00:00Z")).date == day("2026-12-13"))
        // What the runner's watch shows: 03:30 for a 02:30 in the spring gap.
        #expect(times("02:30").localTime(of: utc("2027-03-28T01:30:00Z")) == TimeOfDay("03:30"))
        #expect(times("20:00").localTime(of: utc("2026-12-06T19:00:00Z")) == TimeOfDay("20:00"))
    }
}
