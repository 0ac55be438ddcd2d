import Foundation
import LegdayCore
import LegdayNotify
@testable import LegdayOutbox
import Testing

/// The delivery engine's decisions, fed events with no outbox, no notifier and no clock.
@Suite struct DeliveryDecisionsTests {
    let now = Date(timeIntervalSince1970: 1_795_417_200)  // any fixed instant
    let policy = RetryPolicy(baseDelay: .seconds(30), maxDelay: .seconds(1800), minimumDelay: .seconds(1), maxAttempts: 3)

    func claimed(attempts: Int, notifier: String = "mail") -> Delivery {
        var delivery = Delivery(reminder: sampleReminder(), notifier: notifier,
                                expiresAt: now.addingTimeInterval(3600), now: now.addingTimeInterval(-60))
        delivery.attempts = attempts
        delivery.claimedUntil = now.addingTimeInterval(120)
        return delivery
    }

    func settle(_ delivery: Delivery, _ error: NotifierError?, fallback: String? = "journal",
                seed: UInt64 = 7) -> DeliveryDecisions.Settled {
        var random = SeededRandom(seed: seed)
        return DeliveryDecisions.settle(delivery, error: error, now: now, policy: policy, fallback: fallback,
                                        random: &random)
    }

    @Test func aSuccessIsDeliveredAndReleasesTheClaim() {
        let settled = settle(claimed(attempts: 1), nil)
        #expect(settled.delivery.state == .delivered)
        #expect(settled.delivery.deliveredAt == now && settled.delivery.claimedUntil == nil)
        #expect(settled.fallback == nil)
        #expect(settled.event == .delivered(settled.delivery))
    }

    @Test(arguments: 1...2) func aTemporaryFailureWithAttemptsLeftWaitsWithinItsWindow(attempts: Int) {
        for seed in UInt64(0)..<50 {
            let settled = settle(claimed(attempts: attempts), .temporary("421 busy"), seed: seed)
            let wait = settled.delivery.nextAttemptAt.timeIntervalSince(now)
            #expect(settled.delivery.state == .pending)
            #expect(wait >= 1 && wait <= policy.ceiling(afterAttempt: attempts).seconds)
            #expect(settled.delivery.lastError == "temporary failure: 421 busy" || settled.delivery.lastError?.contains("421 busy") == true)
            #expect(settled.fallback == nil)
        }
    }

    @Test func theDestinationsRetryAfterIsAFloor() {
        let settled = settle(claimed(attempts: 1), .temporary("429", retryAfter: .seconds(900)))
        #expect(settled.delivery.nextAttemptAt.timeIntervalSince(now) >= 900)
    }

    @Test func theLastTemporaryFailureGivesUpAndFallsOver() {
        let settled = settle(claimed(attempts: 3), .temporary("timed out"))
        #expect(settled.delivery.state == .failed)
        #expect(settled.delivery.lastError?.hasPrefix("gave up after 3 attempts") == true)
        #expect(settled.fallback?.notifier == "journal")
        #expect(settled.fallback?.fallbackFor == settled.delivery.id)
        #expect(settled.fallback?.expiresAt == settled.delivery.expiresAt)
    }

    @Test func aPermanentFailureFailsAtOnceAndNeverFallsOverToItself() {
        let refused = settle(claimed(attempts: 1), .permanent("550 no such user"))
        #expect(refused.delivery.state == .failed && refused.fallback?.notifier == "journal")
        #expect(settle(claimed(attempts: 1), .permanent("550"), fallback: "mail").fallback == nil)
        #expect(settle(claimed(attempts: 1), .permanent("550"), fallback: nil).fallback == nil)
    }

    // MARK: The loop

    let loop = DeliveryDecisions.Loop(idleCheck: .seconds(300), problemRetry: .seconds(5))

    @Test func afterARunTheLoopSleepsUntilTheEarliestOfDueAndIdleCheck() {
        var decisions = loop
        #expect(decisions.started() == .run)
        #expect(decisions.runEnded(at: now, nextDue: nil, failed: false) == .sleep(until: now.addingTimeInterval(300)))
        _ = decisions.sleepEnded()
        #expect(decisions.runEnded(at: now, nextDue: now.addingTimeInterval(42), failed: false)
                == .sleep(until: now.addingTimeInterval(42)))
        _ = decisions.sleepEnded()
        #expect(decisions.runEnded(at: now, nextDue: now.addingTimeInterval(4000), failed: false)
                == .sleep(until: now.addingTimeInterval(300)))
    }

    @Test func anOutboxThatRefusedIsTriedAgainSoon() {
        var decisions = loop
        _ = decisions.started()
        #expect(decisions.runEnded(at: now, nextDue: now.addingTimeInterval(60), failed: true)
                == .sleep(until: now.addingTimeInterval(5)))
    }

    @Test func aWakeUpDuringARunRunsAgainAndOneWhileAsleepRunsNow() {
        var decisions = loop
        _ = decisions.started()
        #expect(decisions.woken() == nil)  // the run goes on …
        #expect(decisions.runEnded(at: now, nextDue: nil, failed: false) == .run)  // … and another follows
        #expect(decisions.runEnded(at: now, nextDue: nil, failed: false) == .sleep(until: now.addingTimeInterval(300)))
        #expect(decisions.woken() == .run)
        #expect(decisions.woken() == nil)  // already running
    }
}
