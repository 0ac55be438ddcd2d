import Foundation
import LegdayConfig
import LegdayCore
import LegdayNotify
import Testing
@testable import LegdayPlugins

@Suite struct PluginNotifierTests {
    let folder: PluginFolder
    let recorder = LogRecorder()

    init() throws { folder = try PluginFolder() }

    func notifier(_ path: String, options: [String: JSONValue] = [:], timeout: Duration = .seconds(10),
                  environment: [String: String] = [:]) -> PluginNotifier {
        PluginNotifier(name: "phone", executable: path, options: options, timeout: timeout,
                       host: makeHost(recorder, environment: environment))
    }


    @Test func describeHandshakeReadsWhatThePluginSaysAboutItself() async throws {
        let path = try folder.script("legday-notify-demo", """
            [ "$1" = describe ] || exit 64
            printf '%s' '{"name": "demo", "version": "1.2.0", "protocols": [1, 2], "description": "A demo",
              "options": {"type": "object", "required": ["topic"], "properties": {"topic": {"type": "string"}}},
              "future_field": true}'
            """)
        let description = try await makeHost(recorder).describe(path)
        #expect(description.name == "demo")
        #expect(description.version == "1.2.0")
        #expect(description.protocols == [1, 2])
        #expect(description.speaksOurProtocol)
        #expect(description.summary == "A demo")
        #expect(description.requiredOptions == ["topic"])
    }

    @Test func describeThatIsNotJSONIsAClearError() async throws {
        let path = try folder.script("legday-notify-bad", "echo hello")
        await #expect(throws: PluginError("describe did not print a JSON object")) {
            _ = try await makeHost(recorder).describe(path)
        }
    }

    @Test func successDeliversTheEnvelopeOnStandardInputWithACleanEnvironment() async throws {
        let path = try folder.script("legday-notify-ok", """
            [ "$1" = send ] || exit 64
            cat > "\(folder.path)/envelope.json"
            env > "\(folder.path)/env.txt"
            echo "$@" > "\(folder.path)/args.txt"
            echo "sent to the phone" >&2
            echo '{"status": "delivered", "message": "ok"}'
            """)
        let plugin = notifier(path, options: ["topic": .string("legs"), "token": .string("s3cret")],
                              environment: ["LEAKY_SECRET": "must-not-pass", "XDG_STATE_HOME": "/state-here",
                                            "LEGDAY_CONFIG": "/cfg/legday.toml"])
        #expect(await sendError(plugin, attempt: 2) == nil)

        let envelope = try #require(folder.read("envelope.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(envelope.utf8)) as? [String: Any])
        #expect(json["protocol"] as? Int == 1)
        #expect(json["delivery_id"] as? String == "d-1")
        #expect(json["attempt"] as? Int == 2)
        #expect(json["notifier"] as? String == "phone")
        let reminder = try #require(json["reminder"] as? [String: Any])
        #expect(reminder["title"] as? String == sampleReminder().title)
        #expect(reminder["date"] as? String == "2026-11-23")
        #expect((reminder["day"] as? [String: Any])?["kind"] as? String == "rest")
        let options = try #require(json["options"] as? [String: Any])
        #expect(options["topic"] as? String == "legs")

        let env = try #require(folder.read("env.txt"))
        #expect(env.contains("LEGDAY_DELIVERY_ID=d-1"))
        #expect(env.contains("LEGDAY_ATTEMPT=2"))
        #expect(env.contains("LEGDAY_PROTOCOL=1"))
        #expect(env.contains("HOME=/nonexistent-home"))
        #expect(!env.contains("LEAKY_SECRET"))
        // Where legday's config and state are, so a `legday log` the plugin runs writes the same log.
        #expect(env.contains("XDG_STATE_HOME=/state-here") && env.contains("LEGDAY_CONFIG=/cfg/legday.toml"))
        #expect(!env.contains("s3cret"))
        #expect(folder.read("args.txt") == "send\n")

        let logged = recorder.all
        #expect(logged.map(\.message) == ["sent to the phone"])
        #expect(logged.first?.identifier == "legday-notify-ok")
        #expect(logged.first?.notifier == "phone")
        #expect(logged.first?.priority == 6)
    }

    @Test func tryLaterThenSuccess() async throws {
        let path = try folder.script("legday-notify-flaky", """
            cat > /dev/null
            if [ ! -e "\(folder.path)/tried" ]; then
              touch "\(folder.path)/tried"
              echo '{"status": "busy", "message": "server busy", "retry_after": 12, "extra": [1]}'
              exit 75
            fi
            exit 0
            """)
        let plugin = notifier(path)
        let first = try #require(await sendError(plugin))
        #expect(first.kind == .temporary)
        #expect(first.message == "server busy")
        #expect(first.retryAfter == .seconds(12))
        #expect(await sendError(plugin, attempt: 2) == nil)
    }

    @Test func otherExitStatusIsPermanentAndSaysWhy() async throws {
        let path = try folder.script("legday-notify-broken", """
            cat > /dev/null
            echo "the server refused the token" >&2
            exit 3
            """)
        let error = try #require(await sendError(notifier(path)))
        #expect(error.kind == .permanent)
        #expect(error.message.contains("exit status 3"))
        #expect(error.message.contains("the server refused the token"))
        #expect(recorder.all.first?.priority == 4)
    }

    // The time limit fails a send that sat out the plugin's 300 s sleep instead of ending it.
    @Test(.timeLimit(.minutes(1))) func aHangingPluginAndItsChildrenAreKilledAtTheTimeout() async throws {
        // The plugin ignores SIGTERM (and so does its child, which inherits that), so only SIGKILL ends them.
        let path = try folder.script("legday-notify-hang", """
            trap '' TERM
            sleep 300 &
            echo $! > "\(folder.path)/child.pid"
            while :; do sleep 1; done
            """)
        let error = try #require(await sendError(notifier(path, timeout: .seconds(1))))
        #expect(error.kind == .temporary)
        #expect(error.message.contains("did not finish within 1.0 s"))

        let childPID = try #require(folder.read("child.pid").flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        // The child was SIGKILLed with the group; init may take a moment to reap it.
        var gone = isGone(childPID)
        for _ in 0..<100 where !gone {
            try await Task.sleep(for: .milliseconds(20))
            gone = isGone(childPID)
        }
        #expect(gone, "child \(childPID) of the hung plugin is still running")
    }

    @Test(.timeLimit(.minutes(1))) func whatThePluginLeavesBehindIsEndedWhenItExits() async throws {
        // The child keeps the output pipes open; legday must not wait for it, nor leave it running.
        let path = try folder.script("legday-notify-leaver", """
            cat > /dev/null
            sleep 300 &
            echo $! > "\(folder.path)/child.pid"
            exit 0
            """)
        // Waiting for the child would sit out its 300 s sleep: the test's time limit fails that.
        #expect(await sendError(notifier(path, timeout: .seconds(120))) == nil)
        let childPID = try #require(folder.read("child.pid").flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        var gone = isGone(childPID)
        for _ in 0..<100 where !gone {
            try await Task.sleep(for: .milliseconds(20))
            gone = isGone(childPID)
        }
        #expect(gone, "child \(childPID) outlived its plugin")
    }

    @Test func megabytesOfOutputAreCutWithoutHanging() async throws {
        let path = try folder.script("legday-notify-chatty", """
            head -c 20000000 /dev/zero | tr '\\0' x
            head -c 5000000 /dev/zero | tr '\\0' y >&2
            exit 0
            """)
        let outcome = try await PluginProcess(executable: path, arguments: ["send"], environment: [:],
                                              timeout: .seconds(20), outputLimit: 64 * 1024).run()
        #expect(outcome.ending == .exited(0))
        #expect(outcome.stdout.count == 64 * 1024)
        #expect(outcome.stdoutCut)
        #expect(outcome.stderr.count == 64 * 1024)
        #expect(outcome.stderrCut)
        #expect(await sendError(notifier(path)) == nil)
        #expect(recorder.all.contains { $0.message.contains("standard output cut") })
    }

    @Test func aPluginThatExitsWithoutReadingItsInputDoesNotHurtLegday() async throws {
        let path = try folder.script("legday-notify-deaf", "exit 0")
        // Far more than a pipe holds, so legday's writes meet a closed pipe (EPIPE, not SIGPIPE).
        let big = JSONValue.string(String(repeating: "z", count: 4_000_000))
        #expect(await sendError(notifier(path, options: ["padding": big])) == nil)
        let failing = try folder.script("legday-notify-deaf-fail", "exit 9")
        #expect(await sendError(notifier(failing, options: ["padding": big]))?.kind == .permanent)
    }

    @Test(.timeLimit(.minutes(1))) func cancellationEndsThePlugin() async throws {
        let path = try folder.script("legday-notify-slow", """
            touch "\(folder.path)/slow.started"
            sleep 300
            """)
        let plugin = notifier(path, timeout: .seconds(120))
        let task = Task { [plugin] in await sendError(plugin) }
        // Cancelled once the plugin runs, so that cancelling has a process to end.
        while folder.read("slow.started") == nil { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        let error = try #require(await task.value)
        #expect(error.kind == .temporary)
        #expect(error.message == "cancelled")
    }

    @Test func killedBySignalIsTemporary() async throws {
        let path = try folder.script("legday-notify-crash", "kill -SEGV $$")
        let error = try #require(await sendError(notifier(path)))
        #expect(error.kind == .temporary)
        #expect(error.message.contains("signal 11"))
    }
}

/// Sends the sample reminder; the error it ended with, or nil when delivered.
func sendError(_ notifier: PluginNotifier, attempt: Int = 1) async -> NotifierError? {
    do {
        try await notifier.send(sampleReminder(), context: DeliveryContext(deliveryID: "d-1", attempt: attempt))
        return nil
    } catch {
        return NotifierError(classifying: error)
    }
}
