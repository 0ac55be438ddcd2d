import AsyncHTTPClient
import NIOCore
import Synchronization

/// The HTTP clients webhooks share: one per connect timeout in use (usually just one), so connections and
/// their TLS sessions are pooled across notifiers and reminders instead of set up for every send.
///
/// Call ``shutdown()`` once when the process is done sending (the daemon on stop, a CLI command before it
/// exits). A later send simply starts a fresh client.
public enum WebhookHTTPClients {
    private static let clients = Mutex<[Duration: HTTPClient]>([:])

    static func client(connectTimeout: Duration) -> HTTPClient {
        clients.withLock { clients in
            if let client = clients[connectTimeout] { return client }
            // Where a request may go is exactly the configured URL: no redirects, no proxy.
            let configuration = HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                // A connection silent for a minute is given up whatever the request's own deadline (each
                // send also has one deadline around the whole exchange, WebhookNotifier.send).
                timeout: .init(connect: .nanoseconds(nanoseconds(connectTimeout)), read: .seconds(60)),
                connectionPool: .init(),
                proxy: nil)
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            clients[connectTimeout] = client
            return client
        }
    }

    /// Closes every shared client and its connections.
    public static func shutdown() async throws {
        let all = clients.withLock { clients in
            defer { clients.removeAll() }
            return Array(clients.values)
        }
        for client in all { try await client.shutdown() }
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
