import CLibFuzzer
import Foundation
import LegdayFuzzInputs

// The libFuzzer build of the fuzz targets: `legday-fuzz TARGET [libFuzzer options] [corpus folders]`.
// Built only by Tests/Fuzz/run.sh (`make fuzz`), with -sanitize=fuzzer; see docs/robustness.md.

/// The target named on the command line; set once before libFuzzer starts calling back.
nonisolated(unsafe) private var selected = FuzzTarget.icalendar

/// libFuzzer's entry point for one input. A broken promise aborts, so libFuzzer saves the input as a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Data(bytes: $0, count: size) } ?? Data()
    let problems = selected.read(input)
    guard problems.isEmpty else {
        FileHandle.standardError.write(Data(("legday-fuzz: " + problems.prefix(5).joined(separator: "\n  ") + "\n").utf8))
        abort()
    }
    return 0
}

/// SwiftPM links an executable with `main` renamed to `<module>_main`, so libFuzzer's own `main` is never
/// called; this one takes the target name off the command line and hands the rest to libFuzzer's driver.
@_cdecl("LegdayFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
    guard argc >= 2, let argv, let first = argv[1], let target = FuzzTarget(rawValue: String(cString: first)) else {
        FileHandle.standardError.write(Data("usage: legday-fuzz TARGET [libFuzzer options] [corpus…]; TARGET is one of \(names)\n".utf8))
        return 2
    }
    selected = target
    // Drop the target name: libFuzzer reads everything else.
    argv[1] = argv[0]
    var count = argc - 1
    var rest: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv + 1
    return LLVMFuzzerRunDriver(&count, &rest) { data, size in fuzzOneInput(data, size) }
}
