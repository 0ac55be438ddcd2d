import Foundation
import LegdayConfig
import LegdayCore
@testable import LegdayCLI
import Testing
import LegdayNotifierRegistry

/// `legday check` builds what `legday run` builds and tells the reminder time by the daemon's own rule.
@Suite struct CheckCommandTests {
    /// A folder with a schedule and a config naming it; removed afterwards.
    final class Folder {
        let path = NSTemporaryDirectory() + "legday-check-" + UUID().uuidString
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        func write(_ name: String, _ text: String, mode: Int = 0o600) {
            FileManager.default.createFile(atPath: path + "/" + name, contents: Data(text.utf8),
                                           attributes: [.posixPermissions: mode])
        }

        func configuration(dailyAt: String = "07:00", notifiers: String) throws -> LegdayConfiguration {
            write("plan.csv", "date,type,distance_km,title\n2026-12-01,easy,6,easy 6 km\n", mode: 0o644)
            write("config.toml", """
            [athlete]
            timezone = "Europe/Berlin"

            [schedule]
            files = ["plan.csv"]

            [reminders]
            daily_at = "\(dailyAt)"

            \(notifiers)
            """, mode: 0o644)
            return try ConfigLoader.load(path: path + "/config.toml", notifierKinds: NotifierRegistry.kinds)
        }
    }

    static func instant(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    @Test func aReminderTimeInTheSpringGapIsShownWhereItFires() throws {
        let folder = Folder()
        let config = try folder.configuration(dailyAt: "02:30", notifiers: "[notifiers.out]\ntype = \"stdout\"")
        // Europe/Berlin skips 02:00–03:00 on 28 March 2027: the reminder fires at 03:30 that day.
        let next = CheckCommand.nextReminder(config, now: Self.instant("2027-03-27T12:00:00Z"))
        #expect(next == "2027-03-28 03:30 Europe/Berlin")
        let after = CheckCommand.nextReminder(config, now: Self.instant("2027-03-28T12:00:00Z"))
        #expect(after == "2027-03-29 02:30 Europe/Berlin")
    }

    @Test func aGroupWritablePluginIsAProblemForCheckAsForRun() throws {
        let folder = Folder()
        folder.write("legday-notify-loose", "#!/bin/sh\nexit 0\n", mode: 0o775)
        let config = try folder.configuration(notifiers: """
        [notifiers.loose]
        type = "plugin"
        command = "./legday-notify-loose"
        """)
        let found = CheckCommand.notifierProblems(config, alreadyReported: [], environment: [:])
        #expect(found.count == 1)
        #expect(found.first?.message.contains("notifiers.loose.command") == true, "\(found)")
        #expect(found.first?.message.contains("writable by") == true, "\(found)")
    }

    @Test func plainSMTPToAnotherHostIsAProblemForCheck() throws {
        let folder = Folder()
        let config = try folder.configuration(notifiers: """
        [notifiers.mail]
        type = "smtp"
        host = "mail.example.org"
        security = "none"
        from = "a@example.org"
        to = "b@example.org"
        """)
        let found = CheckCommand.notifierProblems(config, alreadyReported: [], environment: [:])
        #expect(found.contains { $0.message.contains("security = \"none\"") && $0.location.line == 13 }, "\(found)")
    }

    @Test func aWebhookSecretCredentialIsAcceptedAndOnlyReadInsideTheService() throws {
        let folder = Folder()
        let config = try folder.configuration(notifiers: """
        [notifiers.hook]
        type = "webhook"
        url = "https://example.org/hook"
        secret_credential = "webhook-secret"
        """)
        // Outside the service there is no $CREDENTIALS_DIRECTORY: the credential cannot be read, and that
        // alone is not a problem (inside, `run` reads it; the unit tests of SecretReader cover that side).
        #expect(CheckCommand.notifierProblems(config, alreadyReported: [], environment: [:]).isEmpty)
    }
}
