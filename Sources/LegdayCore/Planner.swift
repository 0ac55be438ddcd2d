/// Decides every day's kind and session. A pure function of its request: no I/O, no clock.
public enum Planner {
    public static func plan(_ request: PlanRequest) -> Plan {
        let races = request.races.sorted { $0.date < $1.date }
        var days: [DayPlan] = []
        for date in request.range {
            let runs = request.schedule.runs(on: date)
            let phase = phase(on: date, races: races)
            var day = DayPlan(date: date, phase: phase, runs: runs, kind: .rest)
            if races.contains(where: { $0.date == date }) || runs.contains(where: { $0.type == .race }) {
                day.kind = .race
                day.reasons.append(Reason(rule: "race-day", "Race day: no lifting."))
            } else if request.schedule.runs(on: date.adding(days: -1)).contains(where: { $0.type == .long }) {
                day.kind = .recovery
                day.reasons.append(Reason(rule: "after-long-run", "The day after the long run is for recovery."))
            } else if runs.contains(where: { $0.type.isHardWorkout }) {
                day.kind = .heavyLift
                day.reasons.append(Reason(rule: "policy-stack", "Hard run today: lift heavy after it so easy days stay easy."))
            } else {
                day.reasons.append(Reason(rule: "rest", "No lift today."))
            }
            day.session = SessionBuilder.session(for: day, profile: request.profile, library: request.library)
            days.append(day)
        }
        return Plan(timezone: request.profile.timezone, days: days)
    }

    /// Taper is the last 2 weeks before a marathon, 10 days before a half, 7 days before shorter races;
    /// race preparation is the 8 weeks before the taper (seed 004).
    public static func phase(on date: LocalDate, races: [Race]) -> Phase {
        guard let next = races.first(where: { $0.date >= date }) else { return .base }
        let daysToRace = date.days(until: next.date)
        let taper: Int
        switch next.distance.kilometres {
        case 40...: taper = 14
        case 20...: taper = 10
        default: taper = 7
        }
        if daysToRace < taper { return .taper }
        if daysToRace < taper + 56 { return .racePrep }
        return .base
    }
}
