/// Training blocks of 4-6 weeks (seed 004: vary the work every 4-6 weeks), counted forward from the first
/// day of each phase, so a plan opens at week 1 and a block never runs across a phase change:
/// - base alternates hypertrophy and strength blocks, hypertrophy first: muscle and movement before load;
/// - race preparation is power blocks (seed 004: race preparation shifts toward power and stability);
/// - the taper is one maintenance block.
/// A block ends where its phase ends, however far it got; the next phase begins its own block at week 1.
public enum TrainingBlocks {
    /// The block of `date` and its week within the block (from 1). `phaseStart` is the first day of the
    /// date's phase. Weeks are Monday to Sunday: days of a phase before its first Monday belong to week 1,
    /// so a block's week changes only on a Monday.
    public static func block(on date: LocalDate, phase: Phase, phaseStart: LocalDate, rules: RuleSettings)
        -> (block: TrainingBlock, week: Int)
    {
        let length = rules.blockWeeks
        let weeks = weeksIntoPhase(date, phaseStart: phaseStart)
        switch phase {
        case .base: return (weeks / length % 2 == 0 ? .hypertrophy : .strength, weeks % length + 1)
        case .racePrep: return (.power, weeks % length + 1)
        case .taper: return (.maintenance, min(weeks, length - 1) + 1)
        }
    }

    /// Whole weeks from the first Monday of the phase to the Monday of `date`; 0 before that Monday.
    static func weeksIntoPhase(_ date: LocalDate, phaseStart: LocalDate) -> Int {
        let firstMonday = phaseStart.adding(days: 6).startOfWeek
        return max(0, firstMonday.days(until: date.startOfWeek) / 7)
    }
}
