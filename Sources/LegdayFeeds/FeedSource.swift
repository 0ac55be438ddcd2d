import Foundation
import LegdayCore

/// A calendar feed address, checked: `https://…`, or `webcal://…` (which means https), or `http://` to this
/// machine only. Plain http to anywhere else would let the network rewrite the runner's plan.
public struct FeedSource: Hashable, Sendable, CustomStringConvertible {
    /// The address that is fetched.
    public let url: URL
    /// The address as written in the config.
    public let written: String

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case notAURL(String)
        case unsupportedScheme(String)
        case plainHTTPToRemoteHost(String)

        public var description: String {
            switch self {
            case .notAURL(let text): "'\(text)' is not a feed address (https://… or webcal://…)"
            case .unsupportedScheme(let scheme): "feeds are fetched over https or webcal, not \(scheme)"
            case .plainHTTPToRemoteHost(let host): "http:// is allowed only for this machine (localhost); use https:// for \(host)"
            }
        }
    }

    /// Whether `text` looks like a feed address at all (as opposed to a file path).
    public static func isFeedAddress(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("webcal://") || lower.hasPrefix("webcals://")
            || lower.hasPrefix("http://")
    }

    public init(_ text: String) throws(Problem) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard var components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else { throw .notAURL(text) }
        switch scheme {
        case "https": break
        case "webcal", "webcals": components.scheme = "https"
        case "http":
            guard LoopbackHost.contains(host) else { throw .plainHTTPToRemoteHost(host) }
        default: throw .unsupportedScheme(scheme)
        }
        guard let url = components.url else { throw .notAURL(text) }
        self.url = url
        self.written = trimmed
    }

    /// The address without query and with the middle of the path elided: private calendar addresses carry
    /// their secret in the path or query, and diagnostics end up in the journal.
    public var description: String {
        let host = url.host ?? "?"
        let last = url.lastPathComponent
        let port = url.port.map { ":\($0)" } ?? ""
        return last.isEmpty || last == "/" ? "\(url.scheme ?? "https")://\(host)\(port)/"
            : "\(url.scheme ?? "https")://\(host)\(port)/…/\(last)"
    }

    /// A stable file name for this feed's cached copy (FNV-1a of the address; collisions are harmless
    /// because the cached metadata records the full address and is checked on load).
    var cacheKey: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in url.absoluteString.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "feed-" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
