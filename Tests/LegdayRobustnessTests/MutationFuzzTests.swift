import Foundation
import LegdayFuzzInputs
import Testing

/// A short, seeded fuzz pass over every reader in each `swift test`: the seed corpus as it is, then
/// mutations of it, each input under a time bound. `make fuzz` runs the coverage-guided libFuzzer build for
/// longer. LEGDAY_FUZZ_SECONDS and LEGDAY_FUZZ_SEED change the budget and the seed (docs/robustness.md).
@Suite struct MutationFuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let budget = Double(environment["LEGDAY_FUZZ_SECONDS"] ?? "") ?? 3
    static let seed = UInt64(environment["LEGDAY_FUZZ_SEED"] ?? "") ?? 20_261_122

    @Test(arguments: FuzzTarget.allCases)
    func mutatedInputsKeepEveryPromise(target: FuzzTarget) {
        let run = MutationRun(target: target, perInputSeconds: 5)
        #expect(!run.seeds.isEmpty, "no seed corpus for \(target.rawValue) in \(MutationRun.corpusRoot.path)")
        let summary = run.run(seed: Self.seed &+ UInt64(target.rawValue.utf8.count), iterations: 100_000,
                              budgetSeconds: Self.budget)
        #expect(summary.inputs > run.seeds.count, "only the seeds were read")
        for finding in summary.findings {
            Issue.record("\(finding)")
        }
    }

    /// The harness itself: a well-formed event is read within the bound and breaks no promise.
    @Test func wellFormedEventHasNoFindings() {
        let run = MutationRun(target: .icalendar)
        let outcome = run.readBounded(Array("BEGIN:VEVENT\r\nDTSTART:20261124\r\nSUMMARY:Easy\r\nEND:VEVENT\r\n".utf8))
        #expect(outcome.problems.isEmpty)
        #expect(!outcome.hung)
    }
}
