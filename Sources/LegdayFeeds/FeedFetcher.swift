import AsyncHTTPClient
import Foundation
import LegdayCore
import LegdaySchedule
import NIOCore

/// What one refresh of a feed came to.
public enum FeedRefreshOutcome: Sendable, Equatable {
    /// The server sent a new copy; it is now the cached one.
    case updated
    /// The server said the cached copy is current (304 Not Modified).
    case notModified
    /// The refresh failed; `FeedRefresh.copy` is the last good copy, if there is one.
    case failed(String)
}

public struct FeedRefresh: Sendable {
    public var outcome: FeedRefreshOutcome
    /// The copy to read: new, confirmed, or the last good one after a failure. Nil only when a feed has never
    /// been fetched successfully.
    public var copy: CachedFeed?
}

/// Fetches calendar feeds with conditional requests (ETag / If-Modified-Since) and falls back to the last
/// good copy on any failure. The daemon calls `read` on its refresh interval; the time is passed in.
public struct FeedFetcher: Sendable {
    public let client: HTTPClient
    public let cache: FeedCache
    public var timeout: TimeAmount
    /// Calendars larger than this are refused rather than read into memory.
    public var maximumBytes: Int

    /// The client feeds are fetched with: redirects are not followed (a feed that moved is a config change:
    /// following one could take an https feed to plain http, or to a host `legday check` would refuse), and
    /// a read that waits this long for a byte ends. Lives as long as the process, like `HTTPClient.shared`.
    public static let defaultClient = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                timeout: .init(connect: .seconds(10), read: .seconds(30)),
                                                connectionPool: .init(), proxy: nil))

    public init(client: HTTPClient = FeedFetcher.defaultClient, cache: FeedCache, timeout: TimeAmount = .seconds(30),
                maximumBytes: Int = 16 * 1024 * 1024) {
        self.client = client
        self.cache = cache
        self.timeout = timeout
        self.maximumBytes = maximumBytes
    }

    /// Asks the server for a newer copy than the cached one and caches what it sends.
    public func refresh(_ feed: FeedSource, now: Date) async -> FeedRefresh {
        let cached = cache.load(feed)
        var request = HTTPClientRequest(url: feed.url.absoluteString)
        request.headers.add(name: "Accept", value: "text/calendar, */*;q=0.5")
        request.headers.add(name: "User-Agent", value: "legday")
        if let etag = cached?.etag { request.headers.add(name: "If-None-Match", value: etag) }
        if let modified = cached?.lastModified { request.headers.add(name: "If-Modified-Since", value: modified) }
        let (client, timeout, maximumBytes) = (client, timeout, maximumBytes)
        do {
            // One deadline around connecting, the headers and the body: the client's own ends at the headers,
            // and a calendar trickled a byte at a time would otherwise hold the refresh for as long as it lasts.
            let (response, body) = try await withinDeadline(.nanoseconds(timeout.nanoseconds)) { [request] in
                let response = try await client.execute(request, timeout: timeout)
                let body = response.status.code == 200 ? try await response.body.collect(upTo: maximumBytes) : nil
                return (response, body)
            }
            switch response.status.code {
            case 200:
                let buffer = body ?? ByteBuffer()
                let copy = CachedFeed(body: Data(buffer.readableBytesView),
                                      etag: response.headers.first(name: "ETag"),
                                      lastModified: response.headers.first(name: "Last-Modified"),
                                      fetchedAt: now)
                do {
                    try cache.store(copy, for: feed)
                } catch {
                    return FeedRefresh(outcome: .failed("fetched, but cannot write the cached copy in \(cache.directory): \(error)"), copy: copy)
                }
                return FeedRefresh(outcome: .updated, copy: copy)
            case 304:
                guard var copy = cached else {
                    return FeedRefresh(outcome: .failed("the server answered 304 Not Modified but no copy is cached"), copy: nil)
                }
                copy.fetchedAt = now
                try? cache.store(copy, for: feed)
                return FeedRefresh(outcome: .notModified, copy: copy)
            case 300..<400:
                return FeedRefresh(outcome: .failed("the server redirects (HTTP \(response.status.code)); legday does not "
                    + "follow feed redirects: put the feed's new address in config.toml"), copy: cached)
            default:
                return FeedRefresh(outcome: .failed("the server answered \(response.status.code) \(response.status.reasonPhrase)"), copy: cached)
            }
        } catch {
            return FeedRefresh(outcome: .failed(FeedFetcher.describe(error)), copy: cached)
        }
    }

    /// Refreshes a feed and reads it as a schedule. A failed refresh is a warning when a cached copy
    /// stands in, an error when there is none; either way the result says which copy was read.
    public func read(_ feed: FeedSource, now: Date, options: ScheduleReadOptions = ScheduleReadOptions()) async -> ScheduleReadResult {
        let refresh = await refresh(feed, now: now)
        let location = SourceLocation(path: feed.description, line: 1)
        guard let copy = refresh.copy else {
            let reason = if case .failed(let why) = refresh.outcome { why } else { "no copy" }
            return ScheduleReadResult(diagnostics: [Diagnostic(location, "cannot fetch the feed (\(reason)) and no earlier copy is cached")])
        }
        var result = ScheduleReader.parse(data: copy.body, format: .ics, path: feed.description, options: options)
        if case .failed(let why) = refresh.outcome {
            let when = ISO8601DateFormatter().string(from: copy.fetchedAt)
            result.diagnostics.insert(Diagnostic(location, "cannot refresh the feed (\(why)); using the copy from \(when)",
                                                 severity: .warning), at: 0)
        }
        return result
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DeadlineExceeded {
            return "no complete answer within \(error.limit.components.seconds) s"
        }
        if let error = error as? HTTPClientError { return "\(error)" }
        if error is NIOTooManyBytesError { return "the calendar is larger than the size limit" }
        return String(describing: error)
    }
}
