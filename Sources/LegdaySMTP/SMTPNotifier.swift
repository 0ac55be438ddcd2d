import Foundation
import LegdayConfig
import LegdayCore
import LegdayNotify

/// Sends each reminder as one email: plain text and HTML, with exercise figures inline when a figure
/// source is given. Failures come back as `NotifierError`: `.permanent` for a refused login, a 5xx reply
/// or a server without STARTTLS; `.temporary` for 4xx replies, refused connections and timeouts.
public struct SMTPNotifier: Notifier {
    public let name: String
    public let from: MailAddress
    public let to: [MailAddress]
    private let transport: any SMTPTransport
    private let figures: FigureSource?
    private let now: @Sendable () -> Date

    public init(name: String, from: MailAddress, to: [MailAddress], transport: any SMTPTransport,
                figures: FigureSource? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.name = name
        self.from = from
        self.to = to
        self.transport = transport
        self.figures = figures
        self.now = now
    }

    /// From a `[notifiers.NAME]` table with `type = "smtp"`; relative paths start at `configDirectory`.
    /// Secret files are checked here (present, private) and read again at every send. Emails show the
    /// exercise figures unless `figures` says otherwise (nil: words only).
    public init(configuration: NotifierConfiguration, configDirectory: String,
                figures: FigureSource? = ReminderEmail.drawnFigures) throws(ConfigError) {
        let config = try SMTPConfig.read(configuration, configDirectory: configDirectory)
        self.init(name: configuration.name, from: config.from, to: config.to,
                  transport: CurlSMTPTransport(settings: config.server), figures: figures)
    }

    /// The same notifier with other pictures of each exercise (all its positions in one) in its emails (nil: none).
    public func withFigures(_ figures: FigureSource?) -> SMTPNotifier {
        SMTPNotifier(name: name, from: from, to: to, transport: transport, figures: figures, now: now)
    }

    /// The email for one delivery: what `send` hands to the transport, byte for byte.
    public func message(for reminder: Reminder, context: DeliveryContext) -> MailMessage {
        ReminderEmail.message(for: reminder, deliveryID: context.deliveryID, from: from, to: to, date: now(),
                              figures: figures)
    }

    public func send(_ reminder: Reminder, context: DeliveryContext) async throws {
        let bytes = message(for: reminder, context: context).rendered()
        try await transport.send(bytes, from: from.address, to: to.map(\.address))
    }
}
