import CLinux
import Foundation

/// Reports changes to a set of files with inotify. It watches their folders, not the files, because
/// editors save by writing a new file and renaming it over the old one, which a watch on the file misses.
public final class FileWatcher: @unchecked Sendable {
    private let fd: Int32
    private let source: any DispatchSourceRead
    private let continuation: AsyncStream<Void>.Continuation
    /// One element per burst of changes to a watched file.
    public let changes: AsyncStream<Void>

    /// Returns nil when inotify is not available; legday then reloads on SIGHUP only.
    public init?(paths: [String]) {
        let fd = inotify_init1(Int32(IN_CLOEXEC) | Int32(IN_NONBLOCK))
        guard fd >= 0 else { return nil }
        self.fd = fd
        var names: [Int32: Set<String>] = [:]
        let mask = UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_CREATE) | UInt32(IN_DELETE)
        var byDirectory: [String: Set<String>] = [:]
        for path in paths where path.hasPrefix("/") {
            let url = URL(fileURLWithPath: path).resolvingSymlinksInPath()
            byDirectory[url.deletingLastPathComponent().path, default: []].insert(url.lastPathComponent)
            // Also the name as given, in case the file is a symlink that gets replaced (/etc/localtime).
            byDirectory[(path as NSString).deletingLastPathComponent, default: []]
                .insert((path as NSString).lastPathComponent)
        }
        for (directory, files) in byDirectory {
            let wd = inotify_add_watch(fd, directory, mask)
            if wd >= 0 { names[wd, default: []].formUnion(files) }
        }
        (changes, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: .global())
        source.setEventHandler { [continuation, names] in
            if FileWatcher.drain(fd: fd, names: names) { continuation.yield() }
        }
        source.setCancelHandler { close(fd) }
        source.resume()
    }

    deinit {
        source.cancel()
        continuation.finish()
    }

    /// Reads every pending event; true when one of them names a watched file.
    private static func drain(fd: Int32, names: [Int32: Set<String>]) -> Bool {
        var relevant = false
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer, size)
            guard count > 0 else { break }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = buffer.advanced(by: offset + MemoryLayout<inotify_event>.size)
                if event.len > 0 {
                    let name = String(cString: nameStart.assumingMemoryBound(to: CChar.self))
                    if names[event.wd]?.contains(name) == true { relevant = true }
                }
                offset += MemoryLayout<inotify_event>.size + Int(event.len)
            }
        }
        return relevant
    }
}
