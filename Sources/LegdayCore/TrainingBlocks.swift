/// Training blocks rotate every 4-6 weeks through strength, hypertrophy and power (seed 004), so that
/// sessions progress within a block (`DayPlan.blockWeek`) and change between blocks.
public enum TrainingBlocks {
    /// The block and the week within it (from 1) for the week starting on `monday`.
    ///
    /// With a race ahead the rotation is counted back from the week the taper starts, so the last block
    /// before the taper is always power (race preparation shifts toward power, seed 004), the one before it
    /// strength, then hypertrophy. Without a race the rotation runs from a fixed Monday (1970-01-05), so a
    /// week's block never depends on which dates were asked for.
    public static func block(weekStarting monday: LocalDate, nextRace: Race?, rules: RuleSettings)
        -> (block: TrainingBlock, week: Int)
    {
        let length = rules.blockWeeks
        if let race = nextRace {
            let taperStart = race.date.adding(days: -Phases.taperDays(for: race.distance, rules: rules))
            let anchor = taperStart.startOfWeek
            let weeksBefore = monday.days(until: anchor) / 7
            guard weeksBefore >= 1 else { return (.power, length) }
            let back = weeksBefore - 1
            let order: [TrainingBlock] = [.power, .strength, .hypertrophy]
            return (order[(back / length) % 3], length - back % length)
        }
        let week = max(0, LocalDate(daysSinceEpoch: 4).days(until: monday) / 7)
        let order: [TrainingBlock] = [.strength, .hypertrophy, .power]
        return (order[(week / length) % 3], week % length + 1)
    }
}
