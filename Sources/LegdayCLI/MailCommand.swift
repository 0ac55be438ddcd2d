import ArgumentParser
import Foundation
import LegdayConfig
import LegdayCore
import LegdayExercises
import LegdayNotify
import LegdaySMTP

/// `legday mail-test`: sends one sample reminder through one smtp notifier and reports the outcome.
///
/// A development command, hidden from help, for checking a mail setup and for the SMTP integration tests.
/// `legday notify --test --notifier NAME` is the user-facing way to do the same through the outbox.
struct MailTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail-test",
        abstract: "Send a sample reminder through an smtp notifier (development aid).",
        shouldDisplay: false
    )

    @OptionGroup var config: ConfigOption
    @Option(help: "The [notifiers.NAME] table to use.") var notifier = "mail"
    @Option(help: "The delivery id (sets the Message-ID).") var deliveryID: String?
    @Option(help: "Use this subject instead of the reminder's title.") var subject: String?
    @Option(help: "A PNG shown as the figure of every position.") var figure: String?
    @Flag(help: "Send words only, without figures.") var noFigures = false

    func run() async throws {
        var mail: SMTPNotifier
        do {
            let configuration = try ConfigLoader.load(path: config.path)
            guard let table = configuration.notifiers.first(where: { $0.name == notifier }), table.type == "smtp" else {
                throw fail(with: ["\(config.path):1:1: no smtp notifier named \"\(notifier)\""])
            }
            mail = try SMTPNotifier(configuration: table, configDirectory: configuration.directory)
        } catch let error as ConfigError {
            throw fail(with: error.diagnostics.map(\.description))
        }
        if noFigures {
            mail = mail.withFigures(nil)
        } else if let figure {
            guard let png = FileManager.default.contents(atPath: figure) else {
                throw fail(with: ["legday: cannot read \(figure)"])
            }
            let bytes = [UInt8](png)
            mail = mail.withFigures { _, _ in bytes }
        }
        var reminder = try Self.sampleReminder()
        if let subject { reminder.title = subject }
        let context = DeliveryContext(deliveryID: deliveryID ?? DeliveryContext.deliveryID(reminder: reminder, notifier: notifier))
        do {
            try await mail.send(reminder, context: context)
            print("\(notifier): sent")
        } catch {
            printError("\(notifier): \(NotifierError(classifying: error))")
            throw ExitCode(1)
        }
    }

    /// A heavy-lift day with two exercises from the bundled library, each with its positions and cues.
    static func sampleReminder() throws -> Reminder {
        let library: ExerciseLibrary
        do { library = try ExerciseCatalog.bundled() } catch { throw fail(with: ["legday: \(error)"]) }
        let exercises = library.exercises.filter { $0.role == .strength }.prefix(2)
        let date = LocalDate(iso: "2026-11-23")!
        let session = Session(name: "Heavy lower body", exercises: exercises.map {
            Prescription(exercise: $0, sets: 3, reps: "5", load: "80% 1RM", restSeconds: 120)
        }, estimatedMinutes: 40)
        let day = DayPlan(date: date, phase: .base, runs: [Run(date: date, type: .easy, distanceKm: 8, title: "Easy run")],
                          kind: .heavyLift, session: session,
                          reasons: [Reason(rule: "sample", "This is a sample reminder to check the mail setup.")])
        return Reminder(for: day, athlete: "sample")
    }
}
