import Foundation
import LegdayCore
import LegdayNotify
import Testing

// One contract for every notifier kind, in the spirit of Alertmanager's notify/test: whatever a notifier
// talks to, `send` must mean the same thing to the delivery machinery (Sources/LegdayNotify/Notifier.swift).
// Each kind stages real destinations on this machine (ContractSubjects.swift); the tests below run every
// kind through every case it can stage. Adding a kind is adding one subject to `NotifierContract.subjects`.

/// How a destination behaves; each kind stages those it can.
enum DestinationBehaviour: String, Sendable, CaseIterable {
    /// Takes the reminder (HTTP 2xx, SMTP 250 after DATA, plugin exit 0).
    case accepting
    /// Nothing is there: the connection is refused, no journald listens.
    case unreachable
    /// There, but says "later" (HTTP 503, SMTP 451, plugin exit 75).
    case askingToTryLater
    /// There, and refuses this reminder for good (HTTP 401, SMTP 550, plugin exit 3).
    case refusing
    /// Takes the connection (or starts) and then says nothing, ever.
    case silent
}

/// One notifier kind, able to build its notifier against destinations it stages itself.
protocol NotifierContractSubject: Sendable, CustomTestStringConvertible {
    /// The `type` in `[notifiers.NAME]`.
    var kind: String { get }
    /// The behaviours this kind can be put against; a kind that cannot stage one says why in its subject.
    var behaviours: Set<DestinationBehaviour> { get }
    /// Recognisable secrets the notifier is configured with (tokens, passwords), none when it takes none.
    var secrets: [String] { get }
    /// A fresh destination behaving as asked, and the notifier configured for it with `timeout` as its
    /// table's `timeout`. The caller closes it.
    func destination(_ behaviour: DestinationBehaviour, timeout: Duration) async throws -> ContractDestination
}

extension NotifierContractSubject {
    var testDescription: String { kind }
}

/// A notifier and the destination it was configured for.
struct ContractDestination: Sendable {
    var notifier: any Notifier
    /// How many reminders the destination took; nil where it cannot tell.
    var accepted: @Sendable () -> Int? = { nil }
    /// Each time a send reached the destination (a connection accepted, a plugin started).
    var arrivals = Arrivals()
    /// What the destination was told, for proof that a secret was in play.
    var transcript: @Sendable () -> String = { "" }
    /// Stops servers and removes files.
    var close: @Sendable () -> Void = {}
}

enum NotifierContract {
    static let subjects: [any NotifierContractSubject] = [
        JournalSubject(), StdoutSubject(), SMTPSubject(), WebhookSubject(), PluginSubject(),
    ]

    static func subjects(staging behaviour: DestinationBehaviour) -> [any NotifierContractSubject] {
        subjects.filter { $0.behaviours.contains(behaviour) }
    }

    /// A timeout no case here should reach, except the timeout case, which uses `shortTimeout`.
    static let generousTimeout: Duration = .seconds(30)
    static let shortTimeout: Duration = .seconds(1)
    /// What "promptly" and "within the timeout" allow on top, for a loaded two-core machine building at the
    /// same time; still far below `generousTimeout`, so a notifier that waits for it fails.
    static let schedulingSlack: Duration = .seconds(20)

    static let reminder: Reminder = {
        let date = LocalDate(year: 2026, month: 11, day: 23)!
        let day = DayPlan(date: date, phase: .base, runs: [Run(date: date, type: .easy, distanceKm: 8)], kind: .rest,
                          reasons: [Reason(rule: "contract", "A day for the notifier contract.")])
        return Reminder(for: day, athlete: "ana")
    }()

    static let context = DeliveryContext(deliveryID: "ana:2026-11-23:daily:contract")

    /// Sends the reminder; nil when it was delivered, else what was thrown.
    static func send(through notifier: any Notifier) async -> (any Error)? {
        do {
            try await notifier.send(reminder, context: context)
            return nil
        } catch {
            return error
        }
    }
}

@Suite struct NotifierContractTests {
    typealias Contract = NotifierContract

    @Test(.timeLimit(.minutes(1)), arguments: Contract.subjects(staging: .accepting))
    func aSendToAWorkingDestinationReturnsNormally(_ subject: any NotifierContractSubject) async throws {
        let destination = try await subject.destination(.accepting, timeout: Contract.generousTimeout)
        defer { destination.close() }
        let error = await Contract.send(through: destination.notifier)
        #expect(error == nil, "\(String(describing: error))")
        if let accepted = destination.accepted() { #expect(accepted == 1) }
    }

    @Test(.timeLimit(.minutes(1)), arguments: Contract.subjects(staging: .unreachable))
    func anUnreachableDestinationIsATemporaryFailure(_ subject: any NotifierContractSubject) async throws {
        // The short timeout: async-http-client retries a refused connection until the request's deadline, so
        // a webhook to a receiver that is down fails at its timeout rather than at once (temporary either way).
        let destination = try await subject.destination(.unreachable, timeout: Contract.shortTimeout)
        defer { destination.close() }
        let error = try #require(await Contract.send(through: destination.notifier))
        #expect(NotifierError(classifying: error).kind == .temporary, "\(error)")
    }

    @Test(.timeLimit(.minutes(1)), arguments: Contract.subjects(staging: .askingToTryLater))
    func aDestinationAskingToTryLaterIsATemporaryFailure(_ subject: any NotifierContractSubject) async throws {
        let destination = try await subject.destination(.askingToTryLater, timeout: Contract.generousTimeout)
        defer { destination.close() }
        let error = try #require(await Contract.send(through: destination.notifier))
        #expect(NotifierError(classifying: error).kind == .temporary, "\(error)")
        #expect(destination.accepted() ?? 0 == 0)
    }

    @Test(.timeLimit(.minutes(1)), arguments: Contract.subjects(staging: .refusing))
    func aDestinationThatRefusesForGoodIsAPermanentFailure(_ subject: any NotifierContractSubject) async throws {
        let destination = try await subject.destination(.refusing, timeout: Contract.generousTimeout)
        defer { destination.close() }
        let error = try #require(await Contract.send(through: destination.notifier))
        // Only an explicit NotifierError can be permanent: anything else is taken as temporary.
        #expect((error as? NotifierError)?.kind == .permanent, "\(error)")
    }

    /// A daemon shutting down cancels sends in flight; one stuck on a silent destination must end at once,
    /// not at its timeout.
    @Test(.timeLimit(.minutes(1)), arguments: Contract.subjects(staging: .silent))
    func cancellingTheSendingTaskEndsTheSendPromptly(_ subject: any NotifierContractSubject) async throws {
        let destination = try await subject.destination(.silent, timeout: Contract.generousTimeout)
        defer { destination.close() }
        let notifier = destination.notifier
        let sending = Task { await Contract.send(through: notifier) }
        // Cancelled only once the send has reached the destination, so there is a wait in progress to end.
        await destination.arrivals.wait()
        let clock = ContinuousClock()
        let cancelledAt = clock.now
        sending.cancel()
        let error = try #require(await sending.value)
        #expect(clock.now - cancelledAt < Contract.schedulingSlack)
        // CancellationError, or the NotifierError the contract turns it into (the plugin notifier throws
        // that one): either way, what the delivery machinery records is exactly this.
        #expect(error is CancellationError || (error as? NotifierError) == .temporary("cancelled"), "\(error)")
        #expect(NotifierError(classifying: error) == .temporary("cancelled"))
    }

    @Test(.timeLimit(.minutes(1)), arguments: Contract.subjects(staging: .silent))
    func aSilentDestinationIsATemporaryFailureWithinTheConfiguredTimeout(_ subject: any NotifierContractSubject)
        async throws {
        let destination = try await subject.destination(.silent, timeout: Contract.shortTimeout)
        defer { destination.close() }
        let clock = ContinuousClock()
        let started = clock.now
        let error = try #require(await Contract.send(through: destination.notifier))
        #expect(clock.now - started < Contract.shortTimeout + Contract.schedulingSlack)
        #expect(NotifierError(classifying: error).kind == .temporary, "\(error)")
        // The send reached the destination: it failed on the silence, not on something earlier.
        #expect(destination.arrivals.count >= 1)
    }

    /// Error texts go to the journal, the outbox and `STATUS=`. Every failure a kind can stage is checked,
    /// after making sure the refusing destination was really sent a secret (so the check is not vacuous).
    @Test(.timeLimit(.minutes(1)), arguments: Contract.subjects.filter { !$0.secrets.isEmpty })
    func noErrorTextShowsASecret(_ subject: any NotifierContractSubject) async throws {
        for behaviour in DestinationBehaviour.allCases where behaviour != .accepting && subject.behaviours.contains(behaviour) {
            let timeout = [.silent, .unreachable].contains(behaviour) ? Contract.shortTimeout : Contract.generousTimeout
            let destination = try await subject.destination(behaviour, timeout: timeout)
            defer { destination.close() }
            let error = try #require(await Contract.send(through: destination.notifier), "\(behaviour)")
            if behaviour == .refusing {
                let heard = destination.transcript()
                #expect(subject.secrets.contains { heard.contains($0) }, "no secret reached the \(behaviour) destination")
            }
            let texts = [String(describing: error), String(reflecting: error), error.localizedDescription,
                         NotifierError(classifying: error).description]
            for secret in subject.secrets {
                #expect(!texts.contains { $0.contains(secret) }, "\(behaviour): \(texts[0])")
            }
        }
    }
}
