import LegdayOutput
import ArgumentParser
import Foundation
import LegdayOutbox
import LegdaySMTP

/// `legday outbox`: what has not got through, and why; `legday outbox retry ID` to try again.
public struct OutboxCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "List pending, failed and expired deliveries, or retry one.",
        subcommands: [List.self, Retry.self],
        defaultSubcommand: List.self)

    public init() {}

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List pending, failed and expired deliveries with their last error.")

        // Listing reads only the outbox; --config is accepted so every command takes the same options.
        @OptionGroup var config: ConfigOption
        @Flag(help: "Include delivered ones.") var all = false
        @Option(help: "text or json.") var format: Format = .text

        func run() async throws {
            let outbox = try OutboxSetup.open()
            let states: Set<DeliveryState> = all ? Set(DeliveryState.allCases) : [.pending, .failed, .expired]
            let deliveries = try outbox.deliveries(in: states)
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.dateEncodingStrategy = .iso8601
                let json = deliveries.isEmpty ? "[]" : String(decoding: try encoder.encode(deliveries.map(Entry.init)), as: UTF8.self)
                print(json)
            case .text:
                if deliveries.isEmpty {
                    print(all ? "The outbox is empty." : "Nothing pending, failed or expired.")
                }
                for delivery in deliveries { print(Self.text(delivery)) }
                // The summary quotes the last error of each failing notifier: text from outside too.
                print(TerminalText.safe(try outbox.status().summary))
            }
        }

        static func text(_ d: Delivery) -> String {
            var line = "\(TerminalText.safe(d.id))  \(d.state.rawValue)"
            switch d.state {
            case .pending: line += ", next attempt \(OutboxSetup.timestamp(d.nextAttemptAt))"
            case .delivered: line += " \(OutboxSetup.timestamp(d.deliveredAt ?? d.updatedAt))"
            case .failed, .expired: line += " \(OutboxSetup.timestamp(d.updatedAt))"
            }
            line += ", \(d.attempts) attempt\(d.attempts == 1 ? "" : "s")"
            if d.late { line += ", late" }
            if let of = d.fallbackFor { line += ", fallback for \(of)" }
            if let error = d.lastError, d.state != .delivered { line += "\n    \(TerminalText.safe(error))" }
            return line
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry", abstract: "Put a failed or expired delivery back to pending and try it now.")

        @OptionGroup var config: ConfigOption
        @Argument(help: "The delivery id, as `legday outbox` shows it.") var id: String

        func run() async throws {
            let context = try AppContext.load(configPath: config.path)
            let engine = try OutboxSetup.engine(outbox: try OutboxSetup.open(), context: context)
            let reports: [DeliveryReport]
            do {
                // Asked for by hand: an hour to get through even when the reminder's day is over.
                reports = try await NotifierConnections.closing {
                    try await engine.retry(id: id, expiresAt: Date().addingTimeInterval(3600))
                }
            } catch let error as OutboxError {
                throw fail(with: ["legday: \(error)"])
            }
            var failed = false
            for report in reports {
                let outcome = OutboxSetup.describe(report)
                print(outcome.line)
                failed = failed || outcome.failed
            }
            if failed { throw ExitCode(1) }
        }
    }

    /// A delivery as `--format json` shows it: everything but the reminder's text.
    struct Entry: Encodable {
        var id, notifier, reminderID, date, kind, state: String
        var attempts: Int
        var late: Bool
        var nextAttemptAt, expiresAt, createdAt, updatedAt: Date
        var deliveredAt: Date?
        var lastError, fallbackFor: String?

        init(_ d: Delivery) {
            id = d.id
            notifier = d.notifier
            reminderID = d.reminder.id
            date = d.reminder.date.iso
            kind = d.reminder.kind.rawValue
            state = d.state.rawValue
            attempts = d.attempts
            late = d.late
            nextAttemptAt = d.nextAttemptAt
            expiresAt = d.expiresAt
            createdAt = d.createdAt
            updatedAt = d.updatedAt
            deliveredAt = d.deliveredAt
            lastError = d.lastError
            fallbackFor = d.fallbackFor
        }
    }
}
