import Foundation

/// The last good copy of a feed, with what the server said about its version.
public struct CachedFeed: Sendable, Equatable {
    public var body: Data
    public var etag: String?
    public var lastModified: String?
    /// When this copy was fetched (or last confirmed unchanged).
    public var fetchedAt: Date

    public init(body: Data, etag: String? = nil, lastModified: String? = nil, fetchedAt: Date) {
        self.body = body
        self.etag = etag
        self.lastModified = lastModified
        self.fetchedAt = fetchedAt
    }
}

/// Keeps the last good copy of each feed in a folder (legday's state dir), so a network error or an outage
/// of the calendar service never empties the plan.
///
/// Each feed has two files: `feed-<hash>.ics` (the body) and `feed-<hash>.json` (address, ETag,
/// Last-Modified, fetch time). Both are written atomically, body first, so a crash leaves either the old
/// pair or the new body with the old metadata, which only costs a full download next time.
public struct FeedCache: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    private struct Metadata: Codable {
        var url: String
        var etag: String?
        var lastModified: String?
        var fetchedAt: Date
    }

    public func load(_ feed: FeedSource) -> CachedFeed? {
        let base = (directory as NSString).appendingPathComponent(feed.cacheKey)
        guard let metaData = FileManager.default.contents(atPath: base + ".json"),
              let meta = try? JSONDecoder().decode(Metadata.self, from: metaData),
              meta.url == feed.url.absoluteString,
              let body = FileManager.default.contents(atPath: base + ".ics") else { return nil }
        return CachedFeed(body: body, etag: meta.etag, lastModified: meta.lastModified, fetchedAt: meta.fetchedAt)
    }

    public func store(_ copy: CachedFeed, for feed: FeedSource) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        // The user's alone, like the outbox next to it: tightened on every store, not only on creation.
        _ = chmod(directory, 0o700)
        let base = URL(fileURLWithPath: directory).appendingPathComponent(feed.cacheKey)
        let meta = Metadata(url: feed.url.absoluteString, etag: copy.etag, lastModified: copy.lastModified,
                            fetchedAt: copy.fetchedAt)
        for (file, data) in [(base.appendingPathExtension("ics"), copy.body),
                             (base.appendingPathExtension("json"), try JSONEncoder().encode(meta))] {
            try data.write(to: file, options: .atomic)
            _ = chmod(file.path, 0o600)
        }
    }
}
