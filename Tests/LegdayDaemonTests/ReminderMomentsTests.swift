import Foundation
import LegdayConfig
import LegdayCore
import LegdayDaemon
import LegdayTestSupport
import Logging
import Testing

/// The evening-before and weekly reminders as LegdayCore builds them, and `ReminderService` carrying out
/// every moment: ids, texts, the JSON contract, the start line. No wall clock: `ManualClock` and fixed dates.
@Suite struct ReminderMomentsTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    static func exercise(_ id: String, _ name: String, _ equipment: [Equipment]) -> Exercise {
        Exercise(id: id, name: name, role: .strength, muscles: [.quads], equipment: equipment, level: .beginner,
                 positions: [])
    }

    static let squat = exercise("back-squat", "Back squat", [.barbell, .rack])
    static let bridge = exercise("glute-bridge", "Glute bridge", [.mat])

    /// A planned day: a heavy lift on the barbell after intervals, a bodyweight recovery, or a run only.
    static func plan(_ iso: String, _ kind: DayKind, gym: Bool = true) -> DayPlan {
        let date = LocalDate(iso: iso)!
        let session: Session? = switch kind {
        case .heavyLift, .lightLift:
            Session(name: "Strength A", exercises: [
                Prescription(exercise: gym ? squat : bridge, sets: 4, reps: "6", load: "RPE 7"),
            ], estimatedMinutes: 40)
        case .recovery:
            Session(name: "Mobility routine", exercises: [Prescription(exercise: bridge, sets: 2, reps: "10")],
                    estimatedMinutes: 20)
        default: nil
        }
        let runs: [Run] = kind == .recovery ? [] : [Run(date: date, type: .intervals, distanceKm: 10)]
        return DayPlan(date: date, phase: .base, runs: runs, kind: kind, session: session)
    }

    static let week: [DayPlan] = [
        plan("2026-12-07", .recovery), plan("2026-12-08", .heavyLift), plan("2026-12-09", .rest),
        plan("2026-12-10", .lightLift, gym: false), plan("2026-12-11", .rest), plan("2026-12-12", .rest),
        plan("2026-12-13", .rest),
    ]

    static func planned(_ date: LocalDate) -> DayPlan {
        week.first { $0.date == date } ?? DayPlan(date: date, phase: .base, runs: [Run](), kind: .rest)
    }

    // MARK: The reminders

    @Test func theEveningBeforeSaysTomorrowTheMainWorkAndWhatToPack() throws {
        let gym = Reminder(eveningBefore: Self.plan("2026-12-08", .heavyLift), athlete: "anna")
        #expect(gym.id == "anna:2026-12-08:evening")
        #expect(gym.moment == .evening)
        #expect(gym.date == day("2026-12-08") && gym.kind == .heavyLift)
        #expect(gym.title == "Tomorrow, Tuesday 2026-12-08: Heavy lift — Strength A")
        let lines = gym.summary.components(separatedBy: "\n")
        #expect(lines.first?.hasPrefix("Tomorrow: Heavy lift after your intervals") == true)
        #expect(lines.contains("  Back squat 4 × 6 @ RPE 7"))
        #expect(lines.last == "Pack: gym day: shoes, towel, water")
        #expect(gym.body.hasPrefix(gym.summary))
        #expect(gym.gist == "tomorrow: heavy lift after your intervals, gym day")

        let home = Reminder(eveningBefore: Self.plan("2026-12-10", .lightLift, gym: false))
        #expect(home.summary.components(separatedBy: "\n").last == "Pack: home: bodyweight, a mat")
        // A barbell kept at home is home kit.
        let homeGym = Reminder(eveningBefore: Self.plan("2026-12-08", .heavyLift),
                               homeEquipment: [.none, .mat, .barbell, .rack])
        #expect(homeGym.summary.hasSuffix("Pack: home: bodyweight, a mat"))
    }

    @Test func theEveningSpeaksOnlyBeforeALiftOrRecovery() {
        #expect(ReminderMoment.evening.reminder(about: [Self.plan("2026-12-09", .rest)]) == nil)
        #expect(ReminderMoment.evening.reminder(about: [Self.plan("2026-12-09", .race)]) == nil)
        #expect(ReminderMoment.evening.reminder(about: [Self.plan("2026-12-07", .recovery)])?.summary
            .hasSuffix("Pack: home: bodyweight, a mat") == true)
        #expect(ReminderMoment.evening.days(sentOn: day("2026-12-07")) == DateRange(first: day("2026-12-08"), days: 1))
    }

    @Test func theWeekAtAGlanceIsOneLinePerDayMondayToSunday() throws {
        let weekly = Reminder(week: Self.week, athlete: "anna")
        #expect(weekly.id == "anna:2026-12-07:weekly")
        #expect(weekly.moment == .weekly && weekly.week?.count == 7)
        #expect(weekly.date == day("2026-12-07") && weekly.kind == .recovery)
        #expect(weekly.title == "Week of Monday 2026-12-07: 2 lifts, 1 recovery")
        let lines = weekly.body.components(separatedBy: "\n")
        #expect(lines.count == 7)
        #expect(lines[0] == "Mon 2026-12-07 · no run · recovery · Mobility routine")
        #expect(lines[1] == "Tue 2026-12-08 · intervals 10 km · heavy lift · Strength A")
        #expect(lines[2] == "Wed 2026-12-09 · intervals 10 km · run only")
        #expect(lines[6].hasPrefix("Sun 2026-12-13"))
        #expect(weekly.gist == "the week of 2026-12-07: 2 lifts, 1 recovery")
    }

    /// A Sunday sends the week starting tomorrow; a Monday the week starting that day.
    @Test func theComingWeekStartsOnTheFirstMondayOnOrAfterTheDay() {
        #expect(ReminderMoment.weekly.firstDay(sentOn: day("2026-12-06")) == day("2026-12-07"))
        #expect(ReminderMoment.weekly.firstDay(sentOn: day("2026-12-07")) == day("2026-12-07"))
        #expect(ReminderMoment.weekly.firstDay(sentOn: day("2026-12-09")) == day("2026-12-14"))
        #expect(ReminderMoment.weekly.days(sentOn: day("2026-12-06")).count == 7)
    }

    /// The JSON contract is only added to: `kind` stays the day's kind, `moment` and `week` are new, and a
    /// reminder stored by an older legday (no `moment`) reads back as daily.
    @Test func theJSONKeepsKindAndAddsMoment() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let evening = Reminder(eveningBefore: Self.plan("2026-12-08", .heavyLift))
        let eveningJSON = try encoder.encode(PlanDocument.reminder(evening))
        let json = try #require(try JSONSerialization.jsonObject(with: eveningJSON) as? [String: Any])
        #expect(json["kind"] as? String == "heavy-lift")
        #expect(json["moment"] as? String == "evening")
        #expect(json["week"] == nil)
        let weeklyJSON = try encoder.encode(PlanDocument.reminder(Reminder(week: Self.week)))
        let weekly = try #require(try JSONSerialization.jsonObject(with: weeklyJSON) as? [String: Any])
        #expect((weekly["week"] as? [Any])?.count == 7)

        // Round trip through the outbox's storage, and an old row without `moment`.
        let stored = try encoder.encode(evening)
        #expect(try JSONDecoder().decode(Reminder.self, from: stored) == evening)
        let daily = Reminder(for: Self.plan("2026-12-08", .heavyLift))
        let dailyJSON = try encoder.encode(daily)
        var old = try #require(try JSONSerialization.jsonObject(with: dailyJSON) as? [String: Any])
        old["moment"] = nil
        let decoded = try JSONDecoder().decode(Reminder.self, from: JSONSerialization.data(withJSONObject: old))
        #expect(decoded.moment == .daily && decoded.id == daily.id)
    }

    // MARK: The service

    func setup(dispatcher: any ReminderDispatcher, catchUp: CatchUp = .sameDay) -> DaemonSetup {
        func times(_ time: String, _ weekday: Weekday? = nil) -> ReminderTimes {
            ReminderTimes(timeZone: Self.berlin, dailyAt: TimeOfDay(time)!, weekday: weekday)
        }
        func moment(_ moment: ReminderMoment, _ times: ReminderTimes) -> MomentSetup {
            MomentSetup(moment: moment, times: times, reminder: { date, late in
                moment.reminder(about: moment.days(sentOn: date).map(Self.planned), athlete: "anna", late: late)
            })
        }
        return DaemonSetup(times: times("07:00"), catchUp: catchUp,
                           reminder: { date, late in Reminder(for: Self.planned(date), athlete: "anna", late: late) },
                           dispatcher: dispatcher,
                           extraMoments: [moment(.evening, times("20:00")), moment(.weekly, times("18:00", .sun))])
    }

    /// Sunday 07:00 to Tuesday 07:00: Sunday's daily, the weekly at 18:00, the evening before Monday's recovery
    /// at 20:00, Monday's daily and the evening before Tuesday's lift, Tuesday's daily, each once, with its id.
    @Test func theServiceSendsEachMomentOnceWithItsId() async throws {
        let clock = ManualClock(utc("2026-12-06T06:00:00Z"))  // Sunday 07:00
        let dispatcher = RecordingDispatcher()
        let recorder = NotifyRecorder()
        let logs = LogRecorder()
        let service = ReminderService(setup: setup(dispatcher: dispatcher), clock: clock, systemd: recorder.systemd,
                                      watchdogInterval: nil, logger: logs.logger, goingIdle: nil)
        let task = Task { try await service.run() }
        await clock.waitForSleepers()
        #expect(logs.lines.first == "next reminder: weekly, Sun 2026-12-06 18:00 Europe/Berlin: "
            + "the week of 2026-12-07: 2 lifts, 1 recovery")
        #expect(recorder.all.first?.contains("STATUS=Next reminder sun 2026-12-06 18:00 Europe/Berlin: weekly, "
            + "recovery on mon 2026-12-07") == true)
        for instant in ["2026-12-06T17:00:00Z", "2026-12-06T19:00:00Z", "2026-12-07T06:00:00Z", "2026-12-07T19:00:00Z",
                        "2026-12-08T06:00:00Z"] {
            #expect(clock.nextDeadline == utc(instant))
            clock.advance(to: utc(instant))
            await clock.waitForSleepers()
        }
        #expect(dispatcher.reminders.map(\.id) == ["anna:2026-12-06:daily", "anna:2026-12-07:weekly", "anna:2026-12-07:evening",
                                                   "anna:2026-12-07:daily", "anna:2026-12-08:evening",
                                                   "anna:2026-12-08:daily"])
        #expect(dispatcher.reminders.allSatisfy { !$0.late })
        // Tuesday evening precedes a rest day: the next is Wednesday's morning, not an evening.
        #expect(clock.nextDeadline == utc("2026-12-09T06:00:00Z"))
        #expect(service.nextReminderLine() == "next reminder: daily, Wed 2026-12-09 07:00 Europe/Berlin: "
            + "run only: intervals 10 km")
        task.cancel()
        try await task.value
    }

    /// Started late on a Sunday evening: the weekly and the evening reminders catch up the same day, late, once;
    /// with catch_up = "none" neither goes out.
    @Test func theServiceCatchesUpEveryMoment() async throws {
        for catchUp in [CatchUp.sameDay, .none] {
            let clock = ManualClock(utc("2026-12-06T21:00:00Z"))  // Sunday 22:00
            let dispatcher = RecordingDispatcher()
            let service = ReminderService(setup: setup(dispatcher: dispatcher, catchUp: catchUp), clock: clock,
                                          systemd: .none, watchdogInterval: nil, logger: Logger(label: "test"),
                                          goingIdle: nil)
            let task = Task { try await service.run() }
            await clock.waitForSleepers()
            if catchUp == .sameDay {
                #expect(dispatcher.reminders.map(\.id) == ["anna:2026-12-06:daily", "anna:2026-12-07:evening",
                                                           "anna:2026-12-07:weekly"])
                #expect(dispatcher.reminders.allSatisfy { $0.late })
            } else {
                #expect(dispatcher.reminders.isEmpty)
            }
            #expect(clock.nextDeadline == utc("2026-12-07T06:00:00Z"))
            task.cancel()
            try await task.value
        }
    }

    /// The line `legday install` prints is the one a fresh daemon logs.
    @Test func theStartLineOfAFreshSetup() {
        let setup = setup(dispatcher: RecordingDispatcher())
        #expect(setup.nextReminderLine(at: utc("2026-12-07T19:30:00Z"))  // Monday 20:30
            == "next reminder: daily, Tue 2026-12-08 07:00 Europe/Berlin: heavy lift after your intervals")
        #expect(setup.nextReminderLine(at: utc("2026-12-07T18:00:00Z"))  // Monday 19:00
            == "next reminder: evening, Mon 2026-12-07 20:00 Europe/Berlin: "
            + "tomorrow: heavy lift after your intervals, gym day")
    }
}

/// Keeps the messages a logger was given, in order.
final class LogRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []

    var lines: [String] { lock.withLock { messages } }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(recorder: self) }
    }

    func append(_ line: String) { lock.withLock { messages.append(line) } }

    struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.append(event.message.description)
        }
    }
}
