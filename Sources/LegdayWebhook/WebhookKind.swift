import LegdayConfig

extension NotifierKind {
    /// `type = "webhook"`: the keys `WebhookSettings` reads (docs/webhooks.md describes each). The signing
    /// secret may hold several lines: the old and the new secret during a rotation.
    public static let webhook = NotifierKind(
        type: "webhook",
        keys: ["url", "secret_file", "secret_credential", "format", "headers", "token_file",
               "token_credential", "ca_file", "connect_timeout"],
        openTables: ["headers"],
        secretKeys: ["secret_file", "token_file"],
        severalLineSecretKeys: ["secret_file"])
}
