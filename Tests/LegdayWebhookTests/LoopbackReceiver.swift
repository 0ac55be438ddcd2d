import Foundation
import Testing

/// Tests/integration/webhook_receiver.py, run as a child process: a real HTTP server on 127.0.0.1 that checks
/// each request's signature with the reference `standardwebhooks` package and logs what it got.
final class LoopbackReceiver {
    struct Request: Decodable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String
        /// Which of the receiver's secrets the signature verifies with (indices into `secrets`).
        var verifiedWith: [Int]
        var verifyError: String

        enum CodingKeys: String, CodingKey {
            case method, path, headers, body, verifiedWith = "verified_with", verifyError = "verify_error"
        }
    }

    let port: Int
    private let process: Process
    private let logPath: String
    private let directory: String

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("integration/webhook_receiver.py").path
    }

    /// Starts the receiver; it verifies signatures against `secrets`.
    init(secrets: [String]) throws {
        directory = try Fixture.temporaryDirectory()
        logPath = directory + "/requests.jsonl"
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script]
        var environment = ProcessInfo.processInfo.environment
        environment["RECEIVER_LOG"] = logPath
        environment["WEBHOOK_SECRETS"] = secrets.joined(separator: " ")
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        try process.run()

        // The first line is `PORT <n>`, printed once the socket listens.
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line += byte
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            process.terminate()
            throw ReceiverFailed(message: "webhook_receiver.py did not start (said \(text.debugDescription)); "
                + "is `standardwebhooks` installed (Tests/integration/requirements.txt)?")
        }
        self.port = port
    }

    struct ReceiverFailed: Error { var message: String }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Every request received so far, oldest first.
    func requests() throws -> [Request] {
        guard let data = FileManager.default.contents(atPath: logPath) else { return [] }
        return try data.split(separator: UInt8(ascii: "\n")).map {
            try JSONDecoder().decode(Request.self, from: Data($0))
        }
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
