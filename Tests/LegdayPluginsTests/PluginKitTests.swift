import Foundation
import LegdayCore
import LegdayPluginKit
import Testing
@testable import LegdayPlugins

/// LegdayPluginKit reads what the host writes (the two share no code, only the protocol), and maps a
/// plugin's outcome to the exit statuses and result lines the host reads back.
@Suite struct PluginKitTests {
    let description = PluginDescription(name: "kit", version: "0.1", description: "A test plugin",
                                        options: .object(["type": .string("object")]))

    func envelope(protocol version: Int = 1) -> Data {
        var envelope = PluginProtocol.Envelope(
            deliveryID: "athlete:2026-11-23:daily:phone", attempt: 3, notifier: "phone",
            reminder: PlanDocument.reminder(sampleReminder()),
            options: ["topic": .string("legs"), "count": .integer(2)])
        envelope.protocol = version
        return Data(envelope.encoded())
    }

    func run(_ arguments: [String], input: Data = Data(),
             send: (SendRequest) async throws -> Void = { _ in }) async -> PluginRunner.Result {
        await PluginRunner.run(arguments: arguments, input: input, description: description, send: send)
    }

    @Test func theKitReadsTheEnvelopeTheHostWrites() async throws {
        let reminder = sampleReminder()
        nonisolated(unsafe) var received: SendRequest?
        let result = await run(["send"], input: envelope()) { received = $0 }
        #expect(result.exitStatus == 0)
        let request = try #require(received)
        #expect(request.protocol == 1)
        #expect(request.deliveryID == "athlete:2026-11-23:daily:phone")
        #expect(request.attempt == 3)
        #expect(request.notifier == "phone")
        #expect(request.reminder.title == reminder.title)
        #expect(request.reminder.body == reminder.body)
        #expect(request.reminder.kind == "rest")
        #expect(request.reminder.date == "2026-11-23")
        #expect(request.reminder.raw["day"]?["runs"]?.array?.count == 1)
        #expect(try request.options.requiredString("topic") == "legs")
        #expect(request.options["count"] == .integer(2))
        #expect(throws: PluginFailure.permanent("option \"count\" must be a string")) {
            _ = try request.options.string("count")
        }
    }

    @Test func theHostReadsWhatTheKitPrints() async throws {
        let described = await run(["describe"])
        #expect(described.exitStatus == 0)
        let parsed = try PluginProtocol.Description.parse(Array(described.stdout.utf8))
        #expect(parsed.name == "kit")
        #expect(parsed.protocols == [1])

        let busy = await run(["send"], input: envelope()) { _ in throw PluginFailure.temporary("busy", retryAfter: 90) }
        #expect(busy.exitStatus == 75)
        let result = try #require(PluginProtocol.Result.parse(Array(busy.stdout.utf8)))
        #expect(result.status == "try-later")
        #expect(result.message == "busy")
        #expect(result.retryAfter == .seconds(90))
        #expect(busy.stderr == "busy\n")
    }

    @Test func failuresMapToExitStatuses() async {
        #expect(await run(["send"], input: envelope()) { _ in throw PluginFailure.permanent("no") }.exitStatus == 1)
        // An error the plugin did not classify is taken as temporary, like the host does.
        #expect(await run(["send"], input: envelope()) { _ in throw CocoaError(.fileNoSuchFile) }.exitStatus == 75)
        #expect(await run(["send"], input: Data("not json".utf8)).exitStatus == 65)
        let newer = await run(["send"], input: envelope(protocol: 2))
        #expect(newer.exitStatus == 65)
        #expect(newer.stdout.contains("protocol 2 is not supported"))
        #expect(await run([]).exitStatus == 64)
        #expect(await run(["frobnicate"]).exitStatus == 64)
    }

    @Test func unknownFieldsAreIgnored() async throws {
        var object = try #require(try JSONSerialization.jsonObject(with: envelope()) as? [String: Any])
        object["from_the_future"] = ["x": 1]
        let input = try JSONSerialization.data(withJSONObject: object)
        #expect(await run(["send"], input: input).exitStatus == 0)
        #expect(PluginProtocol.Result.parse(Array(#"{"status":"delivered","new":[1,2]}"#.utf8))?.status == "delivered")
    }
}
