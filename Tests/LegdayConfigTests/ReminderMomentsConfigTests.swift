import Foundation
import LegdayConfig
import LegdayCore
import Testing

/// `[reminders] evening_before` and `weekly`: read when right, reported at their value when wrong.
@Suite struct ReminderMomentsConfigTests {
    @Test func bothMomentsAreOptional() throws {
        let config = try load("[reminders]\ndaily_at = \"07:00\"\n", in: TempFolder()).get()
        #expect(config.reminders.eveningBefore == nil)
        #expect(config.reminders.weekly == nil)
    }

    @Test func theEveningAndTheWeekAreRead() throws {
        let config = try load("""
            [reminders]
            evening_before = "20:00"
            weekly = "sun 18:00"
            """, in: TempFolder()).get()
        #expect(config.reminders.eveningBefore == TimeOfDay("20:00"))
        #expect(config.reminders.weekly == WeeklyTime(weekday: .sun, time: TimeOfDay("18:00")!))
    }

    @Test(arguments: [("Sunday 18:00", Weekday.sun, "18:00"), ("  MON   06:30 ", .mon, "06:30"), ("fri 00:00", .fri, "00:00")])
    func weekdaysAndTimesAreReadLoosely(text: String, weekday: Weekday, time: String) throws {
        let config = try load("[reminders]\nweekly = \"\(text)\"\n", in: TempFolder()).get()
        #expect(config.reminders.weekly == WeeklyTime(weekday: weekday, time: TimeOfDay(time)!))
    }

    @Test func aTOMLTimeWorksForTheEvening() throws {
        let config = try load("[reminders]\nevening_before = 19:45:00\n", in: TempFolder()).get()
        #expect(config.reminders.eveningBefore == TimeOfDay("19:45"))
    }

    @Test(arguments: [
        ("[reminders]\nevening_before = \"8pm\"\n", 2, 18,
         "reminders.evening_before: \"8pm\" is not a time of day; write HH:MM in 24-hour time, e.g. \"20:00\""),
        ("[reminders]\nevening_before = 20\n", 2, 18,
         "reminders.evening_before: expected a time of day as \"HH:MM\", found an integer"),
        ("[reminders]\ndaily_at = \"07:00\"\nweekly = \"sunn 18:00\"\n", 3, 10,
         "reminders.weekly: \"sunn\" is not a weekday; use mon, tue, wed, thu, fri, sat or sun, e.g. \"sun 18:00\""),
        ("[reminders]\nweekly = \"sun 25:00\"\n", 2, 10,
         "reminders.weekly: \"25:00\" is not a time of day; write HH:MM in 24-hour time, e.g. \"sun 18:00\""),
        ("[reminders]\nweekly = \"sunday\"\n", 2, 10,
         "reminders.weekly: \"sunday\" is not a weekday and a time; write e.g. \"sun 18:00\""),
        ("[reminders]\n  weekly = 18:00:00\n", 2, 12,
         "reminders.weekly: expected a weekday and a time as \"sun 18:00\", found a time"),
        ("[reminders]\nweekly_at = \"sun 18:00\"\n", 2, 1,
         "unknown key \"weekly_at\" in [reminders] (known keys: daily_at, catch_up, evening_before, weekly)"),
    ])
    func mistakesAreReportedAtTheirValue(text: String, line: Int, column: Int, message: String) throws {
        let found = problems(text)
        #expect(found.count == 1, "\(found)")
        let problem = try #require(found.first)
        #expect(lc(problem.line, problem.column) == lc(line, column))
        #expect(problem.message == message)
    }

    /// A wrong weekday and a wrong time in one value: both are said.
    @Test func aBadWeekdayAndABadTimeAreBothReported() {
        let found = problems("[reminders]\nweekly = \"someday 7pm\"\n")
        #expect(found.map(\.message) == [
            "reminders.weekly: \"someday\" is not a weekday; use mon, tue, wed, thu, fri, sat or sun, e.g. \"sun 18:00\"",
            "reminders.weekly: \"7pm\" is not a time of day; write HH:MM in 24-hour time, e.g. \"sun 18:00\"",
        ])
        #expect(found.allSatisfy { $0.line == 2 && $0.column == 10 })
    }
}
