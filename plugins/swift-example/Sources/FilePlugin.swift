import Foundation
import LegdayPluginKit

/// legday-notify-file: appends each reminder to a file, once per delivery. A reminder log a runner can
/// keep in a synced folder, or feed to another tool (`format = "jsonl"`).
@main
struct FilePlugin: NotifierPlugin {
    static let description = PluginDescription(
        name: "file",
        version: "1.0.0",
        description: "Appends each reminder to a file (plain text or JSON lines), once per delivery.",
        options: .object([
            "type": .string("object"),
            "required": .array([.string("path")]),
            "properties": .object([
                "path": .object([
                    "type": .string("string"),
                    "description": .string("The file to append to; ~ is your home folder. Its folder must exist."),
                ]),
                "format": .object([
                    "type": .string("string"),
                    "enum": .array([.string("text"), .string("jsonl")]),
                    "default": .string("text"),
                ]),
            ]),
        ]))

    static func send(_ request: SendRequest) async throws {
        let path = (try request.options.requiredString("path") as NSString).expandingTildeInPath
        let format = try request.options.string("format") ?? "text"
        guard ["text", "jsonl"].contains(format) else {
            throw PluginFailure.permanent("option \"format\" must be \"text\" or \"jsonl\", not \"\(format)\"")
        }
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw PluginFailure.permanent("the folder \(folder) does not exist")
        }
        let entry = format == "jsonl" ? try jsonLine(request) : textEntry(request)
        try ReminderFile(path: path).append(entry, deliveryID: request.deliveryID)
    }

    static func textEntry(_ request: SendRequest) -> String {
        "--- \(request.reminder.date) [\(request.deliveryID)]\n\(request.reminder.displayTitle)\n\n\(request.reminder.body)\n\n"
    }

    static func jsonLine(_ request: SendRequest) throws -> String {
        let line = JSONValue.object([
            "delivery_id": .string(request.deliveryID),
            "reminder": request.reminder.raw,
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(line), as: UTF8.self) + "\n"
    }
}

/// The file, appended to under an exclusive lock so two deliveries never interleave.
struct ReminderFile {
    var path: String

    /// Appends `entry` unless the file already holds this delivery: legday may retry a delivery whose
    /// success it did not hear about, and the runner should not read the same reminder twice.
    func append(_ entry: String, deliveryID: String) throws(PluginFailure) {
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("cannot open \(path)") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw failure("cannot lock \(path)") }
        let existing = FileHandle(fileDescriptor: fd, closeOnDealloc: false).readDataToEndOfFile()
        if Self.holds(deliveryID, String(decoding: existing, as: UTF8.self)) { return }
        let bytes = Array(entry.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw failure("cannot write \(path)") }
            written += n
        }
    }

    /// Whether `contents` has an entry for the delivery, in either format: a text entry's first line ends
    /// in `[id]`, a JSON line has `"delivery_id": id`.
    static func holds(_ deliveryID: String, _ contents: String) -> Bool {
        contents.split(separator: "\n").contains { line in
            if line.hasPrefix("--- ") { return line.hasSuffix(" [\(deliveryID)]") }
            guard line.hasPrefix("{"),
                  let value = try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)) else { return false }
            return value["delivery_id"]?.string == deliveryID
        }
    }

    /// A full disk or a quota may clear up; a missing permission will not.
    private func failure(_ what: String) -> PluginFailure {
        let reason = String(cString: strerror(errno))
        switch errno {
        case ENOSPC, EDQUOT, EINTR, EAGAIN, EIO: return .temporary("\(what): \(reason)", retryAfter: 600)
        default: return .permanent("\(what): \(reason)")
        }
    }
}
