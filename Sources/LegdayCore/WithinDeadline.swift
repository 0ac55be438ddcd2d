/// A whole exchange that took longer than its limit.
public struct DeadlineExceeded: Error, Sendable, Hashable {
    public var limit: Duration
    public init(limit: Duration) { self.limit = limit }
}

/// Runs `operation` with one deadline around all of it: for an HTTP exchange, connecting, the headers and
/// the body together. A client's own deadline may stop at the headers, so a body trickled a byte at a time
/// would otherwise run on for as long as the server likes. At the limit the operation is cancelled and
/// `DeadlineExceeded` thrown; the operation must stop on cancellation (HTTP clients do).
public func withinDeadline<T: Sendable>(_ limit: Duration,
                                        _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw DeadlineExceeded(limit: limit)
        }
        defer { group.cancelAll() }
        // The first child to finish decides: a value, the operation's error, or the deadline.
        guard let first = try await group.next(), let value = first else { throw CancellationError() }
        return value
    }
}
