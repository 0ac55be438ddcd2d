import CLinux
import Foundation

/// Gives back the memory a sleeping daemon holds only because start-up touched it.
///
/// Most of a Swift daemon's resident set after start-up is clean pages of code and read-only data from
/// its own binary and its libraries (Foundation, ICU data, NIO, TLS, SQLite): start-up runs through
/// them once, and the kernel maps them in 64 KiB at a time. Between reminders none of that is used, so
/// the daemon drops those pages from its own page tables with `madvise(MADV_DONTNEED)`. They stay in the
/// page cache; the next wake-up maps back, as minor faults, only what it runs. Freed heap goes back with
/// `malloc_trim`.
///
/// Only private, file-backed mappings without write permission and without a single private (copied)
/// page qualify: dropping those can only bring back the file's own bytes, which are what they hold.
/// Relocated data (RELRO), heap, stacks and shared mappings are never touched.
public enum IdleMemory {
    /// The mappings that qualify, as (start, length) pairs, read from `smaps` text.
    static func releasableRanges(smaps: String) -> [(start: UInt, length: Int)] {
        var ranges: [(start: UInt, length: Int)] = []
        var candidate: (start: UInt, length: Int)?
        for line in smaps.split(separator: "\n", omittingEmptySubsequences: true) {
            if let first = line.first, first.isHexDigit, let header = MappingHeader(line) {
                candidate = header.releasable ? (header.start, Int(header.end - header.start)) : nil
            } else if line.hasPrefix("Anonymous:"), let range = candidate {
                let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first
                if kilobytes == "0" { ranges.append(range) }
                candidate = nil
            }
        }
        return ranges
    }

    /// Drops the qualifying pages of this process and trims the heap. Returns the bytes of address space
    /// advised (not all of it was resident).
    @discardableResult
    public static func release() -> Int {
        guard let smaps = readProcFile("/proc/self/smaps") else { return 0 }
        var advised = 0
        for range in releasableRanges(smaps: smaps) {
            guard let pointer = UnsafeMutableRawPointer(bitPattern: range.start) else { continue }
            if madvise(pointer, range.length, MADV_DONTNEED) == 0 { advised += range.length }
        }
        malloc_trim(0)
        return advised
    }

    /// The whole of a /proc file. They report a size of zero, so this reads until the end rather than
    /// trusting the size (which is what cut `String(contentsOfFile:)` short).
    static func readProcFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `start-end perms offset dev inode path` of one mapping.
    struct MappingHeader {
        var start: UInt
        var end: UInt
        var permissions: Substring
        var inode: Substring
        var path: Substring

        init?(_ line: Substring) {
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count >= 5 else { return nil }
            let bounds = fields[0].split(separator: "-")
            guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16),
                  end > start else { return nil }
            self.start = start
            self.end = end
            permissions = fields[1]
            inode = fields[4]
            path = fields.count > 5 ? fields[5].drop(while: { $0 == " " }) : ""
        }

        /// A private mapping of a file that still exists, which this process cannot write.
        var releasable: Bool {
            permissions.count == 4 && !permissions.contains("w") && permissions.hasSuffix("p")
                && permissions.hasPrefix("r") && inode != "0" && path.hasPrefix("/") && !path.hasSuffix("(deleted)")
        }
    }
}
