import CCurl
import Foundation
import Testing
@testable import LegdaySMTP

/// The pool's bookkeeping with real libcurl handles (no network): a kept handle is the next one handed out,
/// at most `maxIdle` are kept, a failed one is never handed out again, and idle ones close on time. The
/// connection reuse itself is checked against a real server in Tests/integration/test_smtp.py.
@Suite struct CurlHandlePoolTests {
    @Test func aKeptHandleIsHandedOutAgain() throws {
        let pool = CurlHandlePool(idleTimeout: .seconds(60))
        let first = try #require(pool.take())
        pool.keep(first)
        #expect(pool.idleCount == 1)
        let second = try #require(pool.take())
        #expect(second == first)
        #expect(pool.idleCount == 0)
        pool.discard(second)
    }

    @Test func aDiscardedHandleIsNeverHandedOutAgain() throws {
        let pool = CurlHandlePool(idleTimeout: .seconds(60))
        let first = try #require(pool.take())
        pool.discard(first)
        #expect(pool.idleCount == 0)
        let second = try #require(pool.take())
        pool.keep(second)
        #expect(pool.idleCount == 1)
    }

    @Test func atMostMaxIdleHandlesAreKept() throws {
        let pool = CurlHandlePool(idleTimeout: .seconds(60), maxIdle: 2)
        let handles = try (0..<3).map { _ in try #require(pool.take()) }
        #expect(Set(handles).count == 3)  // taken together: three handles, three connections
        for handle in handles { pool.keep(handle) }
        #expect(pool.idleCount == 2)
    }

    @Test func noMoreThanMaxConnectionsAreHandedOutAtOnce() throws {
        let pool = CurlHandlePool(idleTimeout: .seconds(60), maxConnections: 1)
        let first = try #require(pool.take())
        // A second send would wait; one whose task was cancelled gives up instead of waiting.
        #expect(pool.take(isCancelled: { true }) == nil)
        pool.keep(first)
        let again = try #require(pool.take(isCancelled: { true }))
        #expect(again == first)
        pool.discard(again)
    }

    @Test func aWaitingSendGetsTheHandleThatComesBack() async throws {
        let pool = CurlHandlePool(idleTimeout: .seconds(60), maxConnections: 1)
        let first = try #require(pool.take())
        let address = UInt(bitPattern: first)
        let waiter = Task.detached { () -> UInt in
            // Blocks (on this detached task's thread) until the handle below is kept.
            UInt(bitPattern: pool.take())
        }
        pool.keep(first)
        #expect(await waiter.value == address)
    }

    @Test func idleHandlesCloseAfterTheIdleTimeout() throws {
        let pool = CurlHandlePool(idleTimeout: .seconds(60))
        let handle = try #require(pool.take())
        pool.keep(handle)
        pool.closeExpired(now: .now + .seconds(59))
        #expect(pool.idleCount == 1)
        pool.closeExpired(now: .now + .seconds(61))
        #expect(pool.idleCount == 0)
    }
}
