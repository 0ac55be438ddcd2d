import Foundation
import LegdayConfig
import LegdayCore
import Testing
@testable import LegdaySMTP

/// A folder with a config's secret files in it, removed afterwards.
final class ConfigFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("legday-smtp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String, mode: Int = 0o600) throws -> String {
        let file = path + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        return file
    }
}

@Suite struct SMTPConfigTests {
    let location = SourceLocation(path: "/home/ana/.config/legday/config.toml", line: 12)

    func table(_ options: [String: ConfigValue]) -> NotifierConfiguration {
        NotifierConfiguration(name: "mail", type: "smtp", options: options, location: location)
    }

    /// The example from the issue, as is.
    func issueExample() -> [String: ConfigValue] {
        ["host": .string("smtp.example.org"), "port": .integer(587), "security": .string("starttls"),
         "username": .string("runner@example.org"), "password_file": .string("smtp-password"),
         "ca_file": .string("ca.pem"), "from": .string("legday <runner@example.org>"),
         "to": .array([.string("runner@example.org")])]
    }

    @Test func readsTheIssueExample() throws {
        let folder = try ConfigFolder()
        try folder.write("smtp-password", "hunter2\n")
        try folder.write("ca.pem", "-----BEGIN CERTIFICATE-----\n", mode: 0o644)
        let config = try SMTPConfig.read(table(issueExample()), configDirectory: folder.path)
        #expect(config.server.host == "smtp.example.org" && config.server.port == 587)
        #expect(config.server.security == .starttls)
        guard case .password(let username, let secret) = config.server.authentication else {
            Issue.record("expected password authentication"); return
        }
        #expect(username == "runner@example.org")
        #expect(try secret.read(timeout: .seconds(5)) == "hunter2")
        #expect(config.server.caFile == folder.path + "/ca.pem")
        #expect(config.from == MailAddress(name: "legday", address: "runner@example.org"))
        #expect(config.to == [MailAddress(address: "runner@example.org")])
        #expect(CurlSMTPTransport.url(config.server).hasPrefix("smtp://smtp.example.org:587/"))
    }

    /// `Int(1e300 * 1000)` trapped here; the range is checked instead, for tables built without the loader.
    @Test(arguments: [1e300, 1e10, 601, -1, Double.nan])
    func aTimeoutOutOfRangeIsAProblemNotATrap(seconds: Double) throws {
        let folder = try ConfigFolder()
        try folder.write("smtp-password", "hunter2\n")
        try folder.write("ca.pem", "-----BEGIN CERTIFICATE-----\n", mode: 0o644)
        var configuration = table(issueExample())
        configuration.timeoutSeconds = seconds
        #expect(throws: ConfigError.self) { try SMTPConfig.read(configuration, configDirectory: folder.path) }
        configuration.timeoutSeconds = 90
        #expect(try SMTPConfig.read(configuration, configDirectory: folder.path).server.timeout == .seconds(90))
    }

    @Test func defaultsFollowSecurity() throws {
        let base: [String: ConfigValue] = ["host": .string("mail.example.org"), "from": .string("a@example.org"),
                                           "to": .string("b@example.org")]
        var tls = base
        tls["security"] = .string("tls")
        let implicit = try SMTPConfig.read(table(tls), configDirectory: "/")
        #expect(implicit.server.port == 465)
        #expect(CurlSMTPTransport.url(implicit.server).hasPrefix("smtps://mail.example.org:465/"))
        #expect(try SMTPConfig.read(table(base), configDirectory: "/").server.port == 587)
    }

    @Test func securityNoneOnlyForLoopback() throws {
        var options: [String: ConfigValue] = ["host": .string("smtp.example.org"), "security": .string("none"),
                                              "from": .string("a@example.org"), "to": .string("b@example.org")]
        let error = try #require(throws: ConfigError.self) {
            try SMTPConfig.read(table(options), configDirectory: "/")
        }
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics[0].location == location)
        #expect(error.description.hasPrefix("/home/ana/.config/legday/config.toml:12:1: notifiers.mail.security:"))
        #expect(error.description.contains("smtp.example.org"))
        for host in ["localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"] {
            options["host"] = .string(host)
            let config = try SMTPConfig.read(table(options), configDirectory: "/")
            #expect(config.server.security == .none && config.server.port == 25)
        }
        for host in ["128.0.0.1", "localhost.example.org", "127.0.0.1.example.org", "::2"] {
            #expect(!LoopbackHost.contains(host))
        }
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let options: [String: ConfigValue] = [
            "hots": .string("x"), "port": .integer(70000), "security": .string("ssl"),
            "from": .string("not an address"), "to": .array([]), "username": .string("ana"),
        ]
        let error = try #require(throws: ConfigError.self) {
            try SMTPConfig.read(table(options), configDirectory: "/")
        }
        let text = error.description
        for fragment in ["unknown key \"hots\"", "missing key \"host\"", "port must be", "security must be",
                         "not an email address", "to needs at least one", "username is set but no password or token is"] {
            #expect(text.contains(fragment), "\(fragment)")
        }
        #expect(error.diagnostics.allSatisfy { $0.location == location })
    }

    @Test func secretFilesMustBePrivate() throws {
        let folder = try ConfigFolder()
        try folder.write("smtp-password", "hunter2\n", mode: 0o640)
        var options = issueExample()
        options["ca_file"] = nil
        let error = try #require(throws: ConfigError.self) {
            try SMTPConfig.read(table(options), configDirectory: folder.path)
        }
        #expect(error.description.contains("notifiers.mail.password_file"))
        #expect(error.description.contains("readable by group or others"))
        #expect(!error.description.contains("hunter2"))
    }

    @Test func authModeAndSecretsMustAgree() throws {
        let folder = try ConfigFolder()
        try folder.write("smtp-password", "hunter2")
        var options = issueExample()
        options["ca_file"] = nil
        options["auth"] = .string("xoauth2")
        let mismatch = try #require(throws: ConfigError.self) { try SMTPConfig.read(table(options), configDirectory: folder.path) }
        #expect(mismatch.description.contains("notifiers.mail.password_file: password_file does not go with auth = \"xoauth2\""))
        #expect(mismatch.description.contains("auth = \"xoauth2\" needs token_file, token_credential or token_command"))
        options["auth"] = .string("kerberos")
        let unknown = try #require(throws: ConfigError.self) { try SMTPConfig.read(table(options), configDirectory: folder.path) }
        #expect(unknown.description.contains("auth must be"))
        options["auth"] = .string("password")
        let config = try SMTPConfig.read(table(options), configDirectory: folder.path)
        guard case .password = config.server.authentication else { Issue.record("expected password"); return }
    }

    @Test func oauthTokenCommandRunsWithoutAShell() throws {
        let folder = try ConfigFolder()
        let script = try folder.write("token", "#!/bin/sh\nprintf '%s|%s\\n' \"$1\" \"$2\"\n", mode: 0o700)
        var options = issueExample()
        options["password_file"] = nil
        options["ca_file"] = nil
        options["token_command"] = .string("\(script) 'two words' $HOME;x")
        let config = try SMTPConfig.read(table(options), configDirectory: folder.path)
        guard case .oauth2(let user, let source) = config.server.authentication else {
            Issue.record("expected XOAUTH2"); return
        }
        #expect(user == "runner@example.org")
        // No shell: quotes group words, `$HOME` and `;` are plain characters.
        #expect(try source.read(timeout: .seconds(5)) == "two words|$HOME;x")
    }

    @Test func aFailingTokenCommandSaysSoWithoutOutput() throws {
        let folder = try ConfigFolder()
        let script = try folder.write("token", "#!/bin/sh\necho secret-ish\nexit 3\n", mode: 0o700)
        let error = try #require(throws: SecretError.self) {
            try SecretSource.command([script]).read(timeout: .seconds(5))
        }
        #expect(error.description.contains("status 3"))
        #expect(!error.description.contains("secret-ish"))
    }

    /// The command prints its token and exits, but leaves a child holding standard output open: reading to
    /// end of file would wait for that child (it hung `notify` for 180 s). At the timeout the command's
    /// whole process group is killed, the child with it. A regression hangs until the time limit.
    @Test(.timeLimit(.minutes(1)))
    func aTokenCommandWhoseChildKeepsOutputOpenIsStoppedWithItsGroup() throws {
        let folder = try ConfigFolder()
        let pidFile = folder.path + "/child.pid"
        let script = try folder.write("token", "#!/bin/sh\necho tk_abc\nsleep 3600 &\necho $! > \(pidFile)\nexit 0\n",
                                      mode: 0o700)
        let error = try #require(throws: SecretError.self) {
            try SecretSource.command([script]).read(timeout: .seconds(1))
        }
        #expect(error.description.contains("did not finish within 1 s"), "\(error)")
        #expect(!error.description.contains("tk_abc"))
        let pid = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        // Killed: gone, or a zombie waiting for a parent that reaps (not every container's init does). The
        // signal is sent; the kernel takes a moment to end it, so wait for that (bounded, not timed).
        func state() -> String {
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            return stat.split(separator: ")").last?.split(separator: " ").first.map(String.init) ?? "gone"
        }
        let bound = ContinuousClock.now + .seconds(30)
        while !["gone", "Z", "X"].contains(state()) && ContinuousClock.now < bound { usleep(1000) }
        #expect(["gone", "Z", "X"].contains(state()), "the child is still \(state())")
    }

    @Test func aTokenWithALineBreakInsideIsRefusedWithoutShowingIt() throws {
        let folder = try ConfigFolder()
        let script = try folder.write("token", "#!/bin/sh\nprintf 'tk_one\\r\\nAUTH tk_two\\n'\n", mode: 0o700)
        let error = try #require(throws: SecretError.self) {
            try SecretSource.command([script]).read(timeout: .seconds(5))
        }
        #expect(error.description.contains("control character or line break"))
        #expect(!error.description.contains("tk_"))
    }

    @Test func commandLinesSplitLikeAShellWithoutExpansion() {
        #expect(SecretCommand.split("oauth2l fetch --scope 'https://mail.google.com/'") ==
                ["oauth2l", "fetch", "--scope", "https://mail.google.com/"])
        #expect(SecretCommand.split(#"a "b \"c\"" d\ e"#) == ["a", "b \"c\"", "d e"])
        #expect(SecretCommand.split("a 'unterminated") == nil)
        #expect(SecretCommand.split("") == [])
    }

    @Test func onlyOneSecretKind() throws {
        let folder = try ConfigFolder()
        try folder.write("smtp-password", "hunter2")
        var options = issueExample()
        options["ca_file"] = nil
        options["token_file"] = .string("smtp-password")
        let error = try #require(throws: ConfigError.self) {
            try SMTPConfig.read(table(options), configDirectory: folder.path)
        }
        // A password and a token at once: the token does not fit the password login the table asks for.
        #expect(error.description.contains("token_file does not go with auth = \"password\""))
    }
}
