import Foundation
import LegdayWebhook
import Testing

@Suite struct SigningTests {
    @Test func matchesTheStandardWebhooksTestVector() throws {
        let secret = try #require(WebhookSecret(Fixture.vectorSecret))
        let signer = StandardWebhookSigner(secrets: [secret])
        let signature = signer.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330,
                                         body: Data(#"{"test": 2432232314}"#.utf8))
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func signsWithEverySecretDuringARotation() throws {
        let old = try #require(WebhookSecret(Fixture.vectorSecret))
        let new = try #require(WebhookSecret(Fixture.otherSecret))
        let body = Data(#"{"test": 2432232314}"#.utf8)
        func sign(_ secrets: [WebhookSecret]) -> String {
            StandardWebhookSigner(secrets: secrets).signature(id: "msg_1", timestamp: 1_614_265_330, body: body)
        }
        #expect(sign([new, old]) == sign([new]) + " " + sign([old]))
        #expect(sign([new]) != sign([old]))
    }

    @Test func headersCarryTheDeliveryIDAndTheAttemptTime() throws {
        let signer = StandardWebhookSigner(secrets: [try #require(WebhookSecret(Fixture.vectorSecret))])
        let body = Data("{}".utf8)
        let headers = Dictionary(uniqueKeysWithValues: signer.headers(id: "ana:2026-11-23:daily:hook",
                                                                      timestamp: 1_800_000_000, body: body))
        #expect(headers["webhook-id"] == "ana:2026-11-23:daily:hook")
        #expect(headers["webhook-timestamp"] == "1800000000")
        #expect(headers["webhook-signature"] == signer.signature(id: "ana:2026-11-23:daily:hook",
                                                                 timestamp: 1_800_000_000, body: body))
    }

    @Test(arguments: ["MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_", "whsec_not*base64!", "", "whsec MfKQ9r8G"])
    func refusesWhatIsNotASecret(_ text: String) {
        #expect(WebhookSecret(text) == nil)
    }

    @Test func neverShowsTheKey() throws {
        let secret = try #require(WebhookSecret(Fixture.vectorSecret))
        #expect(!"\(secret)".contains("MfKQ9r8G"))
        #expect(!String(reflecting: StandardWebhookSigner(secrets: [secret])).contains("MfKQ9r8G"))
    }
}
