/// Session contents the planner asks for beyond `SessionBuilder.session`.
enum PlannerSessions {
    /// The short pre-run activation circuit for key-run days and the days just before a race (seed 004):
    /// the library's activation moves the athlete can do with what is at hand that day.
    static func activation(for day: DayPlan, profile: AthleteProfile, library: ExerciseLibrary) -> Session? {
        let available = profile.equipment(on: day.date.weekday)
        let moves = library.exercises.filter {
            $0.role == .activation && $0.level <= profile.experience && $0.canBeDone(with: available)
        }
        guard !moves.isEmpty else { return nil }
        return Session(name: "Activation circuit",
                       exercises: moves.prefix(4).map { Prescription(exercise: $0, sets: 1, reps: "10-15") },
                       estimatedMinutes: 8)
    }
}
