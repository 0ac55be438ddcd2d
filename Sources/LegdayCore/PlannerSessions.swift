/// Session contents the planner asks for beyond `SessionBuilder.session`.
enum PlannerSessions {
    /// The short pre-run activation circuit (seed 004) for key-run days, race days and the days just before a
    /// race. `SessionBuilder.activation` gives it for days with a key run in the schedule; a race from the
    /// config and the days before it have none, so they ask for the circuit a race day would get.
    static func activation(for day: DayPlan, profile: AthleteProfile, library: ExerciseLibrary) -> Session? {
        if day.runs.contains(where: \.isKey) {
            return SessionBuilder.activation(for: day, profile: profile, library: library)
        }
        var raceDay = day
        raceDay.runs.append(Run(date: day.date, type: .race))
        return SessionBuilder.activation(for: raceDay, profile: profile, library: library)
    }
}
