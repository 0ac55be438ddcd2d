import Foundation
import LegdayNotify
import LegdayWebhook
import Testing

@Suite struct ResponseClassifierTests {
    let now = Date(timeIntervalSince1970: 1_792_567_590) // 2026-10-21 07:26:30 UTC

    @Test(arguments: [200, 201, 202, 204, 299])
    func twoHundredsAreDelivered(_ status: Int) {
        #expect(ResponseClassifier.classify(status: status, now: now) == nil)
    }

    @Test(arguments: [408, 429, 500, 502, 503, 504, 599])
    func busyAndServerErrorsAreTemporary(_ status: Int) throws {
        let error = try #require(ResponseClassifier.classify(status: status, now: now))
        #expect(error.kind == .temporary)
        #expect(error.message.contains("HTTP \(status)"))
    }

    @Test(arguments: [400, 401, 403, 404, 405, 410, 413, 422])
    func otherClientErrorsArePermanent(_ status: Int) throws {
        let error = try #require(ResponseClassifier.classify(status: status, now: now))
        #expect(error.kind == .permanent)
    }

    @Test(arguments: [301, 302, 303, 307, 308])
    func redirectsAreNotFollowedAndArePermanent(_ status: Int) throws {
        let error = try #require(ResponseClassifier.classify(status: status, location: "https://elsewhere/", now: now))
        #expect(error.kind == .permanent)
        #expect(error.message.contains("https://elsewhere/"))
    }

    @Test func retryAfterInSeconds() throws {
        let error = try #require(ResponseClassifier.classify(status: 429, retryAfter: "7", now: now))
        #expect(error.retryAfter == .seconds(7))
    }

    @Test func retryAfterAsAnHTTPDate() throws {
        let error = try #require(ResponseClassifier.classify(status: 503, retryAfter: "Wed, 21 Oct 2026 07:28:00 GMT",
                                                             now: now))
        #expect(error.retryAfter == .seconds(90))
    }

    @Test func retryAfterInTheObsoleteDateForms() {
        #expect(ResponseClassifier.parseRetryAfter("Wednesday, 21-Oct-26 07:28:00 GMT", now: now) == .seconds(90))
        #expect(ResponseClassifier.parseRetryAfter("Wed Oct 21 07:28:00 2026", now: now) == .seconds(90))
    }

    @Test func retryAfterInThePastMeansNow() {
        #expect(ResponseClassifier.parseRetryAfter("Tue, 20 Oct 2026 07:28:00 GMT", now: now) == .zero)
    }

    @Test(arguments: ["", "soon", "-5", "1.5", "７"])
    func retryAfterThatIsNeitherIsIgnored(_ value: String) throws {
        #expect(ResponseClassifier.parseRetryAfter(value, now: now) == nil)
        let error = try #require(ResponseClassifier.classify(status: 429, retryAfter: value, now: now))
        #expect(error.kind == .temporary && error.retryAfter == nil)
    }

    @Test func keepsWhatTheReceiverSaidInTheMessage() throws {
        let error = try #require(ResponseClassifier.classify(status: 400, responseText: "invalid_payload", now: now))
        #expect(error.message == "HTTP 400: invalid_payload")
    }
}
