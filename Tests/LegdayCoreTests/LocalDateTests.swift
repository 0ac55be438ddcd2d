import LegdayCore
import Testing

@Suite struct LocalDateTests {
    @Test func roundTripsDaysSinceEpoch() {
        for days in stride(from: -800_000, through: 2_900_000, by: 997) {
            #expect(LocalDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
    }

    @Test func knowsWeekdaysAndLeapYears() {
        #expect(LocalDate(iso: "1970-01-01")?.weekday == .thu)
        #expect(LocalDate(iso: "2026-11-23")?.weekday == .mon)
        #expect(LocalDate(iso: "2024-02-29") != nil)
        #expect(LocalDate(iso: "2027-02-29") == nil)
        #expect(LocalDate(iso: "2000-02-29") != nil)
        #expect(LocalDate(iso: "1900-02-29") == nil)
        #expect(LocalDate(iso: "2026-13-01") == nil)
        #expect(LocalDate(iso: "2026-1-01") == nil)
    }

    @Test func weeksStartOnMonday() {
        let sunday = LocalDate(iso: "2026-11-29")!
        #expect(sunday.weekday == .sun)
        #expect(sunday.startOfWeek.iso == "2026-11-23")
    }

    @Test func rangesIterateEveryDayOnce() {
        let range = DateRange(first: LocalDate(iso: "2028-02-27")!, days: 4)
        #expect(range.map(\.iso) == ["2028-02-27", "2028-02-28", "2028-02-29", "2028-03-01"])
    }
}
