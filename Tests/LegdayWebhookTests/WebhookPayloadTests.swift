import Foundation
import LegdayCore
import LegdayWebhook
import Testing

@Suite struct WebhookPayloadTests {
    let sentAt = Date(timeIntervalSince1970: 1_795_410_000) // 2026-11-23T05:00:00Z

    @Test func jsonIsTheStandardEventAroundThePublishedReminder() throws {
        let reminder = try Fixture.liftReminder()
        let body = try WebhookPayload.body(for: reminder, format: .json, timestamp: sentAt)
        let event = try Fixture.json(body)
        #expect(event["type"] as? String == "legday.reminder")
        #expect(event["timestamp"] as? String == "2026-11-23T05:00:00Z")

        struct Event: Decodable { var data: PlanDocument.ReminderJSON }
        let data = try JSONDecoder().decode(Event.self, from: body).data
        #expect(data == PlanDocument.reminder(reminder))

        // The session travels with every exercise's positions, snake_case as published.
        let day = try #require((event["data"] as? [String: Any])?["day"] as? [String: Any])
        #expect(day["block_week"] as? Int == 1)
        let session = try #require(day["session"] as? [String: Any])
        let exercises = try #require(session["exercises"] as? [[String: Any]])
        #expect(!exercises.isEmpty)
        for exercise in exercises {
            let positions = try #require(exercise["positions"] as? [[String: Any]])
            #expect(!positions.isEmpty)
        }
    }

    /// The body is byte for byte what the encoder writes for the whole event, whether the reminder's part was
    /// just encoded or reused, and a different reminder is never answered from the last one.
    @Test func jsonBodyIsExactlyTheEncodersAndNeverAnotherReminders() throws {
        struct Event: Encodable {
            var type: String
            var timestamp: String
            var data: PlanDocument.ReminderJSON
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let lift = try Fixture.liftReminder()
        var other = lift
        other.title += " (again)"
        for (reminder, at) in [(lift, sentAt), (lift, sentAt.addingTimeInterval(60)), (other, sentAt), (lift, sentAt)] {
            let expected = try encoder.encode(Event(type: "legday.reminder", timestamp: WebhookPayload.rfc3339(at),
                                                    data: PlanDocument.reminder(reminder)))
            #expect(try WebhookPayload.body(for: reminder, format: .json, timestamp: at) == expected)
        }
    }

    @Test func slackGetsAHeaderAndSectionsWithinItsLimits() throws {
        let reminder = try Fixture.liftReminder(late: true)
        let message = try Fixture.json(try WebhookPayload.body(for: reminder, format: .slack, timestamp: sentAt))
        #expect(message["text"] as? String == reminder.title + " (late)")
        let blocks = try #require(message["blocks"] as? [[String: Any]])
        #expect(blocks.first?["type"] as? String == "header")
        let sectionText = blocks.dropFirst().compactMap { ($0["text"] as? [String: Any])?["text"] as? String }
        #expect(sectionText.joined(separator: "\n") == reminder.body.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;"))
    }

    @Test func slackCutsAHugeReminderToFit() throws {
        let message = try Fixture.json(try WebhookPayload.body(for: try Fixture.hugeReminder(), format: .slack,
                                                               timestamp: sentAt))
        let blocks = try #require(message["blocks"] as? [[String: Any]])
        #expect(blocks.count == 50)
        let texts = blocks.compactMap { ($0["text"] as? [String: Any])?["text"] as? String }
        #expect(texts.count == 50)
        #expect(texts[0].utf16.count <= 150)
        #expect(texts.dropFirst().allSatisfy { $0.utf16.count <= 3000 && !$0.contains("<") })
        #expect(texts.last?.hasSuffix("…") == true)
    }

    @Test func discordGetsContentAndOneEmbedWithinItsLimits() throws {
        let reminder = try Fixture.liftReminder()
        let message = try Fixture.json(try WebhookPayload.body(for: reminder, format: .discord, timestamp: sentAt))
        #expect(message["content"] as? String == reminder.title)
        #expect((message["allowed_mentions"] as? [String: Any])?["parse"] as? [String] == [])
        let embed = try #require((message["embeds"] as? [[String: Any]])?.first)
        // The body, whole when it fits Discord's 4,096 characters, else cut with an ellipsis.
        let shown = try #require(embed["description"] as? String)
        #expect(shown == reminder.body
            || (shown.hasSuffix("…") && reminder.body.hasPrefix(shown.dropLast()) && shown.utf16.count <= 4096))
        #expect(embed["timestamp"] as? String == "2026-11-23T05:00:00Z")

        let huge = try Fixture.json(try WebhookPayload.body(for: try Fixture.hugeReminder(), format: .discord,
                                                            timestamp: sentAt))
        let hugeEmbed = try #require((huge["embeds"] as? [[String: Any]])?.first)
        let title = try #require(hugeEmbed["title"] as? String)
        let description = try #require(hugeEmbed["description"] as? String)
        #expect(title.utf16.count <= 256 && description.utf16.count <= 4096)
        #expect(title.utf16.count + description.utf16.count + 40 <= 6000)
        #expect(description.hasSuffix("…"))
    }

    @Test func ntfyGetsTopicTitleMessageAndTags() throws {
        let reminder = try Fixture.liftReminder()
        let message = try Fixture.json(try WebhookPayload.body(for: reminder, format: .ntfy, ntfyTopic: "legday-ana",
                                                               timestamp: sentAt))
        #expect(message["topic"] as? String == "legday-ana")
        #expect(message["title"] as? String == reminder.title)
        // The body, whole when it fits ntfy's 4,096 bytes (beyond that ntfy makes it an attachment), else cut.
        let text = try #require(message["message"] as? String)
        #expect(text == reminder.body
            || (text.hasSuffix("…") && reminder.body.hasPrefix(text.dropLast()) && text.utf8.count <= 4096))
        #expect(message["tags"] as? [String] == ["weight_lifting", "legday"])

        let huge = try Fixture.json(try WebhookPayload.body(for: try Fixture.hugeReminder(), format: .ntfy,
                                                            ntfyTopic: "t", timestamp: sentAt))
        let hugeMessage = try #require(huge["message"] as? String)
        #expect(hugeMessage.utf8.count <= 4096 && hugeMessage.hasSuffix("…"))
    }

    @Test func aRestDayWithoutRunsStillSaysSomething() throws {
        let date = try #require(LocalDate(iso: "2026-11-24"))
        let reminder = Reminder(for: DayPlan(date: date, phase: .base, runs: [], kind: .rest))
        #expect(reminder.body == "Rest day · nothing to do")
        let ntfy = try Fixture.json(try WebhookPayload.body(for: reminder, format: .ntfy, ntfyTopic: "t",
                                                            timestamp: sentAt))
        #expect(ntfy["message"] as? String == reminder.body)
        // A reminder with no body at all (a plugin's, a test's) still sends its title.
        let bare = Reminder(id: "x", date: date, kind: .rest, title: "Rest", body: "", day: reminder.day)
        let bareNtfy = try Fixture.json(try WebhookPayload.body(for: bare, format: .ntfy, ntfyTopic: "t", timestamp: sentAt))
        #expect(bareNtfy["message"] as? String == "Rest")
    }
}

@Suite struct TextLimitTests {
    @Test func cutsOnCharacterBoundaries() throws {
        // Each family emoji is one Character of eleven UTF-16 units; half of one must never be sent.
        let family = "👨‍👩‍👧‍👦"
        let text = String(repeating: family, count: 20)
        let reminder = Reminder(id: "x", date: try #require(LocalDate(iso: "2026-11-24")), kind: .rest,
                                title: text, body: "",
                                day: DayPlan(date: try #require(LocalDate(iso: "2026-11-24")), phase: .base, runs: [],
                                             kind: .rest))
        let slack = try Fixture.json(try WebhookPayload.body(for: reminder, format: .slack, timestamp: Date()))
        let header = try #require(((slack["blocks"] as? [[String: Any]])?.first?["text"] as? [String: Any])?["text"] as? String)
        #expect(header.utf16.count <= 150)
        #expect(header == String(repeating: family, count: 13) + "…")
    }
}
