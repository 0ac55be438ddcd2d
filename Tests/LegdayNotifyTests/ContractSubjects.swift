import Foundation
import LegdayConfig
import LegdayCore
import LegdayJournal
import LegdayNotifierRegistry
import LegdayNotify

// One subject per notifier kind for NotifierContractTests. SMTP, webhook and plugin notifiers are built from
// a `[notifiers.NAME]` table through NotifierRegistry, as `legday run` builds them, with their secrets in
// private files the table names; journal and stdout are built directly, since their table has nothing to
// point them at a test's own destination.

/// Builds the notifier for a table of `type` whose config file (and so its relative paths) is in `folder`.
func notifierFromTable(_ type: String, options: [String: ConfigValue], timeout: Duration,
                       folder: PrivateFolder) throws -> any Notifier {
    let configFile = folder.path + "/config.toml"
    var table = NotifierConfiguration(name: "contract", type: type, options: options,
                                      location: SourceLocation(path: configFile, line: 1), configDirectory: folder.path)
    table.timeoutSeconds = Double(timeout.components.seconds)
    return try NotifierRegistry.make(table, configuration: LegdayConfiguration(path: configFile, notifiers: [table]))
}

struct CannotStage: Error {
    var behaviour: DestinationBehaviour
}

/// The systemd journal. Only "nobody listening" can be staged: libsystemd writes to journald's own socket
/// (/run/systemd/journal/socket) whatever path the notifier checks, so a working destination of the test's
/// own is impossible without writing into the real journal of the machine running the tests. The journal
/// never refuses for good, and a send is one datagram to a local socket: nothing to stay silent.
struct JournalSubject: NotifierContractSubject {
    let kind = "journal"
    let behaviours: Set<DestinationBehaviour> = [.unreachable]
    let secrets: [String] = []

    func destination(_ behaviour: DestinationBehaviour, timeout: Duration) async throws -> ContractDestination {
        guard behaviour == .unreachable else { throw CannotStage(behaviour: behaviour) }
        let folder = try PrivateFolder()
        return ContractDestination(notifier: JournalNotifier(name: "contract", socketPath: folder.path + "/socket"),
                                   close: { folder.remove() })
    }
}

/// Standard output, here a recorder in its place. Writing to it cannot fail, so it has only the working case.
struct StdoutSubject: NotifierContractSubject {
    let kind = "stdout"
    let behaviours: Set<DestinationBehaviour> = [.accepting]
    let secrets: [String] = []

    func destination(_ behaviour: DestinationBehaviour, timeout: Duration) async throws -> ContractDestination {
        guard behaviour == .accepting else { throw CannotStage(behaviour: behaviour) }
        let printed = Transcript()
        let writes = Arrivals()
        let notifier = StdoutNotifier(name: "contract", write: { text in
            printed.append(text)
            writes.note()
        })
        return ContractDestination(notifier: notifier, accepted: { writes.count }, transcript: { printed.text })
    }
}

/// Email through a loopback SMTP server, logging in with a password (AUTH PLAIN, no TLS: loopback only).
struct SMTPSubject: NotifierContractSubject {
    static let password = "contract-smtp-password-91ac"

    let kind = "smtp"
    let behaviours = Set(DestinationBehaviour.allCases)
    let secrets = [SMTPSubject.password]

    func destination(_ behaviour: DestinationBehaviour, timeout: Duration) async throws -> ContractDestination {
        let folder = try PrivateFolder()
        try folder.write("smtp-password", Self.password + "\n")
        let transcript = Transcript()
        let accepted = Arrivals()
        let answer: SMTPAnswer? = switch behaviour {
        case .accepting: .accept
        case .unreachable: nil
        case .askingToTryLater: .deferMessage
        case .refusing: .rejectMessage
        case .silent: .silence
        }
        let server = try LoopbackEndpoint(answer.map { smtpConversation($0, transcript: transcript, accepted: accepted) })
        let notifier = try notifierFromTable("smtp", options: [
            "host": .string("127.0.0.1"), "port": .integer(server.port), "security": .string("none"),
            "helo": .string("contract.test"), "username": .string("runner"), "password_file": .string("smtp-password"),
            "from": .string("legday <legday@example.org>"), "to": .array([.string("runner@example.org")]),
        ], timeout: timeout, folder: folder)
        return ContractDestination(notifier: notifier, accepted: { accepted.count }, arrivals: server.arrivals,
                                   transcript: { transcript.text }, close: { server.stop(); folder.remove() })
    }
}

/// A signed JSON webhook with a bearer token, to a loopback HTTP receiver.
struct WebhookSubject: NotifierContractSubject {
    static let signingKey = "contract-hmac-key-do-not-show"
    static let bearerToken = "contract-bearer-token-7d1f"
    /// Slack and Discord webhook URLs carry their token in the path, so legday keeps URLs out of errors too.
    static let urlToken = "contract-url-token-4b2e"

    let kind = "webhook"
    let behaviours = Set(DestinationBehaviour.allCases)
    /// The signing key both as config writes it (base64, after `whsec_`) and as bytes.
    let secrets = [Data(WebhookSubject.signingKey.utf8).base64EncodedString(), WebhookSubject.signingKey,
                   WebhookSubject.bearerToken, WebhookSubject.urlToken]

    func destination(_ behaviour: DestinationBehaviour, timeout: Duration) async throws -> ContractDestination {
        let folder = try PrivateFolder()
        try folder.write("webhook-secret", "whsec_" + Data(Self.signingKey.utf8).base64EncodedString() + "\n")
        try folder.write("webhook-token", Self.bearerToken + "\n")
        let transcript = Transcript()
        let accepted = Arrivals()
        let answer: HTTPAnswer? = switch behaviour {
        case .accepting: .status(200, body: { _ in "ok" })
        case .unreachable: nil
        case .askingToTryLater: .status(503, body: { _ in "busy, try later" })
        // As some receivers do, the refusal repeats the credentials it was sent.
        case .refusing: .status(401, body: { headers in "invalid credentials: \(headers["authorization"] ?? "none")" })
        case .silent: .silence
        }
        let server = try LoopbackEndpoint(answer.map { httpConversation($0, transcript: transcript, accepted: accepted) })
        let seconds = Int(timeout.components.seconds)
        let notifier = try notifierFromTable("webhook", options: [
            "url": .string("http://127.0.0.1:\(server.port)/hooks/\(Self.urlToken)"),
            "secret_file": .string("webhook-secret"), "token_file": .string("webhook-token"),
            "connect_timeout": .integer(seconds),
        ], timeout: timeout, folder: folder)
        return ContractDestination(notifier: notifier, accepted: { accepted.count }, arrivals: server.arrivals,
                                   transcript: { transcript.text }, close: { server.stop(); folder.remove() })
    }
}

/// A plugin: an sh script in a private folder, handed a secret option read from a `*_file`. Nothing stands
/// between a plugin and legday to be unreachable: a missing plugin is a config error, and the plugin's own
/// destination being down is its exit 75, "try later".
struct PluginSubject: NotifierContractSubject {
    static let token = "contract-plugin-token-c3d8"

    let kind = "plugin"
    let behaviours: Set<DestinationBehaviour> = [.accepting, .askingToTryLater, .refusing, .silent]
    let secrets = [PluginSubject.token]

    func destination(_ behaviour: DestinationBehaviour, timeout: Duration) async throws -> ContractDestination {
        let folder = try PrivateFolder()
        try folder.write("plugin-token", Self.token + "\n")
        let started = try ArrivalPipe(path: folder.path + "/started")
        let ending = switch behaviour {
        case .accepting: #"echo >> "\#(folder.path)/accepted""#
        case .askingToTryLater: #"echo '{"message": "the service is busy"}'; exit 75"#
        case .refusing: #"echo '{"message": "the service refused the reminder"}'; exit 3"#
        case .silent: "exec sleep 300"
        case .unreachable: throw CannotStage(behaviour: behaviour)
        }
        // Keeps the envelope (options and their secrets included) as the transcript, says it has started,
        // then behaves as asked.
        let plugin = try folder.write("legday-notify-contract", """
            #!/bin/sh
            cat >> "\(folder.path)/transcript"
            echo started > "\(started.path)"
            \(ending)

            """, mode: 0o700)
        let notifier = try notifierFromTable("plugin", options: [
            "command": .string(plugin),
            "options": .table(["topic": .string("legs"), "token_file": .string("plugin-token")]),
        ], timeout: timeout, folder: folder)
        return ContractDestination(notifier: notifier, accepted: { folder.read("accepted").filter { $0 == "\n" }.count },
                                   arrivals: started.arrivals, transcript: { folder.read("transcript") },
                                   close: { started.close(); folder.remove() })
    }
}
