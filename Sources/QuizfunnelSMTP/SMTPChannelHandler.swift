import NIOCore
import NIOSSL
import NIOTLS

/// Reads the server's replies off the connection and hands each to the command waiting for it, in order.
///
/// It also carries out the STARTTLS upgrade, on the event loop in the same read that brought the server's 220: bytes
/// that came with that reply are refused (RFC 3207 §4.2; the "NO STARTTLS" attacks), and everything read after it goes
/// through the TLS handler put in front of this one, so no plaintext can slip in between.
final class SMTPChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private struct Expectation {
        var step: String
        var promise: EventLoopPromise<SMTPReply>
        var timeout: Scheduled<Void>?
        /// For STARTTLS: the TLS handler to put in front once the server has said 220.
        var upgrade: NIOSSLClientHandler?
    }

    private var expectations = CircularBuffer<Expectation>()
    /// STARTTLS answered; waiting for the handshake to finish.
    private var handshake: (expectation: Expectation, reply: SMTPReply)?
    private var buffer = ByteBuffer()
    private var parser = SMTPReplyParser()
    private var context: ChannelHandlerContext?
    private let greetingTimeout: TimeAmount
    private let transcript: (@Sendable (String) -> Void)?
    /// The server's first reply.
    private(set) var greeting: EventLoopFuture<SMTPReply>?

    init(greetingTimeout: TimeAmount, transcript: (@Sendable (String) -> Void)?) {
        self.greetingTimeout = greetingTimeout
        self.transcript = transcript
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        self.greeting = self.expect(step: "the greeting", timeout: self.greetingTimeout, upgrade: nil)
    }

    /// Registers what the next command waits for; call it before writing the command.
    func expect(step: String, timeout: TimeAmount, upgrade: NIOSSLClientHandler?) -> EventLoopFuture<SMTPReply> {
        let context = self.context!
        let promise = context.eventLoop.makePromise(of: SMTPReply.self)
        let scheduled = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            self.abort(SMTPError.timedOut(step: step))
        }
        self.expectations.append(Expectation(step: step, promise: promise, timeout: scheduled, upgrade: upgrade))
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = self.unwrapInboundIn(data)
        self.buffer.writeBuffer(&bytes)
        while let line = self.nextLine() {
            self.transcript?("S: \(line)")
            do {
                if let reply = try self.parser.take(line) { self.deliver(reply, context: context) }
            } catch {
                self.abort(SMTPError.malformedReply(line))
                return
            }
        }
        if self.buffer.readableBytes > 4096 { self.abort(SMTPError.malformedReply("a line of more than 4096 bytes")) }
    }

    private func nextLine() -> String? {
        let view = self.buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let length = newline - view.startIndex
        var line = self.buffer.readString(length: length) ?? ""
        self.buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        self.buffer.discardReadBytes()
        return line
    }

    private func deliver(_ reply: SMTPReply, context: ChannelHandlerContext) {
        guard let expectation = self.expectations.popFirst() else {
            self.abort(SMTPError.malformedReply("a reply nobody asked for: \(reply)"))
            return
        }
        expectation.timeout?.cancel()
        guard let upgrade = expectation.upgrade, reply.code == 220 else {
            expectation.promise.succeed(reply)
            return
        }
        guard self.buffer.readableBytes == 0 else {
            expectation.promise.fail(SMTPError.bytesInjectedBeforeTLS)
            self.abort(SMTPError.bytesInjectedBeforeTLS)
            return
        }
        do {
            try context.pipeline.syncOperations.addHandler(upgrade, position: .first)
        } catch {
            expectation.promise.fail(SMTPError.tls("\(error)"))
            self.abort(SMTPError.tls("\(error)"))
            return
        }
        var waiting = expectation
        waiting.step = "the TLS handshake"
        waiting.timeout = context.eventLoop.assumeIsolated().scheduleTask(in: self.greetingTimeout) {
            self.abort(SMTPError.timedOut(step: "the TLS handshake"))
        }
        self.handshake = (waiting, reply)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent, let (expectation, reply) = self.handshake {
            self.handshake = nil
            expectation.timeout?.cancel()
            expectation.promise.succeed(reply)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOSSLError || error is BoringSSLError {
            self.abort(SMTPError.tls(String(describing: error)))
        } else {
            self.abort(error as? SMTPError ?? SMTPError.connectionClosed(step: self.currentStep))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.failAll(SMTPError.connectionClosed(step: self.currentStep))
        context.fireChannelInactive()
    }

    private var currentStep: String {
        self.handshake?.expectation.step ?? self.expectations.first?.step ?? "the session"
    }

    /// Fails everything waiting with `error` and closes the connection.
    private func abort(_ error: any Error) {
        self.failAll(error)
        self.context?.close(promise: nil)
    }

    private func failAll(_ error: any Error) {
        if let (expectation, _) = self.handshake {
            self.handshake = nil
            expectation.timeout?.cancel()
            expectation.promise.fail(error)
        }
        while let expectation = self.expectations.popFirst() {
            expectation.timeout?.cancel()
            expectation.promise.fail(error)
        }
    }
}
