import CCurl
import Foundation
import LegdayCore
import LegdayNotify
import Testing
@testable import LegdaySMTP

@Suite struct SMTPFailureTests {
    let settings = SMTPServerSettings(host: "smtp.example.org", port: 587, ehloName: "box")

    func classify(_ code: CURLcode, reply: Int = 0, lastReply: String = "") -> NotifierError {
        SMTPFailure.classify(code: code, reply: reply, detail: "", lastReply: lastReply, settings: settings)
    }

    @Test func mapping() {
        #expect(classify(CURLE_LOGIN_DENIED, reply: 535).kind == .permanent)
        #expect(classify(CURLE_LOGIN_DENIED, reply: 454).kind == .temporary)
        #expect(classify(CURLE_SEND_ERROR, reply: 550, lastReply: "550 5.1.1 unknown user").kind == .permanent)
        #expect(classify(CURLE_SEND_ERROR, reply: 550, lastReply: "550 5.1.1 unknown user").message.contains("unknown user"))
        #expect(classify(CURLE_SEND_ERROR, reply: 452).kind == .temporary)
        #expect(classify(CURLE_WEIRD_SERVER_REPLY, reply: 554).kind == .permanent)
        #expect(classify(CURLE_COULDNT_CONNECT).kind == .temporary)
        #expect(classify(CURLE_OPERATION_TIMEDOUT, reply: 250).kind == .temporary)
        #expect(classify(CURLE_COULDNT_RESOLVE_HOST).kind == .temporary)
        #expect(classify(CURLE_PEER_FAILED_VERIFICATION).kind == .permanent)
        let noTLS = classify(CURLE_USE_SSL_FAILED, reply: 250)
        #expect(noTLS.kind == .permanent && noTLS.message.contains("STARTTLS") && noTLS.message.contains("nothing was sent"))
    }
}

/// Keeps what the notifier hands over, so the notifier's part can be checked without a network.
actor RecordingTransport: SMTPTransport {
    var sent: [(message: [UInt8], from: String, to: [String])] = []
    func send(_ message: [UInt8], from sender: String, to recipients: [String]) async throws {
        sent.append((message, sender, recipients))
    }
}

@Suite struct SMTPNotifierTests {
    @Test func sendsTheReminderWithTheEnvelopeFromConfig() async throws {
        let transport = RecordingTransport()
        let fixed = Date(timeIntervalSince1970: 1_795_417_200)
        let notifier = SMTPNotifier(name: "mail", from: Sample.from, to: Sample.to + [MailAddress(address: "coach@example.net")],
                                    transport: transport, now: { fixed })
        let reminder = Sample.reminder()
        let context = DeliveryContext(deliveryID: DeliveryContext.deliveryID(reminder: reminder, notifier: "mail"))
        try await notifier.send(reminder, context: context)
        let sent = await transport.sent
        #expect(sent.count == 1)
        #expect(sent.first?.from == "legday@example.org")
        #expect(sent.first?.to == ["runner@example.org", "coach@example.net"])
        #expect(sent.first?.message == notifier.message(for: reminder, context: context).rendered())
    }
}

/// The libcurl transport against a listener on loopback that never answers: cancelling the task ends
/// the blocked transfer at once, long before the server timeout.
@Suite struct CurlCancellationTests {
    @Test func cancellingTheTaskEndsABlockedTransfer() async throws {
        let listener = try SilentListener()
        let transport = CurlSMTPTransport(settings: SMTPServerSettings(
            host: "127.0.0.1", port: listener.port, security: .none, timeout: .seconds(120), ehloName: "box"))
        let task = Task { try await transport.send(Array("Subject: x\r\n\r\nx\r\n".utf8), from: "a@example.org", to: ["b@example.org"]) }
        try await listener.waitForConnection()
        let started = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}

/// A TCP socket on 127.0.0.1 that accepts and stays silent.
final class SilentListener: @unchecked Sendable {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 4) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Waits (on a worker thread) until the client has connected, and keeps the connection open.
    func waitForConnection() async throws {
        let fd = self.fd
        let client: Int32 = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: accept(fd, nil, nil)) }.start()
        }
        guard client >= 0 else { throw POSIXError(.ECONNABORTED) }
        accepted = client
    }

    private var accepted: Int32 = -1

    deinit {
        if accepted >= 0 { close(accepted) }
        close(fd)
    }
}
