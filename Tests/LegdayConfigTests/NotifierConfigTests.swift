import Foundation
import LegdayConfig
import LegdayCore
import Testing

@Suite struct NotifierConfigTests {
    /// Issue 5's configuration, as the issue has it.
    static let deliveryConfig = """
    [notifiers.mail]
    type = "smtp"
    host = "smtp.example.org"
    port = 587
    security = "starttls"          # "starttls" | "tls" | "none" (loopback hosts only)
    username = "runner@example.org"
    password_file = "smtp-password"
    ca_file = "ca.pem"             # optional: trust this CA as well
    from = "legday <runner@example.org>"
    to = ["runner@example.org"]

    [notifiers.hook]
    type = "webhook"
    url = "https://example.org/hooks/legday"
    secret_file = "webhook-secret" # a whsec_ secret
    format = "json"                # "json" | "slack" | "discord" | "ntfy"
    """

    @Test func theSMTPAndWebhookConfigOfIssue5Loads() throws {
        let config = try load(Self.deliveryConfig, in: TempFolder()).get()
        #expect(config.notifiers.map(\.name) == ["mail", "hook"])
        let mail = try #require(config.notifier(named: "mail"))
        #expect(mail.type == "smtp")
        #expect(mail.options["host"] == .string("smtp.example.org"))
        #expect(mail.options["port"]?.integer == 587)
        #expect(mail.options["to"] == .array([.string("runner@example.org")]))
        #expect(mail.options["type"] == nil)
        #expect(mail.location(of: "port") == SourceLocation(path: config.path, line: 4, column: 8))
        #expect(mail.location(of: "to[0]") == SourceLocation(path: config.path, line: 10, column: 7))
        #expect(mail.location(of: "nothing") == mail.location)
        #expect(mail.problem("port", "must be 465 or 587").description == "\(config.path):4:8: notifiers.mail.port: must be 465 or 587")
        let hook = try #require(config.notifier(named: "hook"))
        #expect(hook.option("format")?.string == "json")
        #expect(hook.location(of: "url").line == 14)
    }

    @Test func thePluginConfigOfIssue6Loads() throws {
        let config = try load("""
        [notifiers.phone]
        type = "plugin"
        command = "ntfy"
        timeout = 30
        options = { topic = "legday", server = "https://ntfy.sh", priority = 4 }

        [notifiers.desk]
        type = "plugin"
        command = "/usr/local/lib/legday/plugins/desktop"
        timeout = "45s"
        [notifiers.desk.options]
        urgency = "normal"

        [plugins]
        folders = ["plugins", "/opt/legday/plugins"]
        """, in: TempFolder()).get()
        let phone = try #require(config.notifier(named: "phone"))
        #expect(phone.option("command")?.string == "ntfy")
        #expect(phone.timeoutSeconds == 30)
        #expect(phone.option("options.priority")?.integer == 4)
        #expect(phone.location(of: "options.server") == SourceLocation(path: config.path, line: 5, column: 40))
        let desk = try #require(config.notifier(named: "desk"))
        #expect(desk.timeoutSeconds == 45)
        #expect(desk.option("options.urgency")?.string == "normal")
        #expect(desk.location(of: "options.urgency").line == 12)
        #expect(config.pluginFolders == [ConfigLoaderTestPaths.directory(of: config.path) + "/plugins", "/opt/legday/plugins"])
    }

    @Test func pluginOptionsAreTheirOwnAndNotCheckedAsKeys() throws {
        let config = try load("[notifiers.p]\ntype = \"plugin\"\ncommand = \"x\"\noptions = { anything = 1, goes = [1, 2] }\n",
                              in: TempFolder()).get()
        #expect(config.notifiers.first?.option("options.goes[1]")?.integer == 2)
    }

    @Test func badTimeout() {
        let found = problems("[notifiers.p]\ntype = \"stdout\"\ntimeout = \"soon\"\n")
        #expect(found.map { [$0.line, $0.column] } == [[3, 11]])
    }
}

enum ConfigLoaderTestPaths {
    static func directory(of path: String) -> String { (path as NSString).deletingLastPathComponent }
}

@Suite struct SecretReaderTests {
    func notifier(_ body: String, folder: TempFolder) throws -> NotifierConfiguration {
        let config = try load("[notifiers.mail]\ntype = \"smtp\"\n" + body, in: folder).get()
        return try #require(config.notifiers.first)
    }

    @Test func readsAPrivateFileAndDropsTheTrailingNewline() throws {
        let folder = TempFolder()
        folder.write("smtp-password", "s3cret pass\n", mode: 0o600)
        let mail = try notifier("password_file = \"smtp-password\"\n", folder: folder)
        #expect(try SecretReader.read(key: "password_file", options: mail, credentialsDirectory: nil) == "s3cret pass")
    }

    /// A file named by mistake (a log, a disk image) is not read whole into memory to find that out.
    @Test func refusesAFileTooBigToBeASecret() throws {
        let folder = TempFolder()
        folder.write("smtp-password", String(repeating: "x", count: SecretReader.maximumBytes + 1), mode: 0o600)
        let mail = try notifier("password_file = \"smtp-password\"\n", folder: folder)
        let error = #expect(throws: ConfigError.self) {
            try SecretReader.read(key: "password_file", options: mail, credentialsDirectory: nil)
        }
        #expect(error?.diagnostics.first?.message.contains("larger than 64 KiB") == true)
    }

    /// A line break inside a password would start a new SMTP command; refused, the secret not shown.
    @Test func refusesASecretWithALineBreakInside() throws {
        let folder = TempFolder()
        folder.write("smtp-password", "s3cret\r\nAUTH x\n", mode: 0o600)
        let mail = try notifier("password_file = \"smtp-password\"\n", folder: folder)
        let error = #expect(throws: ConfigError.self) {
            try SecretReader.read(key: "password_file", options: mail, credentialsDirectory: nil)
        }
        let message = try #require(error?.diagnostics.first?.message)
        #expect(message.contains("line break inside it"))
        #expect(!message.contains("s3cret"))
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o660])
    func refusesAFileOthersCanRead(mode: Int) throws {
        let folder = TempFolder()
        let file = folder.write("smtp-password", "s3cret\n", mode: mode)
        let mail = try notifier("host = \"h\"\n  password_file = \"smtp-password\"\n", folder: folder)
        let error = #expect(throws: ConfigError.self) {
            try SecretReader.read(key: "password_file", options: mail, credentialsDirectory: nil)
        }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(lc(diagnostic.location.line, diagnostic.location.column) == [4, 19])
        #expect(diagnostic.message.contains(file))
        #expect(diagnostic.message.contains("readable by group or others"))
        #expect(!diagnostic.message.contains("s3cret"))
    }

    @Test func missingFileAndMissingKeys() throws {
        let folder = TempFolder()
        let mail = try notifier("password_file = \"nope\"\n", folder: folder)
        #expect(throws: ConfigError.self) { try SecretReader.read(key: "password_file", options: mail, credentialsDirectory: nil) }
        let bare = try notifier("host = \"h\"\n", folder: folder)
        #expect(try SecretReader.readIfPresent(key: "password_file", options: bare, credentialsDirectory: nil) == nil)
        let error = #expect(throws: ConfigError.self) {
            try SecretReader.read(key: "password_file", options: bare, credentialsDirectory: nil)
        }
        #expect(error?.diagnostics.first?.message.contains("password_credential") == true)
    }

    @Test func systemdCredentials() throws {
        let folder = TempFolder()
        let credentials = TempFolder()
        credentials.write("smtp-password", "from-systemd\r\n", mode: 0o400)
        let mail = try notifier("password_credential = \"smtp-password\"\n", folder: folder)
        #expect(try SecretReader.read(key: "password_file", options: mail, credentialsDirectory: credentials.path) == "from-systemd")
        let outside = #expect(throws: ConfigError.self) {
            try SecretReader.read(key: "password_file", options: mail, credentialsDirectory: nil)
        }
        #expect(outside?.diagnostics.first?.message.contains("CREDENTIALS_DIRECTORY") == true)
        #expect(outside?.diagnostics.first?.location.line == 3)
        let escape = try notifier("password_credential = \"../etc/passwd\"\n", folder: folder)
        #expect(throws: ConfigError.self) {
            try SecretReader.read(key: "password_file", options: escape, credentialsDirectory: credentials.path)
        }
    }

    @Test func secretsInsidePluginOptions() throws {
        let folder = TempFolder()
        folder.write("token", "tok\n", mode: 0o600)
        let config = try load("[notifiers.p]\ntype = \"plugin\"\ncommand = \"x\"\noptions = { token_file = \"token\" }\n", in: folder).get()
        let plugin = try #require(config.notifiers.first)
        #expect(try SecretReader.read(key: "options.token_file", options: plugin, credentialsDirectory: nil) == "tok")
    }
}
