import Foundation
import LegdayConfig

/// Finds plugins by name in the plugin folders.
///
/// A plugin named `ntfy` is the file `legday-notify-ntfy` or `ntfy` in the first folder that has one,
/// in this order: the folders named in config, `$XDG_DATA_HOME/legday/plugins`,
/// `/usr/local/lib/legday/plugins`, `/usr/lib/legday/plugins`. Folders the user chose come first.
public struct PluginLocator: Sendable {
    public static let filePrefix = "legday-notify-"

    public var folders: [String]

    public init(folders: [String]) { self.folders = folders }

    /// The standard folders, after `configured` ones.
    public static func searchPaths(configured: [String] = [],
                                   environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        configured + [
            XDGDirectories(environment: environment).data + "/plugins",
            "/usr/local/lib/legday/plugins",
            "/usr/lib/legday/plugins",
        ]
    }

    /// The plugin `command` names: a path if it contains a slash (relative paths are taken from
    /// `directory`, the config file's folder), else a name looked up in the folders.
    /// The result has passed ``PluginSafety``.
    public func resolve(_ command: String, relativeTo directory: String) throws(PluginError) -> String {
        if command.contains("/") {
            let path = command.hasPrefix("/") ? command : directory + "/" + command
            return try PluginSafety.check(path)
        }
        guard Self.isValidName(command) else {
            throw PluginError("\"\(command)\" is not a plugin name (letters, digits, '.', '_', '-') or a path")
        }
        for folder in folders {
            for file in [Self.filePrefix + command, command] {
                let path = folder + "/" + file
                if FileManager.default.fileExists(atPath: path) { return try PluginSafety.check(path) }
            }
        }
        throw PluginError("no plugin \"\(command)\" (looked for \(Self.filePrefix)\(command) or \(command) in "
            + folders.joined(separator: ", ") + ")")
    }

    /// One executable found in a plugin folder.
    public struct Found: Sendable, Hashable {
        public var name: String
        public var path: String
        /// Why it cannot be used (unsafe), if so.
        public var problem: String?
        /// The path of the plugin of the same name that is used instead, found in an earlier folder.
        public var shadowedBy: String?

        /// The plugin at `path`, safety-checked.
        public init(path: String) {
            self.name = PluginLocator.name(of: (path as NSString).lastPathComponent)
            self.path = path
            do { _ = try PluginSafety.check(path) } catch { problem = error.message }
        }
    }

    /// Every executable file in the plugin folders, in lookup order. Missing folders are skipped.
    public func all() -> [Found] {
        var found: [Found] = []
        var firstByName: [String: String] = [:]
        for folder in folders {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            // Within a folder, `legday-notify-NAME` wins over `NAME`, as in resolve(_:relativeTo:).
            let ordered = files.sorted { Self.sortKey($0) < Self.sortKey($1) }
            for file in ordered where !file.hasPrefix(".") {
                let path = folder + "/" + file
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
                      access(path, X_OK) == 0 else { continue }
                var entry = Found(path: path)
                let name = entry.name
                if let first = firstByName[name] { entry.shadowedBy = first } else { firstByName[name] = path }
                found.append(entry)
            }
        }
        return found
    }

    /// The plugin name of a file name: `legday-notify-ntfy` and `ntfy` are both `ntfy`.
    public static func name(of file: String) -> String {
        file.hasPrefix(filePrefix) ? String(file.dropFirst(filePrefix.count)) : file
    }

    private static func sortKey(_ file: String) -> (String, Int) {
        (name(of: file), file.hasPrefix(filePrefix) ? 0 : 1)
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }
}
