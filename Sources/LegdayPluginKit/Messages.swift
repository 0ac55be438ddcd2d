import Foundation

/// What legday sends a plugin on standard input for `send` (protocol version 1, docs/plugins.md).
/// Fields this kit does not know are ignored, so newer legday versions can add some.
public struct SendRequest: Sendable, Decodable {
    public var `protocol`: Int
    /// The same for every attempt at one delivery: use it to avoid sending twice.
    public var deliveryID: String
    /// 1 for the first try.
    public var attempt: Int
    /// The `[notifiers.NAME]` table the delivery goes through.
    public var notifier: String?
    public var reminder: Reminder
    /// The `options` table from config, with secrets read from their `*_file` keys.
    public var options: Options

    enum CodingKeys: String, CodingKey {
        case `protocol`, deliveryID = "delivery_id", attempt, notifier, reminder, options
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        `protocol` = try container.decode(Int.self, forKey: .protocol)
        deliveryID = try container.decode(String.self, forKey: .deliveryID)
        attempt = try container.decodeIfPresent(Int.self, forKey: .attempt) ?? 1
        notifier = try container.decodeIfPresent(String.self, forKey: .notifier)
        reminder = try container.decode(Reminder.self, forKey: .reminder)
        options = Options(try container.decodeIfPresent([String: JSONValue].self, forKey: .options) ?? [:])
    }
}

/// The reminder: the fields most plugins need, plus the whole JSON (`raw`) for those that want the day's
/// sessions, exercises and positions.
public struct Reminder: Sendable, Decodable {
    public var id: String
    /// `YYYY-MM-DD`.
    public var date: String
    /// heavy-lift, light-lift, recovery, rest or race.
    public var kind: String
    public var title: String
    /// Plain text, lines separated by "\n".
    public var body: String
    /// True when sent after its time.
    public var late: Bool
    /// daily, evening (the evening before `date`) or weekly (the week starting `date`).
    public var moment: String
    public var raw: JSONValue

    enum CodingKeys: String, CodingKey { case id, date, kind, title, body, late, moment }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        date = try container.decode(String.self, forKey: .date)
        kind = try container.decode(String.self, forKey: .kind)
        title = try container.decode(String.self, forKey: .title)
        body = try container.decodeIfPresent(String.self, forKey: .body) ?? ""
        late = try container.decodeIfPresent(Bool.self, forKey: .late) ?? false
        moment = try container.decodeIfPresent(String.self, forKey: .moment) ?? "daily"
        raw = try JSONValue(from: decoder)
    }

    /// The title as a person should see it.
    public var displayTitle: String { late ? "\(title) (late)" : title }
}

/// A plugin's options, with helpers that turn a missing or wrong option into a permanent failure.
public struct Options: Sendable {
    public var values: [String: JSONValue]

    public init(_ values: [String: JSONValue]) { self.values = values }

    public subscript(key: String) -> JSONValue? { values[key] }

    public func string(_ key: String) throws(PluginFailure) -> String? {
        guard let value = values[key] else { return nil }
        guard let string = value.string else { throw .permanent("option \"\(key)\" must be a string") }
        return string
    }

    public func requiredString(_ key: String) throws(PluginFailure) -> String {
        guard let string = try string(key), !string.isEmpty else { throw .permanent("option \"\(key)\" is required") }
        return string
    }
}

/// What `describe` prints.
public struct PluginDescription: Sendable, Encodable {
    public var name: String
    public var version: String
    public var protocols: [Int]
    public var description: String
    /// The options as a JSON Schema.
    public var options: JSONValue

    public init(name: String, version: String, description: String, options: JSONValue,
                protocols: [Int] = [PluginRunner.protocolVersion]) {
        self.name = name
        self.version = version
        self.protocols = protocols
        self.description = description
        self.options = options
    }
}

/// Throw this from `send` to say how it failed. Any other error counts as temporary.
public struct PluginFailure: Error, Sendable, Hashable {
    public var temporary: Bool
    public var message: String
    /// Seconds legday should wait before trying again (temporary failures only).
    public var retryAfter: Double?

    public static func temporary(_ message: String, retryAfter: Double? = nil) -> PluginFailure {
        PluginFailure(temporary: true, message: message, retryAfter: retryAfter)
    }

    public static func permanent(_ message: String) -> PluginFailure {
        PluginFailure(temporary: false, message: message, retryAfter: nil)
    }
}
