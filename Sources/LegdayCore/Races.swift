/// The plan's races by date, each named in `DayFacts` by its place in the list, with the priority the
/// planner works with.
///
/// A race's priority decides how much of the plan it moves (docs/training-rules.md, "Races"):
/// - A, the goal race: race preparation and the taper count down to it, the days just before it hold only
///   activation, and the return after it follows its distance;
/// - B, a tune-up: the same easy days before and the same return after, but no taper or race preparation;
/// - C: a hard session like a tempo run; only the day before it is kept clear.
/// A race without a priority is a tune-up (B) when it falls inside the race preparation or taper of a
/// longer race, else an A race: a half a month before the marathon must not wipe out weeks of work.
struct Races {
    typealias Index = Int
    let all: [Race]
    let priorities: [RacePriority]

    init(all: [Race], rules: RuleSettings) {
        self.all = all
        var priorities: [RacePriority] = []
        priorities.reserveCapacity(all.count)
        for (i, race) in all.enumerated() {
            if let given = race.priority {
                priorities.append(given)
                continue
            }
            let isTuneUp = all[(i + 1)...].contains { later in
                later.distance.kilometres > race.distance.kilometres && later.priority != .c
                    && race.date.days(until: later.date) <= Phases.buildUpDays(for: later.distance, rules: rules)
            }
            priorities.append(isTuneUp ? .b : .a)
        }
        self.priorities = priorities
    }

    subscript(index: Index) -> Race { all[index] }

    /// A and B races: the ones with easy days before them and a return after them.
    func isGuarded(_ index: Index) -> Bool { priorities[index] != .c }

    /// A races: the ones the phases count down to.
    func isGoal(_ index: Index) -> Bool { priorities[index] == .a }
}
