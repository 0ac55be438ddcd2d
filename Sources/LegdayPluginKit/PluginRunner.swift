import Foundation

/// A notifier plugin in Swift: say what it is, and how to send. `@main` on a conforming type is a whole
/// plugin; ``PluginRunner`` does the protocol.
///
///     @main struct Pager: NotifierPlugin {
///         static let description = PluginDescription(name: "pager", version: "1.0", description: "…", options: …)
///         static func send(_ request: SendRequest) async throws { … }
///     }
public protocol NotifierPlugin {
    static var description: PluginDescription { get }
    /// Returns when the reminder was delivered; throws ``PluginFailure`` otherwise.
    static func send(_ request: SendRequest) async throws
}

extension NotifierPlugin {
    public static func main() async {
        let input = CommandLine.arguments.dropFirst().first == "send"
            ? FileHandle.standardInput.readDataToEndOfFile() : Data()
        let result = await PluginRunner.run(arguments: Array(CommandLine.arguments.dropFirst()), input: input,
                                            description: description, send: send)
        FileHandle.standardOutput.write(Data(result.stdout.utf8))
        FileHandle.standardError.write(Data(result.stderr.utf8))
        exit(result.exitStatus)
    }
}

/// The protocol, with no process around it, so it can be tested.
public enum PluginRunner {
    public static let protocolVersion = 1

    /// Exit statuses (sysexits.h): legday reads 0 as delivered, 75 as try later, anything else as failed.
    public enum ExitStatus {
        public static let delivered: Int32 = 0
        public static let failed: Int32 = 1
        public static let usage: Int32 = 64
        public static let badInput: Int32 = 65
        public static let tryLater: Int32 = 75
    }

    public struct Result: Sendable, Hashable {
        public var exitStatus: Int32
        public var stdout: String
        public var stderr: String
    }

    public static func run(arguments: [String], input: Data, description: PluginDescription,
                           send: (SendRequest) async throws -> Void) async -> Result {
        switch arguments.first {
        case "describe":
            return Result(exitStatus: ExitStatus.delivered, stdout: json(description) + "\n", stderr: "")
        case "send":
            break
        default:
            return Result(exitStatus: ExitStatus.usage, stdout: "",
                          stderr: "usage: \(description.name) describe | send (a legday notifier plugin)\n")
        }

        let request: SendRequest
        do {
            request = try JSONDecoder().decode(SendRequest.self, from: input)
        } catch {
            return finish(ExitStatus.badInput, status: "failed", message: "cannot read the envelope: \(error)")
        }
        guard request.protocol == protocolVersion else {
            return finish(ExitStatus.badInput, status: "failed",
                          message: "protocol \(request.protocol) is not supported (this plugin speaks \(protocolVersion))")
        }
        do {
            try await send(request)
            return finish(ExitStatus.delivered, status: "delivered", message: nil)
        } catch let failure as PluginFailure {
            return failure.temporary
                ? finish(ExitStatus.tryLater, status: "try-later", message: failure.message, retryAfter: failure.retryAfter)
                : finish(ExitStatus.failed, status: "failed", message: failure.message)
        } catch {
            // An error the plugin did not classify may well pass (a network hiccup): let legday try again.
            return finish(ExitStatus.tryLater, status: "try-later", message: String(describing: error))
        }
    }

    private static func finish(_ exitStatus: Int32, status: String, message: String?, retryAfter: Double? = nil) -> Result {
        var object: [String: JSONValue] = ["status": .string(status)]
        if let message { object["message"] = .string(message) }
        if let retryAfter { object["retry_after"] = .double(retryAfter) }
        return Result(exitStatus: exitStatus, stdout: json(JSONValue.object(object)) + "\n",
                      stderr: message.map { "\($0)\n" } ?? "")
    }

    private static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
