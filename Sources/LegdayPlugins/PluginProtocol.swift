import Foundation
import LegdayCore

/// The messages of plugin protocol version 1, as docs/plugins.md writes them down.
///
/// Both directions ignore fields they do not know, so either side can add fields without a new version.
public enum PluginProtocol {
    /// The protocol version this host speaks.
    public static let version = 1

    /// The exit status that means "try again later" (`EX_TEMPFAIL` from sysexits.h).
    public static let tryLaterExitStatus: Int32 = 75

    /// What `PLUGIN send` reads on standard input.
    public struct Envelope: Encodable, Sendable {
        public var `protocol`: Int = PluginProtocol.version
        public var deliveryID: String
        public var attempt: Int
        /// The `[notifiers.NAME]` this delivery goes through.
        public var notifier: String
        public var reminder: PlanDocument.ReminderJSON
        public var options: [String: JSONValue]

        enum CodingKeys: String, CodingKey {
            case `protocol`, deliveryID = "delivery_id", attempt, notifier, reminder, options
        }

        public func encoded() -> [UInt8] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            // Encoding plain strings, numbers and arrays cannot fail; an empty envelope would be refused
            // by the plugin and show up as its failure rather than crashing legday.
            return (try? Array(encoder.encode(self))) ?? []
        }
    }

    /// What a plugin may print on standard output after `send`. Every field is optional.
    public struct Result: Sendable, Hashable {
        public var status: String?
        public var message: String?
        /// Seconds to wait before the next try, when the plugin exits 75.
        public var retryAfter: Duration?

        /// Reads the result from the whole output, or else from its last non-empty line (a plugin may
        /// print progress before it). Output that is not a JSON object yields nil: the exit status still counts.
        public static func parse(_ output: [UInt8]) -> Result? {
            let text = String(decoding: output, as: UTF8.self)
            let candidates = [text] + (text.split(whereSeparator: \.isNewline).last.map { [String($0)] } ?? [])
            for candidate in candidates {
                guard let object = JSONValue.parse(Array(candidate.utf8))?.object else { continue }
                var result = Result()
                result.status = object["status"]?.string
                result.message = object["message"]?.string
                if let seconds = object["retry_after"]?.number, seconds.isFinite, seconds >= 0 {
                    result.retryAfter = .milliseconds(Int64((min(seconds, 86_400 * 7) * 1000).rounded()))
                }
                return result
            }
            return nil
        }
    }

    /// What `PLUGIN describe` prints.
    public struct Description: Sendable, Hashable {
        public var name: String
        public var version: String
        public var protocols: [Int]
        public var summary: String
        /// The plugin's options as a JSON Schema, shown to users; legday does not validate against it.
        public var optionsSchema: JSONValue?

        public var speaksOurProtocol: Bool { protocols.contains(PluginProtocol.version) }

        /// The top-level option names the schema lists under `required`.
        public var requiredOptions: [String] {
            optionsSchema?["required"]?.array?.compactMap(\.string) ?? []
        }

        /// Parses describe output; the error says what is missing.
        public static func parse(_ output: [UInt8]) throws(PluginError) -> Description {
            guard let object = JSONValue.parse(output)?.object else {
                throw PluginError("describe did not print a JSON object")
            }
            guard let name = object["name"]?.string, !name.isEmpty else {
                throw PluginError("describe output has no \"name\"")
            }
            let numbers = object["protocols"]?.array?.compactMap(\.number) ?? []
            guard !numbers.isEmpty else { throw PluginError("describe output has no \"protocols\" list") }
            // Whole numbers from 1 to 1000 only: `1e300` or `1.5` is the plugin's mistake, not a reason to trap.
            let protocols = numbers.compactMap { Int(exactly: $0) }.filter { (1...1000).contains($0) }
            guard protocols.count == numbers.count else {
                throw PluginError("describe output lists a protocol that is not a whole number from 1 to 1000")
            }
            return Description(
                name: name,
                version: object["version"]?.string ?? object["version"]?.number.map { String($0) } ?? "unknown",
                protocols: protocols,
                summary: object["description"]?.string ?? "",
                optionsSchema: object["options"])
        }
    }
}

/// A problem with a plugin itself: not found, unsafe, not speaking the protocol.
public struct PluginError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
