import Foundation
import LegdayCore
import Testing
@testable import LegdayPlugins

/// A plugin runs with the user's rights and receives secrets: where it lives and what it inherits are checked.
@Suite struct PluginIsolationTests {
    /// The plugin and its own folder are private, but a folder above them is group-writable: whoever can write
    /// there can swap the plugin's folder for one of their own, so the plugin is refused.
    @Test func aWritableAncestorFolderIsRefused() throws {
        let folder = try PluginFolder()
        let loose = folder.path + "/shared"
        let plugins = loose + "/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        chmod(loose, 0o775)
        chmod(plugins, 0o700)
        let plugin = plugins + "/legday-notify-x"
        try folder.write("#!/bin/sh\nexit 0\n", to: plugin)
        chmod(plugin, 0o700)
        let refused = try #require(throws: PluginError.self) { try PluginSafety.check(plugin) }
        #expect(refused.message.contains("\(loose) is writable by its group"), "\(refused.message)")

        chmod(loose, 0o755)
        #expect(try PluginSafety.check(plugin) == plugin)
    }

    @Test func theFoldersAboveAreEveryAncestorUpToTheRoot() {
        #expect(PluginSafety.ancestors(of: "/home/ana/.local/share/legday/plugins") ==
                ["/home/ana/.local/share/legday/plugins", "/home/ana/.local/share/legday", "/home/ana/.local/share",
                 "/home/ana/.local", "/home/ana", "/home", "/"])
    }

    /// A descriptor legday holds without close-on-exec (as libraries open epoll instances and config files)
    /// does not reach the plugin: only its standard streams do.
    @Test func aPluginInheritsOnlyItsStandardStreams() async throws {
        let folder = try PluginFolder()
        let held = open("/dev/null", O_RDONLY)  // deliberately without O_CLOEXEC
        #expect(held > 2)
        defer { close(held) }
        // bash keeps its script on descriptor 255, out of the way of the one looked for.
        let path = folder.path + "/legday-notify-fds"
        try folder.write("#!/bin/bash\nif [ -e /proc/$$/fd/\(held) ]; then echo inherited; else echo closed; fi\n", to: path)
        chmod(path, 0o700)
        let outcome = try await PluginProcess(executable: path, arguments: ["send"], environment: [:],
                                              timeout: .seconds(20)).run()
        #expect(String(decoding: outcome.stdout, as: UTF8.self) == "closed\n")
    }
}
