import Foundation
import LegdayConfig
import LegdayCore
import LegdayDaemon
import Testing

/// The reminder loop's decisions, fed events by hand: no clock, no sleeping, no I/O. Times are UTC instants;
/// the comments give Berlin's local time.
@Suite struct ReminderLoopTests {
    typealias Loop = ReminderLoop
    typealias Action = ReminderLoop.Action

    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    func moment(_ time: String = "07:00", catchUp: CatchUp = .sameDay, id: String = "daily") -> Loop.Moment {
        Loop.Moment(id: id, times: ReminderTimes(timeZone: Self.berlin, dailyAt: TimeOfDay(time)!), catchUp: catchUp)
    }

    func loop(_ moments: [Loop.Moment]? = nil, watchdog: Duration? = nil, releasesMemory: Bool = false) -> Loop {
        Loop(moments: moments ?? [moment()], watchdogInterval: watchdog, releasesMemory: releasesMemory)
    }

    /// The reminder of a Berlin `date`, which expires at the next local midnight.
    func due(_ date: String, late: Bool = false, moment: String = "daily") -> Loop.Due {
        let times = ReminderTimes(timeZone: Self.berlin, dailyAt: TimeOfDay("07:00")!)
        return Loop.Due(moment: moment, date: day(date), late: late, expiresAt: times.endOfDay(day(date)))
    }

    func upcoming(_ date: String, _ instant: String, moment: String = "daily") -> Loop.Upcoming {
        Loop.Upcoming(moment: moment, date: day(date), instant: utc(instant))
    }

    func sleep(_ until: String, then: Loop.Wake = .reminder) -> Loop.Next { .sleep(until: utc(until), then: then) }

    // MARK: Due or not

    @Test func sleepsUntilTodaysTimeThenSendsOnTimeThenSleepsUntilTomorrow() {
        var machine = loop()
        #expect(machine.started(at: utc("2026-11-23T05:30:00Z")) == Action(  // 06:30
            announce: upcoming("2026-11-23", "2026-11-23T06:00:00Z"), next: sleep("2026-11-23T06:00:00Z")))
        #expect(machine.woke(at: utc("2026-11-23T06:00:00Z")) == Action(next: .send(due("2026-11-23"))))
        #expect(machine.lastHandled("daily") == day("2026-11-23"))
        #expect(machine.reminderHandled(at: utc("2026-11-23T06:00:01Z")) == Action(
            announce: upcoming("2026-11-24", "2026-11-24T06:00:00Z"), next: sleep("2026-11-24T06:00:00Z")))
    }

    /// A sleep that ends a little early (the clock set forward a second, say) sleeps on, quietly.
    @Test func isNotDueBeforeItsTime() {
        var machine = loop()
        _ = machine.started(at: utc("2026-11-23T05:30:00Z"))
        #expect(machine.woke(at: utc("2026-11-23T05:59:59Z")) == Action(next: sleep("2026-11-23T06:00:00Z")))
        #expect(machine.lastHandled("daily") == nil)
    }

    @Test func isLateOnlyMoreThanTwoMinutesAfterItsTime() {
        var onTime = loop()
        #expect(onTime.started(at: utc("2026-11-23T06:02:00Z")) == Action(next: .send(due("2026-11-23"))))
        var late = loop()
        #expect(late.started(at: utc("2026-11-23T06:02:01Z")) == Action(next: .send(due("2026-11-23", late: true))))
    }

    @Test func catchUpNoneSkipsAReminderWhoseTimePassedButSendsOneThatIsOnTime() {
        var started = loop([moment(catchUp: .none)])
        #expect(started.started(at: utc("2026-11-23T09:00:00Z")) ==  // 10:00
            Action(next: .skipPassed(due("2026-11-23", late: true))))
        #expect(started.reminderHandled(at: utc("2026-11-23T09:00:00Z")) == Action(
            announce: upcoming("2026-11-24", "2026-11-24T06:00:00Z"), next: sleep("2026-11-24T06:00:00Z")))

        var onTime = loop([moment(catchUp: .none)])
        #expect(onTime.started(at: utc("2026-11-23T06:01:00Z")) == Action(next: .send(due("2026-11-23"))))
    }

    @Test func sameDayCatchUpSendsLateUntilLocalMidnightAndNoLater() {
        var beforeMidnight = loop()
        #expect(beforeMidnight.started(at: utc("2026-11-23T22:59:59Z")) ==  // 23:59:59
            Action(next: .send(due("2026-11-23", late: true))))
        var afterMidnight = loop()
        #expect(afterMidnight.started(at: utc("2026-11-23T23:00:00Z")) == Action(  // 00:00 on the 24th
            announce: upcoming("2026-11-24", "2026-11-24T06:00:00Z"), next: sleep("2026-11-24T06:00:00Z")))
    }

    // MARK: The clock moves

    @Test func aClockSetBackDoesNotBringTheDayRoundAgain() {
        var machine = loop(watchdog: .seconds(30))
        #expect(machine.started(at: utc("2026-11-23T06:00:00Z")) == Action(next: .send(due("2026-11-23"))))
        _ = machine.reminderHandled(at: utc("2026-11-23T06:00:00Z"))
        // Back an hour, before 07:00 again: decide afresh, towards tomorrow.
        #expect(machine.woke(at: utc("2026-11-23T05:00:00Z")) == Action(
            pingWatchdog: true, announce: upcoming("2026-11-24", "2026-11-24T06:00:00Z"),
            next: sleep("2026-11-23T05:00:30Z", then: .watchdog)))
        // 07:00 comes round a second time: nothing is sent.
        #expect(machine.woke(at: utc("2026-11-23T06:00:10Z")) == Action(
            pingWatchdog: true, next: sleep("2026-11-23T06:00:40Z", then: .watchdog)))
        #expect(machine.upcoming(after: utc("2026-11-23T06:00:10Z")) == upcoming("2026-11-24", "2026-11-24T06:00:00Z"))
    }

    /// A step past the reminder by less than `lateAfter` (an NTP correction) fires it, on time.
    @Test func aSmallStepPastTheReminderSendsItOnTime() {
        var machine = loop()
        _ = machine.started(at: utc("2026-11-23T05:00:00Z"))
        #expect(machine.woke(at: utc("2026-11-23T06:00:30Z")) == Action(next: .send(due("2026-11-23"))))
    }

    /// A suspend over the reminder's time, or a clock far ahead: today's reminder, late, and only today's.
    @Test func aClockJumpingFarAheadSendsOnlyTheNewDaysReminderLate() {
        var suspended = loop()
        _ = suspended.started(at: utc("2026-11-23T05:59:57Z"))
        #expect(suspended.woke(at: utc("2026-11-23T08:00:00Z")) == Action(next: .send(due("2026-11-23", late: true))))

        var machine = loop()
        _ = machine.started(at: utc("2026-11-23T06:00:00Z"))
        _ = machine.reminderHandled(at: utc("2026-11-23T06:00:00Z"))
        #expect(machine.woke(at: utc("2026-11-26T09:00:00Z")) == Action(next: .send(due("2026-11-26", late: true))))
        #expect(machine.reminderHandled(at: utc("2026-11-26T09:00:00Z")) == Action(
            announce: upcoming("2026-11-27", "2026-11-27T06:00:00Z"), next: sleep("2026-11-27T06:00:00Z")))
    }

    // MARK: Daylight saving time in Europe/Berlin

    /// 2027-03-28: 02:00 CET becomes 03:00 CEST. 02:30 does not exist that day and fires at 03:30 CEST; 07:00
    /// comes 23 hours after the day before's.
    @Test func springForwardGap() {
        var gap = loop([moment("02:30")])
        #expect(gap.started(at: utc("2027-03-28T00:00:00Z")) == Action(  // 01:00 CET
            announce: upcoming("2027-03-28", "2027-03-28T01:30:00Z"), next: sleep("2027-03-28T01:30:00Z")))
        #expect(gap.woke(at: utc("2027-03-28T01:30:00Z")) == Action(next: .send(Loop.Due(
            moment: "daily", date: day("2027-03-28"), late: false, expiresAt: utc("2027-03-28T22:00:00Z")))))
        #expect(gap.reminderHandled(at: utc("2027-03-28T01:30:00Z")) == Action(  // then 02:30 CEST
            announce: upcoming("2027-03-29", "2027-03-29T00:30:00Z"), next: sleep("2027-03-29T00:30:00Z")))

        var morning = loop()
        #expect(morning.started(at: utc("2027-03-27T06:00:00Z")) == Action(next: .send(due("2027-03-27"))))
        #expect(morning.reminderHandled(at: utc("2027-03-27T06:00:00Z")) == Action(
            announce: upcoming("2027-03-28", "2027-03-28T05:00:00Z"), next: sleep("2027-03-28T05:00:00Z")))
    }

    /// 2026-10-25: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice; it fires at the first and not again
    /// at the second. 07:00 comes 25 hours after the day before's.
    @Test func fallBackOverlap() {
        var overlap = loop([moment("02:30")])
        #expect(overlap.started(at: utc("2026-10-25T00:00:00Z")) == Action(  // 02:00 CEST
            announce: upcoming("2026-10-25", "2026-10-25T00:30:00Z"), next: sleep("2026-10-25T00:30:00Z")))
        #expect(overlap.woke(at: utc("2026-10-25T00:30:00Z")) == Action(next: .send(Loop.Due(
            moment: "daily", date: day("2026-10-25"), late: false, expiresAt: utc("2026-10-25T23:00:00Z")))))
        #expect(overlap.reminderHandled(at: utc("2026-10-25T00:30:00Z")) == Action(
            announce: upcoming("2026-10-26", "2026-10-26T01:30:00Z"), next: sleep("2026-10-26T01:30:00Z")))
        // 02:30 CET, the second time round: an early wake-up sleeps on.
        #expect(overlap.woke(at: utc("2026-10-25T01:30:00Z")) == Action(next: sleep("2026-10-26T01:30:00Z")))

        var morning = loop()
        #expect(morning.started(at: utc("2026-10-24T05:00:00Z")) == Action(next: .send(due("2026-10-24"))))
        #expect(morning.reminderHandled(at: utc("2026-10-24T05:00:00Z")) == Action(
            announce: upcoming("2026-10-25", "2026-10-25T06:00:00Z"), next: sleep("2026-10-25T06:00:00Z")))
    }

    // MARK: Reloads

    @Test func aReloadEndsTheSleepAndTheLoopDecidesAfreshWithoutAWatchdogPing() {
        var machine = loop(watchdog: .seconds(30))
        _ = machine.started(at: utc("2026-11-23T05:30:00Z"))  // 06:30, towards 07:00
        #expect(machine.setupReplaced([moment("06:45")]) == .endSleep)
        #expect(machine.sleepEnded)
        #expect(machine.woke(at: utc("2026-11-23T05:30:01Z")) == Action(
            announce: upcoming("2026-11-23", "2026-11-23T05:45:00Z"),
            next: sleep("2026-11-23T05:30:31Z", then: .watchdog)))
        #expect(!machine.sleepEnded)
    }

    @Test func aReloadToATimeThatHasPassedTodaySendsAtOnce() {
        var machine = loop()
        _ = machine.started(at: utc("2026-11-23T05:30:00Z"))
        #expect(machine.setupReplaced([moment("06:00")]) == .endSleep)
        #expect(machine.woke(at: utc("2026-11-23T05:30:00Z")) == Action(next: .send(due("2026-11-23", late: true))))
    }

    /// A reload while a reminder is being handed over has no sleep to end; the next decision uses it, and
    /// today, already handed over, does not come round again at the new time.
    @Test func aReloadWhileSendingAppliesToTheNextSleep() {
        var machine = loop()
        #expect(machine.started(at: utc("2026-11-23T06:00:00Z")) == Action(next: .send(due("2026-11-23"))))
        #expect(machine.setupReplaced([moment("08:00")]) == .none)
        #expect(!machine.sleepEnded)
        #expect(machine.reminderHandled(at: utc("2026-11-23T06:00:01Z")) == Action(
            announce: upcoming("2026-11-24", "2026-11-24T07:00:00Z"), next: sleep("2026-11-24T07:00:00Z")))
    }

    // MARK: Wake-ups while asleep

    @Test func wakesForTheWatchdogEveryIntervalAndPingsOnEachWakeUp() {
        var machine = loop(watchdog: .seconds(30))
        #expect(machine.started(at: utc("2026-11-23T05:59:00Z")) == Action(
            announce: upcoming("2026-11-23", "2026-11-23T06:00:00Z"),
            next: sleep("2026-11-23T05:59:30Z", then: .watchdog)))
        #expect(machine.woke(at: utc("2026-11-23T05:59:30Z")) == Action(
            pingWatchdog: true, next: sleep("2026-11-23T06:00:00Z", then: .reminder)))
        #expect(machine.woke(at: utc("2026-11-23T06:00:00Z")) == Action(pingWatchdog: true,
                                                                           next: .send(due("2026-11-23"))))
    }

    /// Memory goes back once per sleep, `settleTime` after it began, not on every watchdog ping; a new sleep
    /// (after a reminder) settles again.
    @Test func givesMemoryBackOnceEachSleepAfterSettling() {
        var machine = loop(watchdog: .seconds(30), releasesMemory: true)
        #expect(Loop.settleTime == 5)
        #expect(machine.started(at: utc("2026-11-23T05:59:00Z")) == Action(
            announce: upcoming("2026-11-23", "2026-11-23T06:00:00Z"),
            next: sleep("2026-11-23T05:59:05Z", then: .settle)))
        #expect(machine.woke(at: utc("2026-11-23T05:59:05Z")) == Action(
            pingWatchdog: true, releaseMemory: true, next: sleep("2026-11-23T05:59:35Z", then: .watchdog)))
        #expect(machine.woke(at: utc("2026-11-23T05:59:35Z")) == Action(
            pingWatchdog: true, next: sleep("2026-11-23T06:00:00Z", then: .reminder)))
        #expect(machine.woke(at: utc("2026-11-23T06:00:00Z")) == Action(pingWatchdog: true,
                                                                           next: .send(due("2026-11-23"))))
        #expect(machine.reminderHandled(at: utc("2026-11-23T06:00:01Z")) == Action(
            announce: upcoming("2026-11-24", "2026-11-24T06:00:00Z"),
            next: sleep("2026-11-23T06:00:06Z", then: .settle)))
    }

    @Test func doesNotSettleWhenTheReminderComesFirst() {
        var machine = loop(releasesMemory: true)
        #expect(machine.started(at: utc("2026-11-23T05:59:58Z")) == Action(
            announce: upcoming("2026-11-23", "2026-11-23T06:00:00Z"), next: sleep("2026-11-23T06:00:00Z")))
        #expect(machine.woke(at: utc("2026-11-23T06:00:00Z")) == Action(next: .send(due("2026-11-23"))))
    }

    // MARK: More than one moment

    @Test func decidesOverEveryMomentEachOnceADay() {
        let moments = [moment("07:00", id: "morning"), moment("19:00", id: "evening")]
        var machine = loop(moments)
        #expect(machine.started(at: utc("2026-11-23T05:00:00Z")).announce
            == upcoming("2026-11-23", "2026-11-23T06:00:00Z", moment: "morning"))
        #expect(machine.woke(at: utc("2026-11-23T06:00:00Z")) == Action(next: .send(due("2026-11-23", moment: "morning"))))
        #expect(machine.reminderHandled(at: utc("2026-11-23T06:00:00Z")) == Action(
            announce: upcoming("2026-11-23", "2026-11-23T18:00:00Z", moment: "evening"),
            next: sleep("2026-11-23T18:00:00Z")))

        // Both passed while legday was not running: each is sent, late, in the order of the list.
        var late = loop(moments)
        #expect(late.started(at: utc("2026-11-23T20:00:00Z")) ==
            Action(next: .send(due("2026-11-23", late: true, moment: "morning"))))
        #expect(late.reminderHandled(at: utc("2026-11-23T20:00:00Z")) ==
            Action(next: .send(due("2026-11-23", late: true, moment: "evening"))))
        #expect(late.reminderHandled(at: utc("2026-11-23T20:00:00Z")).announce
            == upcoming("2026-11-24", "2026-11-24T06:00:00Z", moment: "morning"))
    }
}
