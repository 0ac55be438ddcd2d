import AsyncHTTPClient
import Foundation
import LegdayCore
import LegdayFeeds
import LegdaySchedule
import Testing

@Suite struct FeedFetcherTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/schedules")

    static func calendar(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "legday-feeds-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    let options = ScheduleReadOptions(timeZone: "Europe/Berlin", horizonDays: 60)

    @Test func refreshesConditionallyAndFallsBackToTheLastGoodCopy() async throws {
        let server = CalendarServer(body: try Self.calendar("feed-rrule.ics"), etag: "\"v1\"")
        let port = try await server.start()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let stateDir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: stateDir) }
        let fetcher = FeedFetcher(client: client, cache: FeedCache(directory: stateDir), timeout: .seconds(10))
        let feed = try FeedSource("http://127.0.0.1:\(port)/calendars/private-abc123/basic.ics")
        let start = Date(timeIntervalSince1970: 1_795_305_600)

        do {
            // First fetch: the whole calendar, read and cached.
            let first = await fetcher.read(feed, now: start, options: options)
            #expect(first.diagnostics.count == 1) // the MONTHLY rule in the fixture
            #expect(first.schedule.runs.filter { $0.type == .intervals }.count == 5)
            let cached = try FileManager.default.contentsOfDirectory(atPath: stateDir).sorted()
            #expect(cached.count == 2)
            #expect(cached.allSatisfy { $0.hasPrefix("feed-") && ($0.hasSuffix(".ics") || $0.hasSuffix(".json")) })

            // Second: the server is asked with the ETag and Last-Modified it gave, answers 304.
            let second = await fetcher.refresh(feed, now: start.addingTimeInterval(3600))
            #expect(second.outcome == .notModified)
            let requests = server.state.withLock { $0.requests }
            #expect(requests.count == 2)
            #expect(requests[0].ifNoneMatch == nil)
            #expect(requests[1].ifNoneMatch == "\"v1\"")
            #expect(requests[1].ifModifiedSince == "Sun, 22 Nov 2026 06:00:00 GMT")
            #expect(requests[1].path == "/calendars/private-abc123/basic.ics")

            // The calendar changes: a new copy replaces the cached one.
            let changed = try Self.calendar("5k.ics")
            server.state.withLock {
                $0.body = changed
                $0.etag = "\"v2\""
            }
            let third = await fetcher.read(feed, now: start.addingTimeInterval(7200), options: options)
            #expect(third.diagnostics.isEmpty)
            #expect(third.schedule.runs.contains { $0.type == .race && $0.date == LocalDate(year: 2027, month: 5, day: 15) })

            // The service fails: the plan is read from the last good copy, with a warning.
            server.state.withLock { $0.failWith = .serviceUnavailable }
            let failing = await fetcher.read(feed, now: start.addingTimeInterval(10_800), options: options)
            #expect(failing.schedule == third.schedule)
            #expect(failing.diagnostics.first?.severity == .warning)
            #expect(failing.diagnostics.first?.message.contains("503") == true)
            // Diagnostics do not print the secret part of the address.
            #expect(failing.diagnostics.allSatisfy { !$0.description.contains("private-abc123") })
        }

        // The network is gone altogether: still the last good copy.
        try await server.stop()
        // A refused connection is retried until the deadline; keep the deadline short here.
        var offlineFetcher = fetcher
        offlineFetcher.timeout = .seconds(1)
        let offline = await offlineFetcher.read(feed, now: start.addingTimeInterval(14_400), options: options)
        #expect(offline.schedule.runs.contains { $0.type == .race })
        #expect(offline.diagnostics.first?.severity == .warning)

        // A fetcher with an empty cache has nothing to fall back on: an error, never a crash.
        let fresh = FeedFetcher(client: client, cache: FeedCache(directory: Self.temporaryDirectory()), timeout: .seconds(1))
        let nothing = await fresh.read(feed, now: start, options: options)
        #expect(nothing.schedule.runs.isEmpty)
        #expect(nothing.diagnostics.map(\.severity) == [.error])
        try await client.shutdown()
    }

    @Test func addresses() throws {
        #expect(try FeedSource("webcal://example.com/plan.ics").url.absoluteString == "https://example.com/plan.ics")
        #expect(try FeedSource("https://example.com/plan.ics").url.scheme == "https")
        #expect(try FeedSource("http://localhost:8080/plan.ics").url.port == 8080)
        #expect(throws: FeedSource.Problem.plainHTTPToRemoteHost("example.com")) { try FeedSource("http://example.com/plan.ics") }
        #expect(throws: FeedSource.Problem.unsupportedScheme("ftp")) { try FeedSource("ftp://example.com/plan.ics") }
        #expect(throws: FeedSource.Problem.self) { try FeedSource("not a url") }
        #expect(try FeedSource("https://cal.example.com/ical/secret-token/basic.ics").description == "https://cal.example.com/…/basic.ics")
    }

    @Test func loopbackIsAParsedAddressNotAPrefix() {
        #expect(throws: FeedSource.Problem.plainHTTPToRemoteHost("127.evil.example")) {
            try FeedSource("http://127.evil.example/plan.ics")
        }
        #expect(throws: FeedSource.Problem.self) { try FeedSource("http://127.0.0.1.example.org/plan.ics") }
        #expect((try? FeedSource("http://127.0.0.1:8080/plan.ics")) != nil)
        #expect((try? FeedSource("http://[::1]:8080/plan.ics")) != nil)
    }

    /// A feed that moved is a config change: the redirect is not followed (it could lead from https to plain
    /// http, or to a host the config check refuses), and the last good copy stays in use.
    @Test func aRedirectIsNotFollowed() async throws {
        let server = CalendarServer(body: try Self.calendar("feed-rrule.ics"), etag: "\"v1\"")
        let port = try await server.start()
        server.state.withLock { $0.redirectTo = "http://127.0.0.1:\(port)/elsewhere.ics" }
        let stateDir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: stateDir) }
        let fetcher = FeedFetcher(cache: FeedCache(directory: stateDir), timeout: .seconds(10))
        let feed = try FeedSource("http://127.0.0.1:\(port)/calendars/basic.ics")
        let refresh = await fetcher.refresh(feed, now: Date(timeIntervalSince1970: 1_795_305_600))
        guard case .failed(let why) = refresh.outcome else {
            Issue.record("the redirect was followed: \(refresh.outcome)"); return
        }
        #expect(why.contains("does not follow feed redirects"))
        #expect(server.state.withLock { $0.requests.map(\.path) } == ["/calendars/basic.ics"])
        try await server.stop()
    }

    /// Headers at once, then one byte and silence: only a deadline around the whole exchange ends this.
    /// A regression hangs until the time limit.
    @Test(.timeLimit(.minutes(1)))
    func aCalendarTrickledAfterTheHeadersIsCutAtTheTimeout() async throws {
        let server = CalendarServer(body: try Self.calendar("feed-rrule.ics"), etag: "\"v1\"")
        let port = try await server.start()
        server.state.withLock { $0.trickle = true }
        let stateDir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: stateDir) }
        let fetcher = FeedFetcher(cache: FeedCache(directory: stateDir), timeout: .seconds(1))
        let feed = try FeedSource("http://127.0.0.1:\(port)/calendars/basic.ics")
        let refresh = await fetcher.refresh(feed, now: Date(timeIntervalSince1970: 1_795_305_600))
        guard case .failed(let why) = refresh.outcome else {
            Issue.record("a trickled calendar was taken: \(refresh.outcome)"); return
        }
        #expect(why.contains("no complete answer within 1 s"), "\(why)")
        try await server.stop()
    }
}
