import Foundation
import LegdayConfig
import LegdayCore
import LegdayNotifierRegistry
import Testing

@Suite struct LoadedSetupTests {
    @Test func scheduleAndSecretProblemsAreCollectedWithTheConfig() throws {
        let folder = TempFolder()
        folder.write("bad.csv", "date,type,distance_km,title\nnot-a-date,easy,5,x\n")
        folder.write("smtp-password", "pw\n", mode: 0o644)
        let path = folder.write("config.toml", """
        [athlete]
        timezone = "UTC"
        [schedule]
        files = ["bad.csv"]
        [notifiers.mail]
        type = "smtp"
        password_file = "smtp-password"
        """)
        let (setup, diagnostics) = LoadedSetup.check(configPath: path, notifierKinds: NotifierRegistry.kinds, environment: [:])
        #expect(setup != nil)
        #expect(diagnostics.contains { $0.location.path.hasSuffix("bad.csv") })
        let secret = try #require(diagnostics.first { $0.message.contains("readable by group or others") })
        #expect(lc(secret.location.line, secret.location.column) == [7, 17])
    }

    /// `check` and the commands that plan read feeds alike: from their last fetched copy, shown by a name
    /// without the address's path (it may hold a private token), and a feed never fetched is a warning at
    /// the line that names it.
    @Test func feedsAreReadFromTheirLastCopyByEveryCommand() throws {
        let folder = TempFolder()
        folder.write("runs.csv", "date,title\n2027-01-04,Easy 5 km\n")
        let path = folder.write("config.toml", """
        [athlete]
        timezone = "UTC"
        [schedule]
        files = ["runs.csv",
                 "https://plans.example.org/secret-token/plan.ics"]
        """)
        let never = try LoadedSetup.load(configPath: path, notifierKinds: NotifierRegistry.kinds, environment: [:])
        let warning = try #require(never.diagnostics.first { $0.message.contains("not fetched yet") })
        #expect(lc(warning.location.line, warning.location.column) == [5, 10])
        #expect(never.schedule.runs.count == 1)

        let feed = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270105\r\nSUMMARY:Tempo 8 km\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        let copies: LoadedSetup.FeedCopies = { url in
            url.hasSuffix("plan.ics") ? (Data(feed.utf8), "https://plans.example.org/…/plan.ics") : nil
        }
        let fetched = try LoadedSetup.load(configPath: path, notifierKinds: NotifierRegistry.kinds, environment: [:],
                                           feedCopies: copies)
        #expect(fetched.diagnostics.isEmpty)
        #expect(fetched.schedule.runs.map(\.type) == [.easy, .tempo])
        let (checked, _) = LoadedSetup.check(configPath: path, notifierKinds: NotifierRegistry.kinds, environment: [:],
                                             feedCopies: copies)
        #expect(checked?.schedule == fetched.schedule)
    }

    /// A local file that reads nothing is kept apart, so planning can refuse it and keep the old setup.
    @Test func aFileThatReadsNothingIsNamedAsUnreadable() throws {
        let folder = TempFolder()
        folder.write("runs.csv", "")
        let path = folder.write("config.toml", "[schedule]\nfiles = [\"runs.csv\"]\n")
        let setup = try LoadedSetup.load(configPath: path, notifierKinds: NotifierRegistry.kinds, environment: [:])
        #expect(setup.unreadable.count == 1)
        #expect(setup.unreadable.first?.location.path.hasSuffix("runs.csv") == true)
    }

    /// Every notifier type the loader accepts is one the registry builds, and the other way round.
    @Test func theLoaderAndTheRegistryKnowTheSameTypes() throws {
        #expect(NotifierRegistry.kinds.map(\.type) == ["journal", "stdout", "smtp", "webhook", "plugin"])
        let folder = TempFolder()
        let path = folder.write("config.toml", "[notifiers.x]\ntype = \"smpt\"\n")
        let (_, diagnostics) = LoadedSetup.check(configPath: path, notifierKinds: NotifierRegistry.kinds, environment: [:])
        #expect(diagnostics.first?.message.contains("did you mean \"smtp\"") == true)
    }

    @Test func configProblemsDoNotStopTheScheduleCheck() {
        let folder = TempFolder()
        folder.write("bad.csv", "date,type,distance_km,title\nnot-a-date,easy,5,x\n")
        let path = folder.write("config.toml", "[athlete]\ntimezone = \"Nowhere/Land\"\n[schedule]\nfiles = [\"bad.csv\"]\n")
        let (_, diagnostics) = LoadedSetup.check(configPath: path, notifierKinds: NotifierRegistry.kinds, environment: [:])
        #expect(diagnostics.first?.location == SourceLocation(path: path, line: 2, column: 12))
        #expect(diagnostics.contains { $0.location.path.hasSuffix("bad.csv") })
    }

    @Test func credentialsAreOnlyCheckedWhereSystemdProvidesThem() throws {
        let folder = TempFolder()
        let path = folder.write("config.toml", "[notifiers.mail]\ntype = \"smtp\"\npassword_credential = \"smtp-password\"\n")
        #expect(LoadedSetup.check(configPath: path, notifierKinds: NotifierRegistry.kinds, environment: [:]).diagnostics.isEmpty)
        let credentials = TempFolder()
        let missing = LoadedSetup.check(configPath: path, notifierKinds: NotifierRegistry.kinds, environment: ["CREDENTIALS_DIRECTORY": credentials.path]).diagnostics
        #expect(missing.map(\.location.line) == [3])
    }

    @Test func theExampleConfigLoadsNextToASchedule() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../etc/config.toml").standardizedFileURL.path
        let text = try String(contentsOfFile: example, encoding: .utf8)
        let folder = TempFolder()
        folder.write("plan.ics", "BEGIN:VCALENDAR\nEND:VCALENDAR\n")
        let config = try load(text, in: folder).get()
        #expect(config.notifiers.map(\.type) == ["journal"])
        #expect(config.races.count == 1)
        // Every commented example in it must load too: uncomment all `# key = value` lines and `# [table]`s.
        let uncommented = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("# ") else { return String(line) }
            let body = trimmed.dropFirst(2)
            let looksLikeTOML = body.hasPrefix("[") || body.range(of: #"^[A-Za-z_"][A-Za-z0-9_ "-]* = "#, options: .regularExpression) != nil
            return looksLikeTOML ? String(body) : String(line)
        }
        // Duplicate keys (two `files =`) are TOML errors; keep the first of each in a table.
        var seen = Set<String>()
        var table = ""
        var tables = 0
        let deduplicated = uncommented.filter { line in
            if line.hasPrefix("[") { tables += 1; table = "\(tables)"; return true }
            guard let key = line.split(separator: "=").first, line.contains(" = "), !line.hasPrefix("#") else { return true }
            return seen.insert(table + "|" + key.trimmingCharacters(in: .whitespaces)).inserted
        }
        folder.write("extra.csv", "date,type,distance_km,title\n")
        for name in ["smtp-password", "webhook-secret", "ntfy-token"] { folder.write(name, "x\n", mode: 0o600) }
        try FileManager.default.createDirectory(atPath: folder.path + "/plugins", withIntermediateDirectories: true)
        let full = try load(deduplicated.joined(separator: "\n"), in: folder).get()
        #expect(full.notifiers.map(\.name) == ["log", "mail", "hook", "phone"])
        #expect(full.races.count == 2)
        #expect(full.keywords["body pump"] == .strength)
    }
}
