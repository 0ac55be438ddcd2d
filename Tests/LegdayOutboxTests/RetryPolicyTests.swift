import Foundation
import LegdayCore
import Testing
@testable import LegdayOutbox

@Suite struct RetryPolicyTests {
    @Test func theCeilingDoublesUpToTheMaximum() {
        let policy = RetryPolicy(baseDelay: .seconds(30), maxDelay: .seconds(300), maxAttempts: 10)
        #expect((1...6).map { policy.ceiling(afterAttempt: $0) }
                == [.seconds(30), .seconds(60), .seconds(120), .seconds(240), .seconds(300), .seconds(300)])
        #expect(policy.ceiling(afterAttempt: 10_000) == .seconds(300))
    }

    @Test func fullJitterSpreadsWaitsOverTheWholeWindow() {
        let policy = RetryPolicy(baseDelay: .seconds(30), maxDelay: .seconds(300), minimumDelay: .seconds(1))
        var random = SeededRandom(seed: 42)
        let waits = (0..<2000).map { _ in policy.delay(afterAttempt: 3, using: &random).seconds }
        #expect(waits.allSatisfy { $0 >= 1 && $0 <= 120 })
        // Uniform over [1, 120]: the draws reach both ends and average near the middle.
        #expect(waits.contains { $0 < 10 })
        #expect(waits.contains { $0 > 110 })
        let mean = waits.reduce(0, +) / Double(waits.count)
        #expect(abs(mean - 60.5) < 5)
    }

    @Test func retryAfterIsAFloor() {
        let policy = RetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(10))
        var random = SeededRandom(seed: 1)
        for attempt in 1...5 {
            #expect(policy.delay(afterAttempt: attempt, retryAfter: .seconds(900), using: &random) == .seconds(900))
        }
    }

    @Test func theSameSeedGivesTheSameWaits() {
        let policy = RetryPolicy()
        var a = SeededRandom(seed: 9)
        var b = SeededRandom(seed: 9)
        var c = SeededRandom(seed: 10)
        let first = (1...8).map { policy.delay(afterAttempt: $0, using: &a) }
        #expect(first == (1...8).map { policy.delay(afterAttempt: $0, using: &b) })
        #expect(first != (1...8).map { policy.delay(afterAttempt: $0, using: &c) })
    }
}
