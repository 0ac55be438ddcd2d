import Foundation
import LegdayConfig
import LegdayCore
import LegdayNotify
import LegdayWebhook
import Testing

/// The notifier against a real HTTP server on loopback (see ``LoopbackReceiver``), one receiver per test.
/// Serialized: the tests share the process-wide HTTP client, and one of them shuts it down.
@Suite(.serialized) struct LiveDeliveryTests {
    func notifier(_ receiver: LoopbackReceiver, path: String, secrets: [String] = [Fixture.vectorSecret],
                  format: WebhookFormat = .json, timeout: Duration = .seconds(10)) throws -> WebhookNotifier {
        let url = try #require(URL(string: receiver.url(path)))
        let settings = WebhookSettings(url: url, format: format,
                                       signer: StandardWebhookSigner(secrets: secrets.compactMap(WebhookSecret.init)),
                                       connectTimeout: .seconds(5), timeout: timeout)
        return WebhookNotifier(name: "hook", settings: settings)
    }

    func sendError(_ notifier: WebhookNotifier, _ reminder: Reminder, _ context: DeliveryContext) async throws
        -> NotifierError {
        do {
            try await notifier.send(reminder, context: context)
        } catch let error as NotifierError {
            return error
        }
        throw SendSucceeded()
    }

    struct SendSucceeded: Error {}

    @Test func deliversASignedReminderThatTheReferenceLibraryVerifies() async throws {
        let receiver = try LoopbackReceiver(secrets: [Fixture.vectorSecret])
        defer { receiver.stop() }
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Fixture.write(Fixture.vectorSecret, to: directory + "/webhook-secret")
        let configuration = NotifierConfiguration(
            name: "hook", type: "webhook",
            options: ["type": .string("webhook"), "url": .string(receiver.url("/ok")),
                      "secret_file": .string("webhook-secret"), "format": .string("json")],
            location: SourceLocation(path: directory + "/config.toml", line: 3))
        let notifier = try WebhookNotifier(configuration: configuration, configDirectory: directory)
        let reminder = try Fixture.liftReminder()
        let context = DeliveryContext(deliveryID: DeliveryContext.deliveryID(reminder: reminder, notifier: "hook"))

        try await notifier.send(reminder, context: context)

        let requests = try receiver.requests()
        #expect(requests.count == 1)
        let request = try #require(requests.first)
        #expect(request.method == "POST")
        #expect(request.verifiedWith == [0], "\(request.verifyError)")
        #expect(request.headers["webhook-id"] == "ana:2026-11-23:daily:hook")
        #expect(request.headers["content-type"] == "application/json")
        let event = try Fixture.json(Data(request.body.utf8))
        #expect(event["type"] as? String == "legday.reminder")
        let data = try #require(event["data"] as? [String: Any])
        #expect(data["id"] as? String == reminder.id)
        #expect(data["title"] as? String == reminder.title)
    }

    @Test func signsWithBothSecretsDuringARotation() async throws {
        // The receiver still knows only the old secret; legday already signs with the new one too.
        let receiver = try LoopbackReceiver(secrets: [Fixture.vectorSecret, Fixture.otherSecret])
        defer { receiver.stop() }
        let notifier = try notifier(receiver, path: "/ok", secrets: [Fixture.otherSecret, Fixture.vectorSecret])
        try await notifier.send(try Fixture.liftReminder(), context: DeliveryContext(deliveryID: "d1"))
        let request = try #require(try receiver.requests().first)
        #expect(request.verifiedWith == [0, 1])
        #expect(request.headers["webhook-signature"]?.split(separator: " ").count == 2)
    }

    @Test func aServerErrorIsTemporaryAndTheRetryKeepsTheWebhookID() async throws {
        let receiver = try LoopbackReceiver(secrets: [Fixture.vectorSecret])
        defer { receiver.stop() }
        let notifier = try notifier(receiver, path: "/flaky")
        let reminder = try Fixture.liftReminder()
        let id = DeliveryContext.deliveryID(reminder: reminder, notifier: "hook")

        let error = try await sendError(notifier, reminder, DeliveryContext(deliveryID: id, attempt: 1))
        #expect(error.kind == .temporary)
        #expect(error.message == "HTTP 500: try later")
        #expect(error.retryAfter == nil)

        try await notifier.send(reminder, context: DeliveryContext(deliveryID: id, attempt: 2))

        let requests = try receiver.requests()
        #expect(requests.count == 2)
        #expect(requests.map { $0.headers["webhook-id"] } == [id, id])
        #expect(requests.allSatisfy { $0.verifiedWith == [0] })
    }

    @Test func tooManyRequestsIsTemporaryWithItsRetryAfter() async throws {
        let receiver = try LoopbackReceiver(secrets: [])
        defer { receiver.stop() }
        let error = try await sendError(try notifier(receiver, path: "/busy"), try Fixture.liftReminder(),
                                        DeliveryContext(deliveryID: "d1"))
        #expect(error.kind == .temporary)
        #expect(error.retryAfter == .seconds(7))
    }

    @Test func unavailableWithADateIsTemporaryUntilThatDate() async throws {
        let receiver = try LoopbackReceiver(secrets: [])
        defer { receiver.stop() }
        let url = try #require(URL(string: receiver.url("/unavailable")))
        // The receiver names 2026-10-21 07:28:00 GMT; "now" is 90 seconds before it.
        let notifier = WebhookNotifier(
            name: "hook", settings: WebhookSettings(url: url, signer: StandardWebhookSigner(secrets: [])),
            now: { Date(timeIntervalSince1970: 1_792_567_590) })
        let error = try await sendError(notifier, try Fixture.liftReminder(), DeliveryContext(deliveryID: "d1"))
        #expect(error.kind == .temporary)
        #expect(error.retryAfter == .seconds(90))
    }

    @Test func goneIsPermanent() async throws {
        let receiver = try LoopbackReceiver(secrets: [])
        defer { receiver.stop() }
        let error = try await sendError(try notifier(receiver, path: "/gone"), try Fixture.liftReminder(),
                                        DeliveryContext(deliveryID: "d1"))
        #expect(error.kind == .permanent)
        #expect(error.message.contains("410"))
    }

    @Test func aBadRequestIsPermanentAndSaysWhatTheReceiverSaid() async throws {
        let receiver = try LoopbackReceiver(secrets: [])
        defer { receiver.stop() }
        let error = try await sendError(try notifier(receiver, path: "/bad"), try Fixture.liftReminder(),
                                        DeliveryContext(deliveryID: "d1"))
        #expect(error.kind == .permanent)
        #expect(error.message == #"HTTP 400: {"error": "invalid_payload"}"#)
    }

    @Test func aStalledServerTimesOutAsTemporary() async throws {
        let receiver = try LoopbackReceiver(secrets: [])
        defer { receiver.stop() }
        let notifier = try notifier(receiver, path: "/stall", timeout: .milliseconds(700))
        let clock = ContinuousClock()
        let started = clock.now
        let error = try await sendError(notifier, try Fixture.liftReminder(), DeliveryContext(deliveryID: "d1"))
        #expect(error.kind == .temporary)
        #expect(error.message.contains("no answer"), "\(error.message)")
        #expect(clock.now - started < .seconds(5))
        #expect(try receiver.requests().map(\.path) == ["/stall"])
    }

    /// The headers come at once, then the body a byte at a time: the client's own deadline ended with the
    /// headers, so only the deadline around the whole exchange stops this. A regression hangs until the
    /// time limit.
    @Test(.timeLimit(.minutes(1)))
    func aBodyTrickledAfterTheHeadersIsCutAtTheTimeout() async throws {
        let receiver = try LoopbackReceiver(secrets: [])
        defer { receiver.stop() }
        let notifier = try notifier(receiver, path: "/trickle", timeout: .milliseconds(700))
        let error = try await sendError(notifier, try Fixture.liftReminder(), DeliveryContext(deliveryID: "d1"))
        #expect(error.kind == .temporary)
        #expect(error.message.contains("no answer"), "\(error.message)")
    }

    @Test func aRedirectIsNotFollowed() async throws {
        let receiver = try LoopbackReceiver(secrets: [])
        defer { receiver.stop() }
        let error = try await sendError(try notifier(receiver, path: "/redirect"), try Fixture.liftReminder(),
                                        DeliveryContext(deliveryID: "d1"))
        #expect(error.kind == .permanent)
        #expect(error.message.contains("302"))
        #expect(try receiver.requests().map(\.path) == ["/redirect"])
    }

    @Test func nobodyListeningIsTemporary() async throws {
        let receiver = try LoopbackReceiver(secrets: [])
        let notifier = try notifier(receiver, path: "/ok")
        receiver.stop()
        let error = try await sendError(notifier, try Fixture.liftReminder(), DeliveryContext(deliveryID: "d1"))
        #expect(error.kind == .temporary)
    }

    @Test func sendsTheTokenAndCustomHeadersAndThePresetBody() async throws {
        let receiver = try LoopbackReceiver(secrets: [])
        defer { receiver.stop() }
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Fixture.write("tk_secret_token\n", to: directory + "/token")
        let configuration = NotifierConfiguration(
            name: "phone", type: "webhook",
            options: ["url": .string(receiver.url("/ok/legday-ana")), "format": .string("ntfy"),
                      "token_file": .string("token"), "headers": .table(["X-Team": .string("runners")])],
            location: SourceLocation(path: directory + "/config.toml", line: 9))
        // ntfy takes JSON at its root with the topic inside: /ok/legday-ana posts to /ok/.
        let notifier = try WebhookNotifier(configuration: configuration, configDirectory: directory)
        try await notifier.send(try Fixture.liftReminder(), context: DeliveryContext(deliveryID: "d1"))

        let request = try #require(try receiver.requests().first)
        #expect(request.path == "/ok/")
        #expect(request.headers["authorization"] == "Bearer tk_secret_token")
        #expect(request.headers["x-team"] == "runners")
        #expect(request.headers["webhook-signature"] == nil)
        let message = try Fixture.json(Data(request.body.utf8))
        #expect(message["topic"] as? String == "legday-ana")
    }

    @Test func refusesACertificateItDoesNotTrustAndAcceptsItWithCAFile() async throws {
        let certificate = try TestCertificate()
        defer { certificate.remove() }
        let receiver = try LoopbackReceiver(secrets: [Fixture.vectorSecret], tls: certificate)
        defer { receiver.stop() }
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Fixture.write(Fixture.vectorSecret, to: directory + "/webhook-secret")
        var options: [String: ConfigValue] = [
            "url": .string(receiver.url("/ok", scheme: "https", host: "localhost")),
            "secret_file": .string("webhook-secret"),
        ]
        func notifier() throws -> WebhookNotifier {
            try WebhookNotifier(configuration: NotifierConfiguration(
                name: "hook", type: "webhook", options: options,
                location: SourceLocation(path: directory + "/config.toml", line: 1)), configDirectory: directory)
        }

        let refused = try await sendError(try notifier(), try Fixture.liftReminder(), DeliveryContext(deliveryID: "d1"))
        #expect(refused.kind == .temporary)
        #expect(refused.message.hasPrefix("TLS failed"), "\(refused.message)")
        #expect(try receiver.requests().isEmpty)

        options["ca_file"] = .string(certificate.certificatePath)
        try await notifier().send(try Fixture.liftReminder(), context: DeliveryContext(deliveryID: "d1"))
        #expect(try receiver.requests().map(\.verifiedWith) == [[0]])
    }

    @Test func shutdownClosesTheSharedClientAndALaterSendStartsAFreshOne() async throws {
        let receiver = try LoopbackReceiver(secrets: [Fixture.vectorSecret])
        defer { receiver.stop() }
        let notifier = try notifier(receiver, path: "/ok")
        try await notifier.send(try Fixture.liftReminder(), context: DeliveryContext(deliveryID: "d1"))
        try await WebhookHTTPClients.shutdown()
        try await notifier.send(try Fixture.liftReminder(), context: DeliveryContext(deliveryID: "d2"))
        try await WebhookHTTPClients.shutdown()
        #expect(try receiver.requests().map { $0.headers["webhook-id"] } == ["d1", "d2"])
    }
}
