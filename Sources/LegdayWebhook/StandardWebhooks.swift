import Crypto
import Foundation

/// One Standard Webhooks signing secret: `whsec_` followed by base64 key bytes.
///
/// The description never shows the key, so a secret can sit in a value that ends up in a log line.
public struct WebhookSecret: Sendable, Hashable, CustomStringConvertible {
    let key: Data

    /// Returns nil when `text` is not `whsec_` + base64 of at least one byte. Surrounding blanks are ignored.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("whsec_"),
              let key = Data(base64Encoded: String(trimmed.dropFirst("whsec_".count))), !key.isEmpty
        else { return nil }
        self.key = key
    }

    public var description: String { "whsec_…(\(key.count) bytes)" }
}

/// Signs webhook requests as the Standard Webhooks specification says
/// (https://www.standardwebhooks.com): `v1,` + base64(HMAC-SHA256(key, "id.timestamp.body")).
public struct StandardWebhookSigner: Sendable, Hashable {
    /// Every current secret. During a rotation there are two (or more), and the receiver accepts any.
    public var secrets: [WebhookSecret]

    public init(secrets: [WebhookSecret]) { self.secrets = secrets }

    /// The `webhook-signature` header value: one `v1,…` per secret, separated by spaces.
    public func signature(id: String, timestamp: Int, body: Data) -> String {
        var signed = Data("\(id).\(timestamp).".utf8)
        signed.append(body)
        return secrets.map { secret in
            let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: secret.key))
            return "v1," + Data(mac).base64EncodedString()
        }.joined(separator: " ")
    }

    /// The three Standard Webhooks headers for one attempt. `id` stays the same on every retry so the
    /// receiver can drop duplicates; `timestamp` is the attempt's own time (receivers reject old ones).
    public func headers(id: String, timestamp: Int, body: Data) -> [(name: String, value: String)] {
        var headers = [("webhook-id", id), ("webhook-timestamp", String(timestamp))]
        if !secrets.isEmpty { headers.append(("webhook-signature", signature(id: id, timestamp: timestamp, body: body))) }
        return headers
    }
}
