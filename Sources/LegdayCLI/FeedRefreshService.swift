import Foundation
import LegdayConfig
import LegdayFeeds
import Logging
import ServiceLifecycle

/// Fetches the schedule's calendar feeds at start and then on their interval (`[schedule] refresh`), and
/// reloads the plan when one changed. A failed fetch keeps the cached copy; the plan never empties.
final class FeedRefreshService: Service, @unchecked Sendable {
    private let feeds: @Sendable () -> (sources: [String], interval: TimeInterval)
    private let onChange: @Sendable () -> Void
    private let logger: Logger

    init(feeds: @escaping @Sendable () -> (sources: [String], interval: TimeInterval), logger: Logger,
         onChange: @escaping @Sendable () -> Void) {
        self.feeds = feeds
        self.logger = logger
        self.onChange = onChange
    }

    func run() async throws {
        let fetcher = FeedFetcher(cache: FeedCache(directory: AppContext.feedCacheDirectory))
        // Shutdown cancels the sleep below; that is the normal end, not an error.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let (sources, interval) = self.feeds()
                var changed = false
                for source in sources {
                    guard let feed = try? FeedSource(source) else { continue }
                    let refresh = await fetcher.refresh(feed, now: Date())
                    switch refresh.outcome {
                    case .updated: changed = true
                    case .notModified: break
                    case .failed(let why): self.logger.warning("feed \(feed): \(why); keeping the cached copy")
                    }
                }
                if changed { self.onChange() }
                // No feeds: nothing to do until a reload brings some; look again at the interval.
                try await Task.sleep(for: .seconds(max(interval, 60)))
            }
        }
    }
}
