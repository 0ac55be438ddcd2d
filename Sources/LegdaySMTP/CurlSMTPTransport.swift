import CCurl
import Foundation
import LegdayNotify

/// Sends mail with libcurl's SMTP client, which does the protocol work legday should not redo: EHLO and
/// capability negotiation, STARTTLS without downgrade, SASL (PLAIN, LOGIN, XOAUTH2), certificate checks,
/// dot-stuffing and multi-line replies. See docs/email.md for why.
///
/// `curl_easy_perform` blocks, so each send runs on a thread of its own, never on the Swift concurrency
/// pool. Cancelling the calling task sets a flag that libcurl's progress callback checks several times a
/// second, which ends the transfer.
///
/// Copies of one transport share its `connections`: sends one after another go over one connection, which
/// is closed after `idleTimeout` without a send (see `CurlHandlePool`).
public struct CurlSMTPTransport: SMTPTransport {
    public let settings: SMTPServerSettings
    let connections: CurlHandlePool

    public init(settings: SMTPServerSettings, idleTimeout: Duration = .seconds(60)) {
        self.settings = settings
        connections = CurlHandlePool(idleTimeout: idleTimeout)
    }

    public func send(_ message: [UInt8], from sender: String, to recipients: [String]) async throws {
        let transfer = Transfer(body: message)
        let settings = self.settings
        let connections = self.connections
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let thread = Thread {
                    continuation.resume(with: Result {
                        try CurlSMTPTransport.perform(transfer, settings: settings, connections: connections,
                                                      from: sender, to: recipients)
                    })
                }
                thread.name = "legday-smtp"
                thread.start()
            }
        } onCancel: {
            transfer.cancel()
        }
    }

    private static let globalInit: CURLcode = legday_curl_global_init()

    /// Closes, with QUIT, the connections every SMTP notifier in this process keeps open; a command calls
    /// this before it exits. A later send simply connects again.
    public static func closeIdleConnections() {
        CurlHandlePool.closeAllIdle()
    }

    /// One blocking send. Throws `NotifierError`, or `CancellationError` when cancelled.
    static func perform(_ transfer: Transfer, settings: SMTPServerSettings, connections: CurlHandlePool,
                        from sender: String, to recipients: [String]) throws {
        guard globalInit == CURLE_OK else { throw NotifierError.temporary("libcurl could not be initialised") }
        let secret = try readSecret(settings)
        var recipientList: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients { recipientList = curl_slist_append(recipientList, "<\(recipient)>") }
        defer { curl_slist_free_all(recipientList) }

        func attempt(fresh: Bool) throws -> Failure? {
            guard let handle = connections.take(fresh: fresh, isCancelled: { transfer.isCancelled }) else {
                if transfer.isCancelled { throw CancellationError() }
                throw NotifierError.temporary("libcurl could not be initialised")
            }
            let failure = run(transfer, on: handle, settings: settings, secret: secret, from: sender,
                              recipients: recipientList, idleTimeout: connections.idleTimeout)
            if failure == nil { connections.keep(handle) } else { connections.discard(handle) }
            return failure
        }
        guard var failure = try attempt(fresh: false) else { return }
        if failure.onStaleConnection, !transfer.isCancelled {
            // The server closed the connection kept from the last send, and libcurl could not tell beforehand
            // (after a TLS close_notify the socket still looks readable). The server answered nothing on it,
            // so nothing was accepted: one more try on a new connection cannot send the mail twice.
            transfer.rewind()
            guard let retried = try attempt(fresh: true) else { return }
            failure = retried
        }
        if transfer.isCancelled { throw CancellationError() }
        throw SMTPFailure.classify(code: failure.code, reply: failure.reply, detail: failure.detail,
                                   lastReply: transfer.lastReply, settings: settings)
    }

    /// The password or token, read anew for every send so a rotated secret is picked up.
    private static func readSecret(_ settings: SMTPServerSettings) throws -> String? {
        switch settings.authentication {
        case .none:
            return nil
        case .password(_, let source), .oauth2(_, let source):
            do { return try source.read(timeout: settings.timeout) } catch {
                // A missing or badly protected secret file will not fix itself between retries.
                throw NotifierError.permanent(error.description)
            }
        }
    }

    /// What went wrong in one transfer, as libcurl saw it.
    struct Failure {
        var code: CURLcode
        var reply: Int
        var detail: String
        /// The transfer ran on a kept connection, and the server never replied on it.
        var onStaleConnection: Bool
    }

    /// One transfer on `curl`, whose connection cache may hold an open connection to the server.
    private static func run(_ transfer: Transfer, on curl: CurlHandlePool.Handle, settings: SMTPServerSettings,
                            secret: String?, from sender: String, recipients recipientList: UnsafeMutablePointer<curl_slist>?,
                            idleTimeout: Duration) -> Failure? {
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let transferPointer = Unmanaged.passUnretained(transfer).toOpaque()
        let result: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { buffer in
            let options = Options(curl)
            options.set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(buffer.baseAddress!))
            options.set(CURLOPT_URL, url(settings))
            options.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
            options.set(CURLOPT_USE_SSL, Int(settings.security == .none ? CURLUSESSL_NONE.rawValue : CURLUSESSL_ALL.rawValue))
            options.set(CURLOPT_SSL_VERIFYPEER, 1)
            options.set(CURLOPT_SSL_VERIFYHOST, 2)
            if let caFile = settings.caFile {
                // CAINFO alone would replace the system store; CAPATH keeps it, so the file is trusted "as well".
                options.set(CURLOPT_CAINFO, caFile)
                options.set(CURLOPT_CAPATH, "/etc/ssl/certs")
            }
            switch settings.authentication {
            case .none: break
            case .password(let username, _):
                options.set(CURLOPT_USERNAME, username)
                options.set(CURLOPT_PASSWORD, secret ?? "")
            case .oauth2(let username, _):
                options.set(CURLOPT_USERNAME, username)
                options.set(CURLOPT_XOAUTH2_BEARER, secret ?? "")
                options.set(CURLOPT_LOGIN_OPTIONS, "AUTH=XOAUTH2")
            }
            options.set(CURLOPT_MAIL_FROM, "<\(sender)>")
            options.set(CURLOPT_MAIL_RCPT, list: recipientList)
            options.set(CURLOPT_UPLOAD, 1)
            options.set(CURLOPT_INFILESIZE_LARGE, offset: curl_off_t(transfer.body.count))
            options.set(CURLOPT_READDATA, pointer: transferPointer)
            options.check(legday_curl_setopt_read_callback(curl, readBody))
            options.set(CURLOPT_HEADERDATA, pointer: transferPointer)
            options.check(legday_curl_setopt_header_callback(curl, recordReply))
            options.set(CURLOPT_NOPROGRESS, 0)
            options.set(CURLOPT_XFERINFODATA, pointer: transferPointer)
            options.check(legday_curl_setopt_xferinfo_callback(curl, checkCancelled))
            // Signals are process-wide; libcurl must not use them from a worker thread.
            options.set(CURLOPT_NOSIGNAL, 1)
            let seconds = max(1, Int(settings.timeout.components.seconds))
            options.set(CURLOPT_CONNECTTIMEOUT, seconds)
            options.set(CURLOPT_SERVER_RESPONSE_TIMEOUT, seconds)
            options.set(CURLOPT_LOW_SPEED_LIMIT, 1)
            options.set(CURLOPT_LOW_SPEED_TIME, seconds)
            options.set(CURLOPT_TIMEOUT, max(1, Int(settings.totalTimeout.components.seconds)))
            // libcurl's own limit on reusing an idle connection, in case the pool's sweep has not run yet.
            options.set(CURLOPT_MAXAGE_CONN, max(1, Int(idleTimeout.components.seconds)))
            guard options.failure == CURLE_OK else { return options.failure }
            return curl_easy_perform(curl)
        }
        guard result != CURLE_OK else { return nil }
        var reply = 0
        legday_curl_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &reply)
        var newConnections = 0
        legday_curl_getinfo_long(curl, CURLINFO_NUM_CONNECTS, &newConnections)
        let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return Failure(code: result, reply: reply, detail: detail,
                       onStaleConnection: newConnections == 0 && transfer.replyCount == 0 && result != CURLE_OPERATION_TIMEDOUT)
    }

    /// `smtp://host:port/ehlo-name` (libcurl takes the EHLO name from the URL's path).
    static func url(_ settings: SMTPServerSettings) -> String {
        let scheme = settings.security == .tls ? "smtps" : "smtp"
        let host = settings.host.contains(":") && !settings.host.hasPrefix("[") ? "[\(settings.host)]" : settings.host
        return "\(scheme)://\(host):\(settings.port)/\(settings.ehloName)"
    }
}

/// The state one transfer's callbacks share with the Swift side: the message being read out, the
/// cancellation flag, and the server's latest reply line (for error messages).
final class Transfer: @unchecked Sendable {
    let body: [UInt8]
    private(set) var offset = 0
    private let lock = NSLock()
    private var cancelled = false
    private var reply = ""
    private var replies = 0

    init(body: [UInt8]) { self.body = body }

    /// Back to the start of the body, for another try on a new connection.
    func rewind() {
        offset = 0
        lock.withLock { replies = 0 }
    }

    func cancel() { lock.withLock { cancelled = true } }
    var isCancelled: Bool { lock.withLock { cancelled } }

    var lastReply: String { lock.withLock { reply } }

    /// How many reply lines the server has sent in this try.
    var replyCount: Int { lock.withLock { replies } }

    func countReply() { lock.withLock { replies += 1 } }

    func record(reply line: String) { lock.withLock { reply = line } }

    /// Copies the next part of the body into libcurl's buffer; only libcurl's thread calls this.
    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, body.count - offset)
        guard count > 0 else { return 0 }
        body.withUnsafeBytes { bytes in
            UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}

private let readBody: curl_read_callback = { buffer, size, count, userdata in
    guard let buffer, let userdata else { return 0 }
    return Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue().read(into: buffer, capacity: size * count)
}

/// libcurl hands SMTP server replies to the header callback, one line at a time. Only the server's words
/// pass through here, never what legday sent, so no secret can end up in an error message.
private let recordReply: curl_write_callback = { data, size, count, userdata in
    guard let data, let userdata else { return size * count }
    let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
    let line = String(decoding: bytes.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    let code = line.prefix(3)
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    transfer.countReply()
    if let first = code.first, first == "4" || first == "5" {
        transfer.record(reply: line)
    }
    return size * count
}

private let checkCancelled: curl_xferinfo_callback = { userdata, _, _, _, _ in
    guard let userdata else { return 0 }
    return Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue().isCancelled ? 1 : 0
}

/// Typed `curl_easy_setopt` calls that remember the first failure, so setup reads as a list.
private final class Options {
    let curl: UnsafeMutableRawPointer
    private(set) var failure = CURLE_OK

    init(_ curl: UnsafeMutableRawPointer) { self.curl = curl }

    func check(_ code: CURLcode) { if failure == CURLE_OK && code != CURLE_OK { failure = code } }
    func set(_ option: CURLoption, _ value: Int) { check(legday_curl_setopt_long(curl, option, value)) }
    func set(_ option: CURLoption, _ value: String) { check(legday_curl_setopt_string(curl, option, value)) }
    func set(_ option: CURLoption, offset value: curl_off_t) { check(legday_curl_setopt_off(curl, option, value)) }
    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer) { check(legday_curl_setopt_pointer(curl, option, value)) }
    func set(_ option: CURLoption, list value: UnsafeMutablePointer<curl_slist>?) { check(legday_curl_setopt_slist(curl, option, value)) }
}
