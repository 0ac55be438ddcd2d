import Foundation
import LegdayConfig
import LegdayCore
import LegdayWebhook
import Testing

@Suite struct WebhookSettingsTests {
    let location = SourceLocation(path: "/home/ana/.config/legday/config.toml", line: 14)

    func table(_ options: [String: ConfigValue]) -> NotifierConfiguration {
        NotifierConfiguration(name: "hook", type: "webhook", options: options, location: location)
    }

    /// The example from the issue, as is.
    func issueExample() -> [String: ConfigValue] {
        ["type": .string("webhook"), "url": .string("https://example.org/hooks/legday"),
         "secret_file": .string("webhook-secret"), "format": .string("json")]
    }

    func problems(_ options: [String: ConfigValue], directory: String, environment: [String: String] = [:]) -> [String] {
        do {
            _ = try WebhookSettings(configuration: table(options), configDirectory: directory, environment: environment)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func readsTheIssueExample() throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Fixture.write(Fixture.vectorSecret + "\n", to: directory + "/webhook-secret")

        let settings = try WebhookSettings(configuration: table(issueExample()), configDirectory: directory,
                                           environment: [:])
        #expect(settings.url.absoluteString == "https://example.org/hooks/legday")
        #expect(settings.format == .json)
        let secret = try #require(WebhookSecret(Fixture.vectorSecret))
        #expect(settings.signer.secrets == [secret])
        #expect(settings.timeout == WebhookSettings.defaultTimeout)
        #expect(settings.connectTimeout == WebhookSettings.defaultConnectTimeout)
    }

    @Test func refusesASecretOthersCanRead() throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Fixture.write(Fixture.vectorSecret, to: directory + "/webhook-secret", mode: 0o644)

        let found = problems(issueExample(), directory: directory)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("/home/ana/.config/legday/config.toml:14:1: notifiers.hook.secret_file: ") == true)
        #expect(found.first?.contains("readable by group or others (mode 644)") == true)
        #expect(found.first?.contains("MfKQ9r8G") == false)
    }

    @Test func takesTheSecretFromSystemdCredentials() throws {
        let directory = try Fixture.temporaryDirectory()
        let credentials = try Fixture.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: directory)
            try? FileManager.default.removeItem(atPath: credentials)
        }
        try Fixture.write(Fixture.otherSecret, to: credentials + "/webhook-secret", mode: 0o400)

        var options = issueExample()
        options["secret_file"] = nil
        options["secret_credential"] = .string("webhook-secret")
        let settings = try WebhookSettings(configuration: table(options), configDirectory: directory,
                                           environment: ["CREDENTIALS_DIRECTORY": credentials])
        let secret = try #require(WebhookSecret(Fixture.otherSecret))
        #expect(settings.signer.secrets == [secret])
    }

    @Test func aSecretFileMayHoldSeveralSecretsForARotation() throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Fixture.write("\(Fixture.otherSecret)\n\(Fixture.vectorSecret)\n", to: directory + "/webhook-secret")

        let settings = try WebhookSettings(configuration: table(issueExample()), configDirectory: directory,
                                           environment: [:])
        #expect(settings.signer.secrets.count == 2)
    }

    @Test func reportsAMissingSecretFileAndABadSecret() throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(problems(issueExample(), directory: directory).first?.contains("secret file \(directory)/webhook-secret does not exist") == true)

        try Fixture.write("hunter2", to: directory + "/webhook-secret")
        let found = problems(issueExample(), directory: directory)
        #expect(found == ["\(location): notifiers.hook: `secret_file`: secret 1 is not a Standard Webhooks secret (`whsec_` followed by base64)"])
    }

    @Test func plainHTTPOnlyToThisMachine() throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Fixture.write(Fixture.vectorSecret, to: directory + "/webhook-secret")
        var options = issueExample()

        for url in ["http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]:9000/hook"] {
            options["url"] = .string(url)
            #expect(problems(options, directory: directory) == [], "\(url)")
        }
        for url in ["http://example.org/hook", "http://10.0.0.2/hook", "http://127.0.0.1.example.org/"] {
            options["url"] = .string(url)
            #expect(problems(options, directory: directory).first?.contains("must use https://") == true, "\(url)")
        }
        options["url"] = .string("ftp://example.org/hook")
        #expect(problems(options, directory: directory).first?.contains("must be an http(s) URL") == true)
    }

    @Test func reportsEveryProblemAtOnce() throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let found = problems([
            "type": .string("webhook"), "format": .string("teams"), "secret_flie": .string("x"),
            "timeout": .integer(0), "headers": .table(["X-Evil": .string("a\r\nX-Injected: 1"),
                                                       "webhook-id": .string("mine"),
                                                       "Authorization": .string("Bearer abc")]),
        ], directory: directory)
        let expected = [
            "unknown key `secret_flie`",
            "`format` must be one of \"json\", \"slack\", \"discord\", \"ntfy\"",
            "`url` is required",
            "`secret_file` is required for format \"json\"",
            "header `Authorization` is set from `token_file`",
            "header `X-Evil` contains a line break",
            "header `webhook-id` is set by legday",
            "`timeout` must be a number of seconds",
        ]
        #expect(found.count == expected.count)
        for (line, text) in zip(found, expected) {
            #expect(line.hasPrefix("\(location): notifiers.hook: "))
            #expect(line.contains(text), "\(line)")
        }
    }

    @Test func readsHeadersTokenTimeoutsAndTheNtfyTopic() throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Fixture.write("tk_abc123\n", to: directory + "/ntfy-token")
        let settings = try WebhookSettings(configuration: table([
            "type": .string("webhook"), "url": .string("https://ntfy.example.org/base/legday-ana"),
            "format": .string("ntfy"), "token_file": .string("ntfy-token"),
            "headers": .table(["X-Team": .string("runners"), "Accept": .string("application/json")]),
            "connect_timeout": .double(2.5), "timeout": .integer(12),
        ]), configDirectory: directory, environment: [:])
        #expect(settings.url.absoluteString == "https://ntfy.example.org/base/")
        #expect(settings.ntfyTopic == "legday-ana")
        #expect(settings.bearerToken == "tk_abc123")
        #expect(settings.signer.secrets.isEmpty)
        #expect(settings.headers.map(\.name) == ["Accept", "X-Team"])
        #expect(settings.connectTimeout == .milliseconds(2500))
        #expect(settings.timeout == .seconds(12))
    }

    @Test func loadsTheCAFileOrSaysWhyNot() throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Fixture.write(Fixture.vectorSecret, to: directory + "/webhook-secret")
        try Fixture.write("not a certificate", to: directory + "/ca.pem", mode: 0o644)
        var options = issueExample()
        options["ca_file"] = .string("ca.pem")
        #expect(problems(options, directory: directory).first?.contains("cannot load PEM certificates from \(directory)/ca.pem") == true)
    }

    /// A table built without the config loader (which range-checks `timeout` first) is checked here too:
    /// `1e10` used to pass and trap at send time, in the conversion to NIO's nanoseconds.
    @Test(arguments: [1e10, 1e300, 601, -1, Double.infinity])
    func aTimeoutOutOfRangeIsAProblemNotATrap(seconds: Double) throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Fixture.write(Fixture.vectorSecret, to: directory + "/webhook-secret")
        var configuration = table(issueExample())
        configuration.timeoutSeconds = seconds
        #expect(throws: ConfigError.self) {
            try WebhookSettings(configuration: configuration, configDirectory: directory, environment: [:])
        }
        var options = issueExample()
        options["connect_timeout"] = .double(seconds)
        #expect(problems(options, directory: directory).contains { $0.contains("`connect_timeout` must be") })
    }

    /// A bearer token with a line break would start a header of its own and carry the token into error text:
    /// refused when read, and the message does not show it.
    @Test func aTokenWithALineBreakIsRefusedWithoutShowingIt() throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Fixture.write(Fixture.vectorSecret, to: directory + "/webhook-secret")
        try Fixture.write("tk_first\r\nX-Injected: tk_second\n", to: directory + "/token")
        var options = issueExample()
        options["token_file"] = .string("token")
        let found = problems(options, directory: directory)
        #expect(found.count == 1)
        #expect(found.first?.contains("holds a line break inside it") == true, "\(found)")
        #expect(found.first?.contains("tk_") == false)
    }
}
