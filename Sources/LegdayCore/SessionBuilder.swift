/// Picks a day's exercises from the library.
public enum SessionBuilder {
    public static func session(for day: DayPlan, profile: AthleteProfile, library: ExerciseLibrary) -> Session? {
        guard day.kind.hasSession else { return nil }
        let available = profile.equipment(on: day.date.weekday)
        let roles: [ExerciseRole] = day.kind == .recovery ? [.mobility] : [.strength, .calves, .core]
        var picked: [Prescription] = []
        for role in roles {
            let candidates = library.exercises.filter {
                $0.role == role && $0.level <= profile.experience && $0.canBeDone(with: available)
            }
            for exercise in candidates.prefix(role == .strength ? 2 : 1) {
                picked.append(Prescription(exercise: exercise, sets: day.kind == .recovery ? 1 : 3,
                                           reps: day.kind == .recovery ? "60 s" : "8-12"))
            }
        }
        guard !picked.isEmpty else { return nil }
        return Session(name: day.kind == .recovery ? "Mobility routine" : "Lower-body strength",
                       exercises: picked, estimatedMinutes: day.kind == .recovery ? 15 : 30)
    }
}
