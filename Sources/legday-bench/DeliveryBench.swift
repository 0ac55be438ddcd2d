import Foundation
import LegdayConfig
import LegdayCore
import LegdayExercises
import LegdayNotify
import LegdaySMTP
import LegdayWebhook
import LegdayNotifierRegistry

/// `legday-bench deliver CONFIG NOTIFIER COUNT [CONCURRENCY]`: sends COUNT reminders through the
/// `[notifiers.NOTIFIER]` table of CONFIG (smtp or webhook), built exactly as `legday` builds it, and prints
/// throughput and latency. Tests/bench/bench_delivery.py runs it against loopback servers it starts.
///
/// Sends are sequential unless CONCURRENCY says otherwise: one notifier, one send after another, which is
/// how a burst of reminders leaves one notifier (and what reuses one SMTP connection). Each send has a
/// delivery id of its own. Output lines: `sent N`, `failed N`, `seconds S`, `per_second R`, `p50_ms`,
/// `p99_ms`, `max_ms`, and the first error if any.
enum DeliveryBench {
    static func main(_ arguments: [String]) -> Int32 {
        guard arguments.count >= 3, let count = Int(arguments[2]), count > 0 else {
            FileHandle.standardError.write(Data("usage: legday-bench deliver CONFIG NOTIFIER COUNT [CONCURRENCY]\n".utf8))
            return 2
        }
        let concurrency = arguments.count > 3 ? max(1, Int(arguments[3]) ?? 1) : 1
        let notifier: any Notifier
        let reminder: Reminder
        do {
            notifier = try makeNotifier(configPath: arguments[0], name: arguments[1])
            reminder = try sampleReminder()
        } catch {
            FileHandle.standardError.write(Data("legday-bench: \(error)\n".utf8))
            return 1
        }
        // The sends run on the concurrency pool; this (main) thread only waits for them.
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        Task {
            box.result = await run(notifier, reminder: reminder, count: count, concurrency: concurrency)
            try? await WebhookHTTPClients.shutdown()
            done.signal()
        }
        done.wait()
        guard let result = box.result else { return 1 }
        print(result.report)
        return result.failed == 0 ? 0 : 1
    }

    static func makeNotifier(configPath: String, name: String) throws -> any Notifier {
        let configuration = try ConfigLoader.load(path: configPath, notifierKinds: NotifierRegistry.kinds)
        guard let table = configuration.notifiers.first(where: { $0.name == name }) else {
            throw BenchError("\(configPath): no notifier named \(name)")
        }
        switch table.type {
        case "smtp": return try SMTPNotifier(configuration: table, configDirectory: configuration.directory)
        case "webhook": return try WebhookNotifier(configuration: table, configDirectory: configuration.directory)
        default: throw BenchError("\(configPath): notifier \(name) is \(table.type), not smtp or webhook")
        }
    }

    /// A heavy-lift day from the planner, exercises, positions and all: the biggest reminder legday sends.
    static func sampleReminder() throws -> Reminder {
        let library = try ExerciseCatalog.bundled()
        let plan = Planner.plan(LegdayBench.request(seed: 1, library: library))
        guard let day = plan.days.first(where: { $0.kind == .heavyLift && $0.session != nil }) else {
            throw BenchError("the sample plan has no heavy-lift day")
        }
        return Reminder(for: day, athlete: "bench")
    }

    struct Result {
        var latencies: [Duration]
        var elapsed: Duration
        var failed: Int
        var firstError: String?

        var report: String {
            let sorted = latencies.sorted()
            func ms(_ d: Duration) -> String { String(format: "%.3f", LegdayBench.seconds(d) * 1000) }
            func percentile(_ p: Double) -> Duration {
                sorted.isEmpty ? .zero : sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
            }
            var lines = [
                "sent \(latencies.count - failed)", "failed \(failed)",
                "seconds \(String(format: "%.4f", LegdayBench.seconds(elapsed)))",
                "per_second \(String(format: "%.1f", Double(latencies.count - failed) / LegdayBench.seconds(elapsed)))",
                "p50_ms \(ms(percentile(0.50)))", "p99_ms \(ms(percentile(0.99)))", "max_ms \(ms(sorted.last ?? .zero))",
            ]
            if let firstError { lines.append("first_error \(firstError)") }
            return lines.joined(separator: "\n")
        }
    }

    static func run(_ notifier: any Notifier, reminder: Reminder, count: Int, concurrency: Int) async -> Result {
        let clock = ContinuousClock()
        let started = clock.now
        var latencies: [Duration] = []
        latencies.reserveCapacity(count)
        var failed = 0
        var firstError: String?
        await withTaskGroup(of: (Duration, String?).self) { group in
            var next = 0
            func start() {
                guard next < count else { return }
                let context = DeliveryContext(deliveryID: "\(reminder.id):\(notifier.name):\(next)")
                next += 1
                group.addTask {
                    let begun = clock.now
                    do {
                        try await notifier.send(reminder, context: context)
                        return (clock.now - begun, nil)
                    } catch {
                        return (clock.now - begun, "\(NotifierError(classifying: error))")
                    }
                }
            }
            for _ in 0..<concurrency { start() }
            while let (latency, error) = await group.next() {
                latencies.append(latency)
                if let error {
                    failed += 1
                    if firstError == nil { firstError = error }
                }
                start()
            }
        }
        return Result(latencies: latencies, elapsed: clock.now - started, failed: failed, firstError: firstError)
    }

    final class ResultBox: @unchecked Sendable {
        var result: Result?
    }

    struct BenchError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
