import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// An SMTP server on 127.0.0.1 that answers from a script, for the failures a real server seldom shows on demand.
public final class ScriptedSMTPServer: Sendable {
    /// What the server does with one line from the client.
    public enum Action: Sendable {
        /// Writes this reply line (CRLF added).
        case reply(String)
        /// Writes the bytes exactly as given, in one write.
        case raw(String)
        /// Answers `220`, then speaks TLS.
        case startTLS
        /// Says nothing: the client's timeout must fire.
        case silence
        case close
    }

    public let port: Int
    private let channel: any Channel
    private let received = Transcript()

    /// `greeting` is written on connect (`nil`: silence); `script` answers every line, the message data too (each line
    /// of it, and `.` at its end).
    public init(
        greeting: String? = "220 scripted.test ESMTP",
        tls: NIOSSLContext? = nil,
        implicitTLS: Bool = false,
        script: @escaping @Sendable (String) -> Action
    )
        async throws
    {
        let received = self.received
        self.channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicitTLS, let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.addHandler(
                        ScriptHandler(greeting: greeting, tls: tls, script: script, record: received.record)
                    )
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        self.port = self.channel.localAddress!.port!
    }

    /// Every line the client sent, in order.
    public var lines: [String] { self.received.all }

    public func stop() async {
        try? await self.channel.close()
    }
}

private final class ScriptHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let greeting: String?
    let tls: NIOSSLContext?
    let script: @Sendable (String) -> ScriptedSMTPServer.Action
    let record: @Sendable (String) -> Void
    private var buffer = ByteBuffer()

    public init(
        greeting: String?,
        tls: NIOSSLContext?,
        script: @escaping @Sendable (String) -> ScriptedSMTPServer.Action,
        record: @escaping @Sendable (String) -> Void
    ) {
        self.greeting = greeting
        self.tls = tls
        self.script = script
        self.record = record
    }

    func channelActive(context: ChannelHandlerContext) {
        if let greeting { self.write(greeting + "\r\n", context: context) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = self.unwrapInboundIn(data)
        self.buffer.writeBuffer(&bytes)
        while let newline = self.buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            var line = self.buffer.readString(length: newline - self.buffer.readerIndex + 1)!
            line.removeLast()
            if line.hasSuffix("\r") { line.removeLast() }
            self.record(line)
            switch self.script(line) {
            case .reply(let line):
                self.write(line + "\r\n", context: context)
            case .raw(let text):
                self.write(text, context: context)
            case .startTLS:
                self.write("220 2.0.0 Ready to start TLS\r\n", context: context)
                if let tls = self.tls { try? context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls), position: .first) }
            case .silence:
                break
            case .close:
                context.close(promise: nil)
                return
            }
        }
    }

    private func write(_ text: String, context: ChannelHandlerContext) {
        context.writeAndFlush(self.wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
    }
}
