import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A small HTTP server on 127.0.0.1 that serves one calendar the way calendar services do: with an ETag and
/// Last-Modified, answering conditional requests with 304, and failing on demand.
final class CalendarServer: Sendable {
    struct State {
        var body: String
        var etag: String
        var lastModified = "Sun, 22 Nov 2026 06:00:00 GMT"
        var failWith: HTTPResponseStatus?
        /// Answer every request with a 302 to this address.
        var redirectTo: String?
        /// Send the headers and the first byte of the body, then nothing more (the connection stays open).
        var trickle = false
        /// Every request's path and conditional headers, in order.
        var requests: [(path: String, ifNoneMatch: String?, ifModifiedSince: String?)] = []
    }

    let state: Mutex<State>
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let channel: Mutex<(any Channel)?> = Mutex(nil)

    init(body: String, etag: String) {
        state = Mutex(State(body: body, etag: etag))
    }

    /// Starts listening on a free loopback port and returns it.
    func start() async throws -> Int {
        let server = self
        let bound = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(CalendarHandler(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        channel.withLock { $0 = bound }
        return bound.localAddress?.port ?? 0
    }

    /// Stops listening: later requests meet a refused connection, as when the network is down.
    func stop() async throws {
        let open = channel.withLock { current -> (any Channel)? in
            defer { current = nil }
            return current
        }
        try await open?.close()
        try await group.shutdownGracefully()
    }

    func respond(to head: HTTPRequestHead) -> (HTTPResponseStatus, HTTPHeaders, String) {
        state.withLock { state in
            state.requests.append((head.uri, head.headers.first(name: "If-None-Match"),
                                   head.headers.first(name: "If-Modified-Since")))
            var headers = HTTPHeaders()
            headers.add(name: "Connection", value: "close")
            if let failure = state.failWith { return (failure, headers, "unavailable") }
            if let target = state.redirectTo {
                headers.add(name: "Location", value: target)
                return (.found, headers, "")
            }
            headers.add(name: "ETag", value: state.etag)
            headers.add(name: "Last-Modified", value: state.lastModified)
            if head.headers.first(name: "If-None-Match") == state.etag { return (.notModified, headers, "") }
            headers.add(name: "Content-Type", value: "text/calendar; charset=utf-8")
            return (.ok, headers, state.body)
        }
    }
}

private final class CalendarHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let server: CalendarServer
    private var head: HTTPRequestHead?

    init(server: CalendarServer) {
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
        case .body:
            break
        case .end:
            guard let head else { return }
            let (status, given, body) = server.respond(to: head)
            var headers = given
            if server.state.withLock({ $0.trickle }) {
                headers.add(name: "Content-Length", value: "\(body.utf8.count)")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: String(body.prefix(1)))))), promise: nil)
                return
            }
            headers.add(name: "Content-Length", value: "\(status == .notModified ? 0 : body.utf8.count)")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
            if status != .notModified { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil) }
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in loopBound.value.close(promise: nil) }
        }
    }
}
