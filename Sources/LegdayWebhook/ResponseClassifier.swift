import Foundation
import LegdayNotify

/// What an HTTP answer means for the delivery: accepted, try again later, or give up.
public enum ResponseClassifier {
    /// nil when the status says the reminder was accepted (2xx), else the error to throw.
    ///
    /// - 408, 429 and 5xx are temporary; a `Retry-After` (seconds or an HTTP date) on them becomes
    ///   ``NotifierError/retryAfter``.
    /// - 3xx is permanent: redirects are not followed (a signed request should go only where config says),
    ///   so the URL in config needs changing.
    /// - 410 and every other 4xx are permanent: the receiver refused this request and will refuse it again.
    public static func classify(status: Int, retryAfter: String? = nil, location: String? = nil,
                                responseText: String = "", now: Date) -> NotifierError? {
        let detail = responseText.isEmpty ? "" : ": \(responseText)"
        switch status {
        case 200..<300:
            return nil
        case 408, 429, 500..<600:
            return .temporary("HTTP \(status)\(detail)", retryAfter: retryAfter.flatMap { parseRetryAfter($0, now: now) })
        case 300..<400:
            let target = location.map { " to \($0)" } ?? ""
            return .permanent("HTTP \(status): redirect\(target) not followed; put the final address in `url`")
        case 410:
            return .permanent("HTTP 410 Gone: the receiver no longer exists\(detail)")
        case 400..<500:
            return .permanent("HTTP \(status)\(detail)")
        default:
            return .temporary("unexpected HTTP status \(status)\(detail)")
        }
    }

    /// `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT` (RFC 9110 §10.2.3) as a wait from
    /// `now`; a date in the past means "now" (zero). nil for anything else.
    public static func parseRetryAfter(_ value: String, now: Date) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) {
            // A number too big for Int64 still means "a long time"; the delivery machinery bounds the wait.
            return .seconds(Int64(text) ?? Int64(Int32.max))
        }
        guard let date = httpDate(text) else { return nil }
        let seconds = max(0, date.timeIntervalSince(now))
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// IMF-fixdate, and the two obsolete forms RFC 9110 says recipients must still accept.
    static func httpDate(_ text: String) -> Date? {
        for pattern in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = pattern
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    /// A short, single-line, printable excerpt of what the receiver said, for the outbox's "last error".
    /// `hiding` is the bearer token the request carried: a receiver may repeat it in its refusal ("invalid
    /// token …"), and this text goes to the journal and into the outbox.
    static func excerpt(_ body: [UInt8], limit: Int = 200, hiding secret: String? = nil) -> String {
        var text = String(decoding: body, as: UTF8.self)
        if let secret, !secret.isEmpty { text = text.replacingOccurrences(of: secret, with: "[token]") }
        let line = String(text.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) ? " " : Character($0) })
            .trimmingCharacters(in: .whitespaces)
        return TextLimit.truncate(line, to: limit)
    }
}
