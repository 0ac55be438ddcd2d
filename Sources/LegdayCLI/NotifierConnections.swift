import LegdaySMTP
import LegdayWebhook

/// The connections notifiers keep between sends (SMTP sessions, pooled HTTP clients for webhooks).
enum NotifierConnections {
    /// Runs `body`, then closes every kept connection properly (QUIT to mail servers, HTTP clients shut
    /// down) whether `body` succeeded or not: a process that is done sending should not just vanish.
    static func closing<T>(after body: () async throws -> T) async throws -> T {
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        CurlSMTPTransport.closeIdleConnections()
        try? await WebhookHTTPClients.shutdown()
        return try result.get()
    }
}
