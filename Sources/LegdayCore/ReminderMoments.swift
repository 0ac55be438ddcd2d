/// The moments at which legday speaks, each its own reminder with its own id:
/// - `daily`: the morning reminder, about today (`Reminder(for:)`);
/// - `evening`: the evening before a lift or recovery day, about tomorrow (`Reminder(eveningBefore:)`);
/// - `weekly`: the coming week at a glance, Monday to Sunday (`Reminder(week:)`).
///
/// A reminder's `date`, `kind` and `day` always describe the day it is about (tomorrow for `evening`, the
/// week's Monday for `weekly`), so a receiver that knows nothing of moments still reads the right day; its id
/// is `<athlete>:<date>:<moment>`, which names each occurrence once: the outbox deduplicates by it.
public enum ReminderMoment: String, Sendable, Hashable, Codable, CaseIterable {
    case daily
    case evening
    case weekly

    /// The first day a reminder sent on `date` at this moment is about: today, tomorrow, or the Monday of the
    /// coming week (the first Monday on or after `date`: a Sunday sends the week starting tomorrow, a Monday
    /// the week starting today).
    public func firstDay(sentOn date: LocalDate) -> LocalDate {
        switch self {
        case .daily: date
        case .evening: date.adding(days: 1)
        case .weekly: date.weekday == .mon ? date : date.startOfWeek.adding(days: 7)
        }
    }

    /// The days a reminder sent on `date` is about, in order: one day, or the seven of the week.
    public func days(sentOn date: LocalDate) -> DateRange {
        let first = firstDay(sentOn: date)
        return DateRange(first: first, days: self == .weekly ? 7 : 1)
    }

    /// Whether this moment has something to say about `day` (its first day): the evening before speaks only
    /// before a lift or recovery session; the others always speak.
    public func speaks(about day: DayPlan) -> Bool {
        switch self {
        case .daily, .weekly: true
        case .evening: day.session != nil && [.heavyLift, .lightLift, .recovery].contains(day.kind)
        }
    }

    /// The reminder this moment sends about `days` (`days(sentOn:)`, planned), or nil when it has nothing to
    /// say (an evening before a day with no lift).
    public func reminder(about days: [DayPlan], athlete: String = "default",
                         homeEquipment: Set<Equipment> = AthleteProfile().homeEquipment,
                         late: Bool = false) -> Reminder? {
        guard let first = days.first, speaks(about: first) else { return nil }
        switch self {
        case .daily: return Reminder(for: first, athlete: athlete, late: late)
        case .evening: return Reminder(eveningBefore: first, athlete: athlete, homeEquipment: homeEquipment, late: late)
        case .weekly: return Reminder(week: days, athlete: athlete, late: late)
        }
    }
}

extension Reminder {
    /// The evening-before reminder about `tomorrow`: what it is in one line, the main work one line per
    /// exercise, and what to pack. Its id is `<athlete>:<tomorrow>:evening`.
    public init(eveningBefore tomorrow: DayPlan, athlete: String = "default",
                homeEquipment: Set<Equipment> = AthleteProfile().homeEquipment, late: Bool = false) {
        let summary = MomentText.eveningSummary(for: tomorrow, homeEquipment: homeEquipment)
        var body = summary
        if !tomorrow.runs.isEmpty {
            body += "\n\nRuns tomorrow: " + tomorrow.runs.map(ReminderText.runText).joined(separator: ", ")
        }
        self.init(id: "\(athlete):\(tomorrow.date.iso):evening", date: tomorrow.date, kind: tomorrow.kind,
                  title: MomentText.eveningTitle(for: tomorrow), summary: summary, body: body, day: tomorrow,
                  late: late, moment: .evening)
    }

    /// The week at a glance: one line per day, Monday to Sunday. `week` holds the seven days in order; its id
    /// is `<athlete>:<monday>:weekly`, and `date`, `kind` and `day` are the week's first day.
    public init(week: [DayPlan], athlete: String = "default", late: Bool = false) {
        precondition(!week.isEmpty, "a weekly reminder needs its days")
        let first = week[0]
        let summary = MomentText.weekSummary(week)
        self.init(id: "\(athlete):\(first.date.iso):weekly", date: first.date, kind: first.kind,
                  title: MomentText.weekTitle(week), summary: summary, body: summary, day: first, late: late,
                  moment: .weekly, week: week)
    }

    /// What the reminder will be, in a few words: "heavy lift after your intervals", "tomorrow: heavy lift
    /// after your intervals, gym day", "the week of 2026-12-07: 3 lifts, 1 recovery". For logs and `legday next`.
    public var gist: String {
        switch moment {
        case .daily:
            return MomentText.lowercasingFirst(MomentText.firstPart(summary))
        case .evening:
            let pack = summary.split(separator: "\n").last { $0.hasPrefix("Pack: ") }
                .map { $0.dropFirst(6).split(separator: ":").first.map(String.init) ?? "" } ?? ""
            return "tomorrow: " + MomentText.lowercasingFirst(MomentText.firstPart(ReminderText.headline(for: day)))
                + (pack.isEmpty ? "" : ", \(pack)")
        case .weekly:
            return "the week of \(date.iso): " + MomentText.weekCount(week ?? [day])
        }
    }
}

/// The words of the evening and weekly reminders, beside `ReminderText` (the daily words).
public enum MomentText {
    /// "Tomorrow, Tuesday 2026-12-08: Heavy lift — Strength A"
    public static func eveningTitle(for day: DayPlan) -> String {
        "Tomorrow, \(day.date.weekday.name) \(day.date.iso): \(day.kind.label) — \(day.session?.name ?? day.kind.label)"
    }

    /// "Tomorrow: Heavy lift after your intervals · 5 exercises · about 35 min", the main work one line per
    /// exercise, then "Pack: gym day: shoes, towel, water" or "Pack: home: bodyweight, a mat".
    public static func eveningSummary(for day: DayPlan, homeEquipment: Set<Equipment>) -> String {
        var lines = ["Tomorrow: " + ReminderText.headline(for: day)]
        for item in day.session?.exercises ?? [] { lines.append("  " + ReminderText.mainLine(item)) }
        lines.append("Pack: " + packing(for: day, homeEquipment: homeEquipment))
        return lines.joined(separator: "\n")
    }

    /// "gym day: shoes, towel, water" when the session needs equipment beyond the home kit, else
    /// "home: bodyweight, a mat".
    public static func packing(for day: DayPlan, homeEquipment: Set<Equipment>) -> String {
        isGymDay(day, homeEquipment: homeEquipment) ? "gym day: shoes, towel, water" : "home: bodyweight, a mat"
    }

    /// Whether any exercise of the day's session needs equipment the athlete has not at home.
    public static func isGymDay(_ day: DayPlan, homeEquipment: Set<Equipment>) -> Bool {
        let home = homeEquipment.union([.none])
        let items = day.session?.allPrescriptions ?? []
        return items.contains { item in item.exercise.equipment.contains { !home.contains($0) } }
    }

    /// "Week of Monday 2026-12-07: 3 lifts, 1 recovery"
    public static func weekTitle(_ week: [DayPlan]) -> String {
        guard let first = week.first else { return "The week ahead" }
        return "Week of \(first.date.weekday.name) \(first.date.iso): \(weekCount(week))"
    }

    /// "3 lifts, 1 recovery", "no lifts"
    public static func weekCount(_ week: [DayPlan]) -> String {
        let lifts = week.filter { $0.kind == .heavyLift || $0.kind == .lightLift }.count
        let recovery = week.filter { $0.kind == .recovery }.count
        var parts = [lifts == 0 ? "no lifts" : lifts == 1 ? "1 lift" : "\(lifts) lifts"]
        if recovery > 0 { parts.append("\(recovery) recovery") }
        if week.contains(where: { $0.kind == .race }) { parts.append("race") }
        return parts.joined(separator: ", ")
    }

    /// One line per day: "Tue 2026-12-08 · intervals 10 km · heavy lift · Strength A".
    public static func weekSummary(_ week: [DayPlan]) -> String {
        week.map(weekLine).joined(separator: "\n")
    }

    /// A day of the week at a glance: date, runs, kind as `DayPlan.displayKind` says it, session name.
    public static func weekLine(_ day: DayPlan) -> String {
        let weekday = String(day.date.weekday.name.prefix(3))
        var parts = ["\(weekday) \(day.date.iso)"]
        parts.append(day.runs.isEmpty ? "no run" : day.runs.map(ReminderText.runText).joined(separator: " + "))
        parts.append(day.displayKind)
        if let session = day.session { parts.append(session.name) }
        return parts.joined(separator: " · ")
    }

    /// The text before the first " · " of the first line.
    static func firstPart(_ text: String) -> String {
        let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? text
        return line.components(separatedBy: " · ").first ?? line
    }

    static func lowercasingFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        // Keep acronyms and names that are all capitals ("RPE") as written.
        if text.count > 1, text.dropFirst().first?.isUppercase == true { return text }
        return first.lowercased() + text.dropFirst()
    }
}

/// The week before, as the log tells it: sessions done, moved, skipped, and the loads that went up. Shown
/// in the weekly reminder when the runner logs (docs/logging.md).
public enum WeekReview {
    /// "Last week: 2 of 3 sessions done, 1 skipped, 1 moved. Loads up: Goblet squat 16 → 18 kg.", or nil
    /// when the week held no session and nothing was lifted.
    public static func text(for week: [DayPlan], history: TrainingHistory) -> String? {
        let sessions = week.filter { $0.session != nil || $0.kind.hasSession }
        let done = sessions.filter { history.trained(on: $0.date) }.count
        let skipped = sessions.filter { history.sessions[$0.date]?.status == .skipped }.count
        let moved = week.filter { $0.reasons.contains { $0.rule == RuleID.missedSessionMoved.rawValue } }.count
        var parts: [String] = []
        if !sessions.isEmpty {
            var line = "\(done) of \(sessions.count) session\(sessions.count == 1 ? "" : "s") done"
            if skipped > 0 { line += ", \(skipped) skipped" }
            if moved > 0 { line += ", \(moved) moved" }
            parts.append(line)
        }
        guard let first = week.first?.date, let last = week.last?.date else { return nil }
        var ups: [String] = []
        var seen: Set<String> = []
        for set in history.sets.reversed() where set.date >= first && set.date <= last && !seen.contains(set.exerciseID) {
            seen.insert(set.exerciseID)
            guard let now = set.load.kilograms,
                  let before = history.lastSets(of: set.exerciseID, before: set.date)?.load.kilograms, now > before
            else { continue }
            let name = week.lazy.compactMap { $0.session?.allPrescriptions.first { $0.exercise.id == set.exerciseID } }
                .first?.exercise.name ?? set.exerciseID
            ups.append("\(name) \(Load.number(before)) → \(Load.number(now)) kg")
        }
        guard !parts.isEmpty || !ups.isEmpty else { return nil }
        var text = "Last week: " + (parts.isEmpty ? "no session planned" : parts.joined(separator: ", ")) + "."
        if !ups.isEmpty { text += " Loads up: " + ups.sorted().joined(separator: ", ") + "." }
        return text
    }
}

extension Reminder {
    /// The reminder with `review` (the week before) after its first line; unchanged when there is none.
    public func withReview(_ review: String?) -> Reminder {
        guard let review else { return self }
        var lines = summary.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.insert(review, at: min(1, lines.count))
        let summary = lines.joined(separator: "\n")
        let body = summary + String(self.body.dropFirst(self.summary.count))
        return Reminder(id: id, date: date, kind: kind, title: title, summary: summary, body: body, day: day,
                        late: late, moment: moment, week: week)
    }
}
