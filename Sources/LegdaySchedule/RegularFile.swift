#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reads input files (schedules, the config) only when they are ordinary files.
///
/// `FileManager.contents(atPath:)` opens whatever the path names: a FIFO with no writer blocks the open forever,
/// and a character device such as /dev/zero never ends. The file is opened without blocking, checked with
/// `fstat` on the open descriptor (so a rename between the check and the read cannot swap it), and read up to
/// a size limit.
public enum RegularFile {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case missing
        case folder
        /// A FIFO, socket or device: reading it could block or never end.
        case notRegular(kind: String)
        case unreadable(reason: String)
        case tooLarge(limitBytes: Int)

        public var description: String {
            switch self {
            case .missing: "no such file"
            case .folder: "this is a folder, not a file"
            case .notRegular(let kind): "this is a \(kind), not a regular file; refusing to read it"
            case .unreadable(let reason): "cannot read the file (\(reason))"
            case .tooLarge(let limit): "the file is larger than \(limit >> 20) MiB; refusing to read it"
            }
        }
    }

    public static func contents(path: String, limitBytes: Int) -> Result<Data, Failure> {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return .failure(.missing) }
            return .failure(.unreadable(reason: String(cString: strerror(code))))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            return .failure(.unreadable(reason: String(cString: strerror(errno))))
        }
        switch status.st_mode & mode_t(S_IFMT) {
        case mode_t(S_IFREG): break
        case mode_t(S_IFDIR): return .failure(.folder)
        case mode_t(S_IFIFO): return .failure(.notRegular(kind: "FIFO (named pipe)"))
        case mode_t(S_IFSOCK): return .failure(.notRegular(kind: "socket"))
        case mode_t(S_IFCHR), mode_t(S_IFBLK): return .failure(.notRegular(kind: "device"))
        default: return .failure(.notRegular(kind: "special file"))
        }
        guard Int(status.st_size) <= limitBytes else { return .failure(.tooLarge(limitBytes: limitBytes)) }

        // The size can change while reading (a writer appending); the limit still holds.
        var data = Data()
        data.reserveCapacity(Int(status.st_size))
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(reason: String(cString: strerror(errno))))
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
            if data.count > limitBytes { return .failure(.tooLarge(limitBytes: limitBytes)) }
        }
        return .success(data)
    }
}
