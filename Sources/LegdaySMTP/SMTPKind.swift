import LegdayConfig

extension NotifierKind {
    /// `type = "smtp"`: the keys `SMTPConfig` reads (docs/email.md describes each).
    public static let smtp = NotifierKind(
        type: "smtp",
        keys: ["host", "port", "security", "username", "password_file", "password_credential", "auth",
               "token_file", "token_credential", "token_command", "ca_file", "from", "to", "helo"],
        secretKeys: ["password_file", "token_file"])
}
