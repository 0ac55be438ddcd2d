import Foundation

// The real destinations the notifier contract runs against: loopback TCP servers that speak just enough HTTP
// or SMTP, a port nobody answers on, and private folders for plugin scripts and secret files. Plain sockets
// and one thread per connection: a test server serves a handful of connections, and blocking code is the
// easiest to read.

/// Counts how often something reached a destination, and lets a test wait for it without sleeping.
final class Arrivals: @unchecked Sendable {
    private let lock = NSLock()
    private var arrived = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    var count: Int { lock.withLock { arrived } }

    func note() {
        let waiters = lock.withLock {
            arrived += 1
            defer { waiting = [] }
            return waiting
        }
        waiters.forEach { $0.resume() }
    }

    /// Returns once something has arrived (at once if it already has). The test's time limit bounds the wait.
    func wait() async {
        await withCheckedContinuation { continuation in
            let already = lock.withLock {
                if arrived > 0 { return true }
                waiting.append(continuation)
                return false
            }
            if already { continuation.resume() }
        }
    }
}

/// What a destination was told, in order, as text (for the secrets case: proof the secret was in play).
final class Transcript: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}

/// One accepted connection, read a line at a time. Only its conversation's thread reads, writes and closes
/// it; `hangUp` (from any thread) only shuts it down, which wakes a blocked read without the descriptor
/// being closed under the reader's feet (and its number reused by another test's socket).
final class LoopbackConnection: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private var closed = false
    private var buffer: [UInt8] = []

    init(fd: Int32) { self.fd = fd }

    /// The next line without its CRLF; nil once the peer has closed or the server stopped.
    func readLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard fill() else { return nil }
        }
    }

    /// Exactly `count` bytes, or nil when the connection ends first.
    func read(count: Int) -> [UInt8]? {
        while buffer.count < count { guard fill() else { return nil } }
        defer { buffer.removeFirst(count) }
        return Array(buffer.prefix(count))
    }

    /// Reads until the peer closes or the server stops: a destination that has stopped talking.
    func waitForEnd() {
        while fill() { buffer = [] }
    }

    func write(_ text: String) {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            // MSG_NOSIGNAL: a client that has gone must not take the test process down with SIGPIPE.
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    func hangUp() { lock.withLock { if !closed { _ = shutdown(fd, Int32(SHUT_RDWR)) } } }

    func close() { lock.withLock { if !closed { closed = true; _ = Glibc.close(fd) } } }

    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 && errno == EINTR { return true }
        guard n > 0 else { return false }
        buffer += chunk.prefix(n)
        return true
    }
}

/// A TCP server on 127.0.0.1 that holds one conversation per connection, each on a thread of its own.
/// `stop()` ends the listener and every open connection.
final class LoopbackServer: @unchecked Sendable {
    let port: Int
    /// One per accepted connection.
    let arrivals = Arrivals()
    /// The listening socket, under the same rule as a connection: shut down from anywhere, closed by its thread.
    private let listener: LoopbackConnection
    private let lock = NSLock()
    private var connections: [LoopbackConnection] = []
    private var stopped = false

    init(conversation: @escaping @Sendable (LoopbackConnection) -> Void) throws {
        let (fd, port) = try boundLoopbackSocket()
        guard listen(fd, 16) == 0 else { Glibc.close(fd); throw POSIXError(.EADDRINUSE) }
        self.port = port
        listener = LoopbackConnection(fd: fd)
        let thread = Thread { [self] in
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 && errno == EINTR { continue }
                // shutdown() on the listener (stop) makes accept fail: the server is done.
                guard client >= 0 else { break }
                // Not for processes other tests start meanwhile (accept4 is not in Swift's Glibc module).
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                let connection = LoopbackConnection(fd: client)
                lock.withLock {
                    connections.append(connection)
                    if stopped { connection.hangUp() }  // accepted while stop() ran
                }
                arrivals.note()
                Thread {
                    conversation(connection)
                    connection.close()
                }.start()
            }
            listener.close()
        }
        thread.name = "contract-server"
        thread.start()
    }

    func stop() {
        listener.hangUp()
        lock.withLock {
            stopped = true
            return connections
        }.forEach { $0.hangUp() }
    }
}

/// A loopback port that refuses connections: the socket is bound (so no other test can take the port) but
/// never listens, so a connect gets a reset at once, as when the destination is down.
final class RefusingPort: @unchecked Sendable {
    let port: Int
    private let fd: Int32

    init() throws { (fd, port) = try boundLoopbackSocket() }

    func close() { _ = Glibc.close(fd) }
}

/// A TCP socket bound to 127.0.0.1 on a port the kernel picks.
private func boundLoopbackSocket() throws -> (fd: Int32, port: Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EMFILE) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { Glibc.close(fd); throw POSIXError(.EADDRINUSE) }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}

// MARK: - HTTP

/// How a webhook receiver answers: a status with a body made from the request's headers, or never.
enum HTTPAnswer: Sendable {
    case status(Int, body: @Sendable (_ headers: [String: String]) -> String)
    case silence
}

/// A conversation that reads one HTTP request, records it, and answers as told, then closes.
func httpConversation(_ answer: HTTPAnswer, transcript: Transcript, accepted: Arrivals)
    -> @Sendable (LoopbackConnection) -> Void {
    { connection in
        guard let requestLine = connection.readLine() else { return }
        transcript.append(requestLine)
        var headers: [String: String] = [:]
        while let line = connection.readLine(), !line.isEmpty {
            transcript.append(line)
            if let colon = line.firstIndex(of: ":") {
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        let length = headers["content-length"].flatMap { Int($0) } ?? 0
        if let body = connection.read(count: length) { transcript.append(String(decoding: body, as: UTF8.self)) }
        switch answer {
        case .silence:
            connection.waitForEnd()
        case .status(let status, let makeBody):
            let body = makeBody(headers)
            // Counted before answering: once the answer is out, the test may already be looking.
            if (200..<300).contains(status) { accepted.note() }
            connection.write("HTTP/1.1 \(status) Contract\r\nContent-Type: text/plain\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        }
    }
}

// MARK: - SMTP

/// How a mail server treats the message at the end of DATA, or `silence`: no greeting at all.
enum SMTPAnswer: Sendable {
    case accept
    /// 451: "try again later", a temporary refusal.
    case deferMessage
    /// 550: refused for good.
    case rejectMessage
    case silence
}

/// Enough of an ESMTP server for libcurl: greeting, EHLO offering AUTH PLAIN, AUTH, MAIL, RCPT, DATA, QUIT.
/// The credentials AUTH PLAIN carries go into the transcript decoded, as the server sees them.
func smtpConversation(_ answer: SMTPAnswer, transcript: Transcript, accepted: Arrivals)
    -> @Sendable (LoopbackConnection) -> Void {
    { connection in
        if case .silence = answer { connection.waitForEnd(); return }
        connection.write("220 contract.test ESMTP\r\n")
        while let line = connection.readLine() {
            let verb = line.prefix { $0 != " " }.uppercased()
            switch verb {
            case "EHLO", "HELO":
                transcript.append(line)
                connection.write("250-contract.test\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n")
            case "AUTH":
                let words = line.split(separator: " ")
                var response = words.count > 2 ? String(words[2]) : nil
                if response == nil {
                    connection.write("334 \r\n")
                    response = connection.readLine()
                }
                let credentials = response.flatMap { Data(base64Encoded: $0) } ?? Data()
                transcript.append("AUTH PLAIN " + String(decoding: credentials, as: UTF8.self))
                connection.write("235 2.7.0 Authentication successful\r\n")
            case "MAIL", "RCPT", "RSET", "NOOP":
                transcript.append(line)
                connection.write("250 2.0.0 OK\r\n")
            case "DATA":
                connection.write("354 End data with <CR><LF>.<CR><LF>\r\n")
                while let data = connection.readLine(), data != "." { transcript.append(data) }
                switch answer {
                case .accept:
                    accepted.note()
                    connection.write("250 2.0.0 Queued\r\n")
                case .deferMessage: connection.write("451 4.3.0 Mailbox busy, try again later\r\n")
                case .rejectMessage: connection.write("550 5.7.1 Message refused\r\n")
                case .silence: return
                }
            case "QUIT":
                connection.write("221 2.0.0 Bye\r\n")
                return
            default:
                connection.write("502 5.5.2 Command not recognised\r\n")
            }
        }
    }
}

// MARK: - Files

/// A private temporary folder (mode 0700, as mkdtemp makes it) under /tmp, for secret files and plugin
/// scripts: plugin safety checks refuse folders others can write, and /tmp itself passes as sticky.
final class PrivateFolder: @unchecked Sendable {
    let path: String

    init() throws {
        var template = Array("/tmp/legday-contract-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template), let real = realpath(made, nil) else { throw POSIXError(.EACCES) }
        path = String(cString: real)
        free(real)
    }

    /// Writes `text` to `name` with `mode`, through a close-on-exec descriptor: tests run in parallel, and a
    /// plugin spawned meanwhile must not inherit a script still open for writing (its exec would fail with
    /// ETXTBSY).
    @discardableResult
    func write(_ name: String, _ text: String, mode: mode_t = 0o600) throws -> String {
        let file = path + "/" + name
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw POSIXError(.EACCES) }
        defer { Glibc.close(fd) }
        let bytes = Array(text.utf8)
        guard Glibc.write(fd, bytes, bytes.count) == bytes.count, fchmod(fd, mode) == 0 else { throw POSIXError(.EIO) }
        return file
    }

    func read(_ name: String) -> String {
        (try? String(contentsOfFile: path + "/" + name, encoding: .utf8)) ?? ""
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A named pipe a plugin script writes a line to when it has started. It is open for reading from the start
/// (so the script's write never blocks), and a thread waits on it, so a test can wait for the event itself
/// instead of polling for a file.
final class ArrivalPipe: @unchecked Sendable {
    let path: String
    let arrivals = Arrivals()

    init(path: String) throws {
        self.path = path
        guard mkfifo(path, 0o600) == 0 else { throw POSIXError(.EEXIST) }
        // Non-blocking, so the open does not wait for a writer. Until a writer has come, poll reports nothing
        // (no hang-up): the thread sleeps in poll until the script, or `close()`, opens the other end.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw POSIXError(.EACCES) }
        Thread { [arrivals] in
            var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            while poll(&waiting, 1, -1) < 0 && errno == EINTR {}
            var byte: UInt8 = 0
            if Glibc.read(fd, &byte, 1) == 1 { arrivals.note() }
            Glibc.close(fd)
        }.start()
    }

    /// Releases the waiting thread if no script ever wrote: a writer that opens and closes at once gives
    /// it a hang-up and nothing to read.
    func close() {
        let fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        if fd >= 0 { Glibc.close(fd) }
    }
}

/// Where a network notifier is pointed: a loopback server holding `conversation` with each client, or,
/// without one, a port that refuses connections.
struct LoopbackEndpoint: Sendable {
    let port: Int
    let arrivals: Arrivals
    let stop: @Sendable () -> Void

    init(_ conversation: (@Sendable (LoopbackConnection) -> Void)?) throws {
        if let conversation {
            let server = try LoopbackServer(conversation: conversation)
            (port, arrivals, stop) = (server.port, server.arrivals, { server.stop() })
        } else {
            let refusing = try RefusingPort()
            (port, arrivals, stop) = (refusing.port, Arrivals(), { refusing.close() })
        }
    }
}
