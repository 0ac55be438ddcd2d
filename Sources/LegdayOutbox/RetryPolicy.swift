import Foundation

/// How long to wait before trying a failed delivery again, and when to stop.
///
/// Exponential backoff with full jitter: before attempt n+1 the wait is a uniformly random duration between
/// `minimumDelay` and `min(maxDelay, baseDelay × 2^(n-1))`. Spreading retries over the whole window keeps
/// many deliveries that failed together (a mail server restarting) from coming back together.
public struct RetryPolicy: Sendable, Hashable {
    /// The upper bound of the first wait.
    public var baseDelay: Duration
    /// No wait is longer than this (unless the destination asked for longer with `retryAfter`).
    public var maxDelay: Duration
    /// No wait is shorter than this, so a jitter draw near zero does not retry in a tight loop.
    public var minimumDelay: Duration
    /// After this many attempts a delivery that still fails temporarily is marked failed.
    public var maxAttempts: Int

    /// Defaults: 30 s, doubling, at most 30 min between attempts, 10 attempts — about two to three hours of
    /// trying in all, which fits inside the reminder's day and its expiry.
    public init(baseDelay: Duration = .seconds(30), maxDelay: Duration = .seconds(30 * 60),
                minimumDelay: Duration = .seconds(1), maxAttempts: Int = 10) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.minimumDelay = minimumDelay
        self.maxAttempts = max(1, maxAttempts)
    }

    /// The largest wait after `attempt` (1 for the first) failed.
    public func ceiling(afterAttempt attempt: Int) -> Duration {
        let doublings = min(max(attempt - 1, 0), 62)
        let grown = baseDelay.seconds * pow(2, Double(doublings))
        return .seconds(max(minimumDelay.seconds, min(maxDelay.seconds, grown)))
    }

    /// The wait after `attempt` failed, drawn with `random`. A `retryAfter` from the destination is a floor:
    /// legday never comes back sooner than it was asked to.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration? = nil,
                      using random: inout some RandomNumberGenerator) -> Duration {
        let high = ceiling(afterAttempt: attempt).seconds
        let low = min(minimumDelay.seconds, high)
        let drawn = low == high ? low : Double.random(in: low...high, using: &random)
        return .seconds(max(drawn, retryAfter?.seconds ?? 0))
    }
}

/// A small seedable generator (SplitMix64), so that tests can replay the exact jitter they check.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
