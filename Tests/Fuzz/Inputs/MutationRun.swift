import Foundation

/// Runs a target over mutations of its seed corpus, each input under a time bound.
public struct MutationRun {
    /// A crash cannot be caught in-process; what this reports is an input that broke a promise or ran too long.
    public struct Finding: CustomStringConvertible, Sendable {
        public var target: FuzzTarget
        public var problems: [String]
        /// Where the input was saved, to reproduce with `legday-fuzz TARGET FILE` or a test.
        public var savedAt: String

        public var description: String {
            "\(target.rawValue): \(problems.prefix(3).joined(separator: "; ")) (input saved at \(savedAt))"
        }
    }

    public struct Summary: Sendable {
        public var inputs = 0
        public var findings: [Finding] = []
        /// The slowest input, in seconds: how close the readers come to the time bound.
        public var slowestSeconds = 0.0
    }

    public static let corpusRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("corpus")

    public let target: FuzzTarget
    public let seeds: [[UInt8]]
    public let perInputSeconds: Double
    public let findingsFolder: String

    public init(target: FuzzTarget, perInputSeconds: Double = 5, findingsFolder: String = NSTemporaryDirectory()) {
        self.target = target
        let folder = MutationRun.corpusRoot.appendingPathComponent(target.corpusName)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        seeds = names.sorted().compactMap { FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) }
            .map { [UInt8]($0) }
        self.perInputSeconds = perInputSeconds
        self.findingsFolder = findingsFolder
    }

    /// Reads every seed as it is, then mutations until `iterations` inputs or `budgetSeconds` have passed.
    /// Stops at the first hang: the reader's thread cannot be stopped, so going on would only pile them up.
    public func run(seed: UInt64, iterations: Int, budgetSeconds: Double) -> Summary {
        var summary = Summary()
        var mutator = Mutator(seed: seed)
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int64(budgetSeconds * 1000))
        var index = 0
        while index < seeds.count + iterations, clock.now < deadline {
            let input = index < seeds.count
                ? seeds[index]
                : mutator.mutate(seeds.isEmpty ? [] : seeds[mutator.below(seeds.count)], others: seeds)
            index += 1
            summary.inputs += 1
            let outcome = readBounded(input)
            summary.slowestSeconds = max(summary.slowestSeconds, outcome.seconds)
            guard !outcome.problems.isEmpty else { continue }
            summary.findings.append(Finding(target: target, problems: outcome.problems, savedAt: save(input)))
            if outcome.hung { break }
        }
        return summary
    }

    /// Reads one input on its own thread (with a main-thread-sized stack) and waits at most `perInputSeconds`.
    public func readBounded(_ input: [UInt8]) -> (problems: [String], seconds: Double, hung: Bool) {
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let target = self.target
        let data = Data(input)
        let thread = Thread {
            let start = ContinuousClock.now
            let problems = target.read(data)
            box.set(problems, seconds: (ContinuousClock.now - start).seconds)
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        if done.wait(timeout: .now() + perInputSeconds) == .timedOut {
            return (["no answer within \(perInputSeconds) s (a hang or a runaway expansion)"], perInputSeconds, true)
        }
        let (problems, seconds) = box.get()
        return (problems, seconds, false)
    }

    private func save(_ input: [UInt8]) -> String {
        let path = (findingsFolder as NSString).appendingPathComponent(
            "legday-fuzz-\(target.rawValue)-\(UUID().uuidString.prefix(8))")
        FileManager.default.createFile(atPath: path, contents: Data(input))
        return path
    }
}

/// Hands a result from the reader's thread to the waiting one.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var problems: [String] = []
    private var seconds = 0.0

    func set(_ problems: [String], seconds: Double) {
        lock.withLock {
            self.problems = problems
            self.seconds = seconds
        }
    }

    func get() -> ([String], Double) {
        lock.withLock { (problems, seconds) }
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
