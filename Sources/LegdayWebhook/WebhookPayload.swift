import Foundation
import LegdayCore
import Synchronization

/// The request body for each `format`.
///
/// `json` is legday's own event, for receivers that verify the signature and read the plan: the published
/// reminder shape of ``PlanDocument`` under `data`. The presets shape the same reminder the way each service
/// takes it, cut to that service's length limits so a long session never gets the message refused.
public enum WebhookPayload {
    /// The event type of every legday webhook.
    public static let eventType = "legday.reminder"

    public static func body(for reminder: Reminder, format: WebhookFormat, ntfyTopic: String? = nil,
                            timestamp: Date) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        switch format {
        case .json:
            // The event as the encoder would write it with sorted keys (data, timestamp, type), with the
            // reminder's part encoded once per reminder.
            var body = Data(#"{"data":"#.utf8)
            body += try encodedReminder(reminder, encoder: encoder)
            body += Data(#","timestamp":"#.utf8) + (try encoder.encode(rfc3339(timestamp)))
            body += Data(#","type":"#.utf8) + (try encoder.encode(eventType)) + Data("}".utf8)
            return body
        case .slack:
            return try encoder.encode(slack(reminder))
        case .discord:
            return try encoder.encode(discord(reminder, timestamp: timestamp))
        case .ntfy:
            return try encoder.encode(ntfy(reminder, topic: ntfyTopic ?? "legday"))
        }
    }

    /// The last reminder encoded for a `json` body, and its encoding. A retry, or the same reminder to several
    /// webhooks, reuses it instead of encoding the whole plan again: Foundation's JSONEncoder is most of a
    /// webhook's CPU time.
    private static let lastEncoded = Mutex<(reminder: Reminder, json: Data)?>(nil)

    static func encodedReminder(_ reminder: Reminder, encoder: JSONEncoder) throws -> Data {
        if let known = lastEncoded.withLock({ last in last.flatMap { $0.reminder == reminder ? $0.json : nil } }) {
            return known
        }
        let json = try encoder.encode(PlanDocument.reminder(reminder))
        lastEncoded.withLock { $0 = (reminder, json) }
        return json
    }

    /// `2026-11-22T05:00:00Z`
    public static func rfc3339(_ date: Date) -> String {
        // A format style, not a new ISO8601DateFormatter per call: making one took a tenth of a webhook's CPU.
        date.formatted(Date.ISO8601FormatStyle())
    }

    struct Event: Encodable {
        var type: String
        var timestamp: String
        var data: PlanDocument.ReminderJSON
    }

    static func title(_ reminder: Reminder) -> String {
        reminder.late ? "\(reminder.title) (late)" : reminder.title
    }

    /// What the message says when the day has nothing more to say than its title (a rest day without runs).
    static func text(_ reminder: Reminder) -> String {
        reminder.body.isEmpty ? title(reminder) : reminder.body
    }

    // MARK: Slack incoming webhooks: `text` for notifications, Block Kit `blocks` for the message.

    struct SlackMessage: Encodable {
        var text: String
        var blocks: [SlackBlock]
    }

    struct SlackBlock: Encodable {
        var type: String
        var text: SlackText
    }

    struct SlackText: Encodable {
        var type: String
        var text: String
    }

    /// Slack's limits: a header's text up to 150 characters, a section's up to 3,000, 50 blocks a message.
    static let slackHeaderLimit = 150
    static let slackSectionLimit = 3000
    static let slackMaxBlocks = 50

    static func slack(_ reminder: Reminder) -> SlackMessage {
        let header = SlackBlock(type: "header", text: SlackText(
            type: "plain_text", text: TextLimit.truncate(title(reminder), to: slackHeaderLimit)))
        // The body is sent as plain mrkdwn text: only &, < and > need escaping (Slack's rule).
        let escaped = reminder.body.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        let sections = TextLimit.chunks(escaped, limit: slackSectionLimit, maxChunks: slackMaxBlocks - 1)
            .filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            .map { SlackBlock(type: "section", text: SlackText(type: "mrkdwn", text: $0)) }
        return SlackMessage(text: TextLimit.truncate(title(reminder), to: slackSectionLimit), blocks: [header] + sections)
    }

    // MARK: Discord webhooks: `content` plus one embed holding the session.

    struct DiscordMessage: Encodable {
        var content: String
        var embeds: [DiscordEmbed]
        /// No pings, whatever a run title says (`@everyone`).
        var allowedMentions = AllowedMentions()

        enum CodingKeys: String, CodingKey { case content, embeds, allowedMentions = "allowed_mentions" }
    }

    struct AllowedMentions: Encodable { var parse: [String] = [] }

    struct DiscordEmbed: Encodable {
        var title: String
        var description: String
        var timestamp: String
        var footer: Footer
    }

    struct Footer: Encodable { var text: String }

    /// Discord's limits: content 2,000 characters, embed title 256, description 4,096, 6,000 in all embeds.
    static let discordContentLimit = 2000
    static let discordTitleLimit = 256
    static let discordDescriptionLimit = 4096

    static func discord(_ reminder: Reminder, timestamp: Date) -> DiscordMessage {
        let embed = DiscordEmbed(
            title: TextLimit.truncate(title(reminder), to: discordTitleLimit),
            description: TextLimit.truncate(text(reminder), to: discordDescriptionLimit),
            timestamp: rfc3339(timestamp), footer: Footer(text: "legday · \(reminder.kind.rawValue)"))
        return DiscordMessage(content: TextLimit.truncate(title(reminder), to: discordContentLimit), embeds: [embed])
    }

    // MARK: ntfy: a JSON message published to the server's root URL.

    struct NtfyMessage: Encodable {
        var topic: String
        var title: String
        var message: String
        var tags: [String]
        var priority: Int
    }

    /// ntfy turns a message over 4,096 bytes into an attachment; a title is kept to one notification line.
    static let ntfyMessageLimit = 4096
    static let ntfyTitleLimit = 250

    static func ntfy(_ reminder: Reminder, topic: String) -> NtfyMessage {
        NtfyMessage(
            topic: topic, title: TextLimit.truncate(title(reminder), to: ntfyTitleLimit, measure: .utf8),
            message: TextLimit.truncate(text(reminder), to: ntfyMessageLimit, measure: .utf8),
            tags: [ntfyEmoji(reminder.kind), "legday"], priority: 3)
    }

    /// Tags that are emoji short codes show as the emoji in front of the title.
    static func ntfyEmoji(_ kind: DayKind) -> String {
        switch kind {
        case .heavyLift, .lightLift: "weight_lifting"
        case .recovery: "person_in_lotus_position"
        case .rest: "zzz"
        case .race: "runner"
        }
    }
}
