import LegdayCore
import LegdayOutput
import Testing

@Test func scratch() {
    let plan = Fixtures.marathonPlan(weeks: 12, from: "2027-02-01")
    print(CalendarView.render(plan))
    print(DayTable.render(plan))
    print(Explanation.render(plan.days[1]))
}
