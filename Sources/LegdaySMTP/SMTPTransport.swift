import Foundation

/// Hands a finished message to a mail server. The message builder never sees the network, and the
/// network code never sees a reminder: each is testable alone.
///
/// `send` returns when the server has accepted the message for every recipient (250 after the data), and
/// otherwise throws a `NotifierError` saying whether a later try can help.
public protocol SMTPTransport: Sendable {
    func send(_ message: [UInt8], from sender: String, to recipients: [String]) async throws
}

/// How the connection to the server is protected.
public enum SMTPSecurity: String, Sendable, Hashable, CaseIterable {
    /// Plain connect, then STARTTLS before anything else; refuse to go on if the server does not offer it.
    case starttls
    /// TLS from the first byte ("implicit TLS", port 465).
    case tls
    /// No TLS at all: only for a server on this machine.
    case none

    public var defaultPort: Int {
        switch self {
        case .starttls: 587
        case .tls: 465
        case .none: 25
        }
    }
}

/// Who legday logs in as, and where the secret comes from. Secrets are read at each send, so a rotated
/// password or a refreshed OAuth token is picked up without a restart.
public enum SMTPAuthentication: Sendable, Hashable {
    case none
    /// AUTH PLAIN or LOGIN, whichever the server offers (libcurl negotiates).
    case password(username: String, secret: SecretSource)
    /// AUTH XOAUTH2 with a bearer token (Gmail, Microsoft 365).
    case oauth2(username: String, token: SecretSource)
}

/// Everything needed to reach and log in to one mail server.
public struct SMTPServerSettings: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var security: SMTPSecurity
    public var authentication: SMTPAuthentication
    /// A PEM file of CA certificates trusted in addition to the system's.
    public var caFile: String?
    /// The limit for connecting and for each reply from the server.
    public var timeout: Duration
    /// The name legday gives in EHLO: this machine's host name unless config sets `helo`.
    public var ehloName: String

    public init(host: String, port: Int, security: SMTPSecurity = .starttls,
                authentication: SMTPAuthentication = .none, caFile: String? = nil,
                timeout: Duration = .seconds(30), ehloName: String = SMTPServerSettings.localHostName()) {
        self.host = host
        self.port = port
        self.security = security
        self.authentication = authentication
        self.caFile = caFile
        self.timeout = timeout
        self.ehloName = ehloName
    }

    /// The whole transfer's limit: generous, since each step has its own `timeout` already.
    public var totalTimeout: Duration { timeout * 5 }
}

extension SMTPServerSettings {
    /// This machine's host name as EHLO wants it (letters, digits, `-` and `.`), or `localhost`.
    public static func localHostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return isValidHostName(name) ? name : "localhost"
    }

    /// Letters, digits, `-` and `.` only: safe in EHLO and in the URL libcurl takes it from.
    static func isValidHostName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 253 && name.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == ".")
        }
    }
}
