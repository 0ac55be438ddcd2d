import AsyncHTTPClient
import Foundation
import LegdayConfig
import LegdayCore
import LegdayNotify
import NIOCore
import NIOHTTP1
import NIOSSL

/// Sends each reminder as one signed HTTP POST (`type = "webhook"` in config).
///
/// One call of ``send(_:context:)`` is one attempt: it returns when the receiver answered 2xx and throws a
/// ``NotifierError`` saying whether to try again otherwise. Retries, backoff and `Retry-After` waits are the
/// delivery machinery's; every attempt of a delivery carries the same `webhook-id`.
public struct WebhookNotifier: Notifier {
    public let name: String
    public let settings: WebhookSettings
    private let now: @Sendable () -> Date

    public init(name: String, settings: WebhookSettings, now: @escaping @Sendable () -> Date = Date.init) {
        self.name = name
        self.settings = settings
        self.now = now
    }

    /// Builds the notifier from its `[notifiers.NAME]` table; relative paths are taken from `configDirectory`.
    public init(configuration: NotifierConfiguration, configDirectory: String) throws(ConfigError) {
        try self.init(configuration: configuration, configDirectory: configDirectory,
                      environment: ProcessInfo.processInfo.environment)
    }

    public init(configuration: NotifierConfiguration, configDirectory: String, environment: [String: String],
                now: @escaping @Sendable () -> Date = Date.init) throws(ConfigError) {
        let settings = try WebhookSettings(configuration: configuration, configDirectory: configDirectory,
                                           environment: environment)
        self.init(name: configuration.name, settings: settings, now: now)
    }

    public func send(_ reminder: Reminder, context: DeliveryContext) async throws {
        let request: WebhookRequest
        do {
            request = try WebhookRequest(reminder: reminder, deliveryID: context.deliveryID, settings: settings,
                                         at: now())
        } catch {
            throw NotifierError.permanent("cannot encode the reminder as JSON: \(error)")
        }
        let client = WebhookHTTPClients.client(connectTimeout: settings.connectTimeout)
        let deadline = NIODeadline.now() + .nanoseconds(WebhookHTTPClients.nanoseconds(settings.timeout))
        let settings = settings
        let now = now
        do {
            // `timeout` bounds the whole exchange: the client's deadline ends at the response headers, so the
            // body (drained or excerpted below) is inside a deadline of its own, the same instant.
            try await withinDeadline(settings.timeout) {
                let response = try await client.execute(request.httpClientRequest(settings: settings), deadline: deadline)
                let status = Int(response.status.code)
                // A little of a refusal is worth keeping for the error message. An accepted answer is read to
                // its end and dropped: a response left unread makes the client close the connection instead
                // of returning it to the pool, and the next webhook would pay for a new one.
                let text = (200..<300).contains(status) ? ""
                    : ResponseClassifier.excerpt(await Self.prefix(of: response.body), hiding: settings.bearerToken)
                if (200..<300).contains(status) { await Self.drain(response.body) }
                try Task.checkCancellation()
                if let failure = ResponseClassifier.classify(
                    status: status, retryAfter: response.headers.first(name: "Retry-After"),
                    location: response.headers.first(name: "Location"), responseText: text, now: now()) {
                    throw failure
                }
            }
        } catch let error as NotifierError {
            throw error
        } catch is DeadlineExceeded {
            throw NotifierError.temporary("no answer within \(settings.timeout.components.seconds) s (the whole exchange, body included)")
        } catch {
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            throw Self.classify(transportError: error, timeout: settings.timeout)
        }
    }

    /// Reads an answer's body and throws it away; one longer than `limit` is left (its connection closes).
    private static func drain(_ body: HTTPClientResponse.Body, limit: Int = 64 * 1024) async {
        var count = 0
        do {
            for try await buffer in body {
                count += buffer.readableBytes
                if count > limit { break }
            }
        } catch {}
    }

    /// Up to `limit` bytes of a response body; a body that fails half-way gives what arrived.
    private static func prefix(of body: HTTPClientResponse.Body, limit: Int = 1024) async -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            for try await buffer in body {
                bytes += buffer.readableBytesView.prefix(limit - bytes.count)
                if bytes.count >= limit { break }
            }
        } catch {}
        return bytes
    }

    /// Failures before any answer arrived: all are worth another try later (the receiver may be restarting,
    /// the network may be down), so all are temporary.
    static func classify(transportError error: any Error, timeout: Duration) -> NotifierError {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return .temporary("no answer within \(timeout.components.seconds) s")
            case .connectTimeout:
                return .temporary("connecting timed out")
            default:
                return .temporary("HTTP request failed: \(errorName(error))")
            }
        }
        if error is NIOSSLError || error is BoringSSLError {
            return .temporary("TLS failed: \(errorName(error))")
        }
        return .temporary("connection failed: \(errorName(error))")
    }

    /// The error's kind without its associated values (`invalidHeaderFieldValues`, `connectionRefused`):
    /// a client error can carry the request's headers, the bearer token among them, and this text goes to
    /// the journal and into the outbox.
    static func errorName(_ error: any Error) -> String {
        let text = String(describing: error)
        let name = text.prefix { $0 != "(" && $0 != ":" && $0 != "\n" }
        return String(name.prefix(80)).trimmingCharacters(in: .whitespaces)
    }
}

/// One attempt's request, before it meets the network: URL, headers and body. A value, so the exact bytes
/// and signature can be checked without a server.
public struct WebhookRequest: Sendable {
    public var url: URL
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(reminder: Reminder, deliveryID: String, settings: WebhookSettings, at time: Date) throws {
        url = settings.url
        body = try WebhookPayload.body(for: reminder, format: settings.format, ntfyTopic: settings.ntfyTopic,
                                       timestamp: time)
        let timestamp = Int(time.timeIntervalSince1970.rounded(.down))
        headers = [("Content-Type", "application/json"), ("User-Agent", "legday")]
        headers += settings.signer.headers(id: deliveryID, timestamp: timestamp, body: body)
        if let token = settings.bearerToken { headers.append(("Authorization", "Bearer \(token)")) }
        headers += settings.headers
    }

    func httpClientRequest(settings: WebhookSettings) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        if !settings.extraTrustRoots.isEmpty {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.certificates(settings.extraTrustRoots)]
            request.tlsConfiguration = tls
        }
        return request
    }
}
