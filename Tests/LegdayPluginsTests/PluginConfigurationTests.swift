import Foundation
import LegdayConfig
import LegdayCore
import LegdayNotify
import Testing
@testable import LegdayPlugins

@Suite struct PluginConfigurationTests {
    let folder: PluginFolder
    let recorder = LogRecorder()
    let location = SourceLocation(path: "/etc/legday/config.toml", line: 12)

    init() throws { folder = try PluginFolder() }

    func configuration(_ values: [String: ConfigValue], timeout: Double? = nil) -> NotifierConfiguration {
        var configuration = NotifierConfiguration(name: "phone", type: "plugin", options: values, location: location,
                                                  configDirectory: folder.path)
        configuration.timeoutSeconds = timeout
        return configuration
    }

    func configError(_ values: [String: ConfigValue], timeout: Double? = nil, searchPaths: [String] = []) -> String? {
        do {
            _ = try PluginNotifier(configuration: configuration(values, timeout: timeout), configDirectory: folder.path,
                                   searchPaths: searchPaths, host: makeHost(recorder))
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aWorldWritablePluginIsRefusedNamingItsPath() throws {
        let path = try folder.script("legday-notify-open", mode: 0o777, "exit 0")
        let message = try #require(configError(["command": .string("open")], searchPaths: [folder.path]))
        #expect(message.hasPrefix("/etc/legday/config.toml:12:1: notifiers.phone.command: "))
        #expect(message.contains("\(path) is writable by others"))
    }

    @Test func aGroupWritableFolderIsRefused() throws {
        let inner = folder.path + "/shared"
        try FileManager.default.createDirectory(atPath: inner, withIntermediateDirectories: false)
        chmod(inner, 0o770)
        let file = inner + "/legday-notify-x"
        try folder.write("#!/bin/sh\nexit 0\n", to: file)
        chmod(file, 0o700)
        let message = try #require(configError(["command": .string("shared/legday-notify-x")]))
        #expect(message.contains("\(inner) is writable by its group"))
    }

    @Test func anUnsafePluginIsRefusedAtSendTimeToo() async throws {
        let path = try folder.script("legday-notify-later", "cat >/dev/null; exit 0")
        let plugin = try PluginNotifier(configuration: configuration(["command": .string(path)]),
                                        configDirectory: "/", searchPaths: [], host: makeHost(recorder))
        chmod(path, 0o720)
        await #expect(throws: NotifierError.permanent("\(path) is writable by its group (mode 720); refusing to run it (chmod go-w \(path))")) {
            try await plugin.send(sampleReminder(), context: DeliveryContext(deliveryID: "x"))
        }
    }

    @Test func pluginsAreFoundByNameInTheFirstFolderThatHasOne() throws {
        let first = try PluginFolder()
        try folder.script("legday-notify-ntfy", "exit 0")
        try first.script("ntfy", "exit 0")
        let locator = PluginLocator(folders: [first.path, folder.path])
        #expect(try locator.resolve("ntfy", relativeTo: "/") == first.path + "/ntfy")
        let prefixed = try first.script("legday-notify-ntfy", "exit 0")
        #expect(try locator.resolve("ntfy", relativeTo: "/") == prefixed)

        let found = locator.all().filter { $0.name == "ntfy" }
        #expect(found.map(\.path) == [prefixed, first.path + "/ntfy", folder.path + "/legday-notify-ntfy"])
        #expect(found.map(\.shadowedBy) == [nil, prefixed, prefixed])
    }

    @Test func aMissingPluginSaysWhereItLooked() throws {
        let message = try #require(configError(["command": .string("pager")], searchPaths: [folder.path]))
        #expect(message.contains("no plugin \"pager\""))
        #expect(message.contains(folder.path))
    }

    @Test func badSettingsAreReportedTogether() throws {
        let message = try #require(configError(["options": .string("x")], timeout: 0))
        #expect(message.split(separator: "\n") == [
            "/etc/legday/config.toml:12:1: notifiers.phone.command: is required: a plugin name or the path of a plugin",
            "/etc/legday/config.toml:12:1: notifiers.phone.timeout: must be above 0 and at most an hour for a plugin",
            "/etc/legday/config.toml:12:1: notifiers.phone.options: must be a table, like options = { topic = \"legs\" }",
        ])
    }

    @Test func secretsFromFilesReachThePluginOnlyThroughItsInput() async throws {
        try folder.write("tk_live_123\n", to: folder.path + "/token")
        let path = try folder.script("legday-notify-secret", """
            cat > "\(folder.path)/envelope.json"
            { echo "$@"; env; } > "\(folder.path)/visible.txt"
            """)
        let plugin = try PluginNotifier(
            configuration: configuration([
                "command": .string("./legday-notify-secret"),
                "options": .table(["token_file": .string("token"), "topic": .string("legs")]),
            ], timeout: 2.5),
            configDirectory: folder.path, searchPaths: [], host: makeHost(recorder))
        #expect(plugin.executable == path)
        #expect(plugin.timeout == .milliseconds(2500))
        try await plugin.send(sampleReminder(), context: DeliveryContext(deliveryID: "d"))

        let envelope = try JSONSerialization.jsonObject(with: Data(try #require(folder.read("envelope.json")).utf8))
        let options = try #require((envelope as? [String: Any])?["options"] as? [String: Any])
        #expect(options["token"] as? String == "tk_live_123")
        #expect(options["token_file"] == nil)
        #expect(options["topic"] as? String == "legs")
        #expect(try #require(folder.read("visible.txt")).contains("tk_live_123") == false)
        // Nor does it show when legday prints or dumps the notifier.
        var dumped = ""
        dump(plugin, to: &dumped)
        for shown in [String(describing: plugin), String(reflecting: plugin), dumped] {
            #expect(!shown.contains("tk_live_123"), "\(shown)")
        }
    }

    @Test func anUnreadableSecretFileIsAConfigError() throws {
        try folder.script("legday-notify-s", "exit 0")
        let message = try #require(configError(["command": .string("s"),
                                                "options": .table(["token_file": .string("missing")])],
                                               searchPaths: [folder.path]))
        #expect(message.hasSuffix("notifiers.phone.options.token_file: cannot read \(folder.path)/missing"))
    }
}
