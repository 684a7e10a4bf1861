import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// One TCP connection to the server: writes commands and waits for their replies, each with its own timeout.
final class SMTPConnection: Sendable {
    private let channel: any Channel
    private let handler: NIOLoopBound<SMTPChannelHandler>
    private let transcript: (@Sendable (String) -> Void)?
    /// Put in front of the pipeline by `STARTTLS`, or there from the start for implicit TLS.
    private let tls: (context: NIOSSLContext, serverHostname: String?)?
    let greeting: EventLoopFuture<SMTPReply>

    private init(
        channel: any Channel,
        handler: NIOLoopBound<SMTPChannelHandler>,
        greeting: EventLoopFuture<SMTPReply>,
        tls: (context: NIOSSLContext, serverHostname: String?)?,
        transcript: (@Sendable (String) -> Void)?
    ) {
        self.channel = channel
        self.handler = handler
        self.greeting = greeting
        self.tls = tls
        self.transcript = transcript
    }

    static func open(settings: SMTPSettings, transcript: (@Sendable (String) -> Void)?) async throws -> SMTPConnection {
        let tls = try settings.security == .none ? nil : (Self.tlsContext(caFile: settings.caFile), Self.serverHostname(settings.host))
        let implicitTLS = settings.security == .implicitTLS ? tls : nil
        let greetingTimeout = TimeAmount(settings.timeouts.greeting)
        // The handler is taken from inside the initializer: a connection the server drops at once (a refused
        // certificate) may have left the pipeline by the time `connect` returns.
        let made = NIOLockedValueBox<(NIOLoopBound<SMTPChannelHandler>, EventLoopFuture<SMTPReply>)?>(nil)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(TimeAmount(settings.timeouts.connect))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let (context, hostname) = implicitTLS {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: hostname))
                        }
                        let handler = SMTPChannelHandler(greetingTimeout: greetingTimeout, transcript: transcript)
                        try channel.pipeline.syncOperations.addHandler(handler)
                        made.withLockedValue { $0 = (NIOLoopBound(handler, eventLoop: channel.eventLoop), handler.greeting!) }
                    }
                }
                .connect(host: settings.host, port: settings.port)
                .get()
        } catch {
            throw SMTPError.cannotConnect(host: settings.host, port: settings.port, reason: Self.describe(error))
        }
        guard let (handler, greeting) = made.withLockedValue({ $0 }) else {
            throw SMTPError.connectionClosed(step: "the greeting")
        }
        transcript?("connected to \(settings.host):\(settings.port)" + (implicitTLS != nil ? " with TLS" : ""))
        return SMTPConnection(channel: channel, handler: handler, greeting: greeting, tls: tls, transcript: transcript)
    }

    /// Sends `line` (with CRLF) and waits for the reply; `logged` is what the transcript shows instead of the line
    /// (for AUTH).
    func command(_ line: String, logged: String? = nil, step: String, timeout: Duration) async throws -> SMTPReply {
        self.transcript?("C: \(logged ?? line)")
        return try await self.send(ByteBuffer(string: line + "\r\n"), step: step, timeout: timeout, startsTLS: false)
    }

    /// `STARTTLS`, then the TLS handshake before anything else is read.
    func startTLS(timeout: Duration) async throws -> SMTPReply {
        self.transcript?("C: STARTTLS")
        return try await self.send(ByteBuffer(string: "STARTTLS\r\n"), step: "STARTTLS", timeout: timeout, startsTLS: true)
    }

    /// The message after `DATA`'s 354: every line starting with "." gets another (RFC 5321 §4.5.2), then `CRLF.CRLF`.
    func data(_ message: String, timeout: Duration) async throws -> SMTPReply {
        var lines = message.split(separator: "\r\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(message.utf8.count + 64)
        for line in lines {
            if line.hasPrefix(".") { buffer.writeString(".") }
            buffer.writeSubstring(line)
            buffer.writeString("\r\n")
        }
        buffer.writeString(".\r\n")
        self.transcript?("C: (message, \(buffer.readableBytes) bytes)")
        return try await self.send(buffer, step: "the end of the message", timeout: timeout, startsTLS: false)
    }

    private func send(_ bytes: ByteBuffer, step: String, timeout: Duration, startsTLS: Bool) async throws -> SMTPReply {
        let (channel, handler, tls) = (self.channel, self.handler, self.tls)
        let amount = TimeAmount(timeout)
        let reply = try await channel.eventLoop.flatSubmit {
            do {
                let upgrade = try startsTLS ? tls.map { try NIOSSLClientHandler(context: $0.context, serverHostname: $0.serverHostname) } : nil
                let reply = handler.value.expect(step: step, timeout: amount, upgrade: upgrade)
                channel.writeAndFlush(bytes, promise: nil)
                return reply
            } catch {
                return channel.eventLoop.makeFailedFuture(SMTPError.tls("\(error)"))
            }
        }.get()
        return reply
    }

    func close() async {
        try? await self.channel.close()
    }

    private static func tlsContext(caFile: String?) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .fullVerification
        configuration.minimumTLSVersion = .tlsv12
        if let caFile { configuration.trustRoots = .file(caFile) }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw SMTPError.tls("cannot use the CA file: \(error)")
        }
    }

    /// The name sent in SNI and checked against the certificate; `nil` for an IP address, which is checked as an IP.
    private static func serverHostname(_ host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case is NIOConnectionError: "the host is unknown or unreachable (\(error))"
        case let error as IOError: "connection refused or unreachable (\(error.description))"
        case is ChannelError: "no answer in time"
        default: "\(error)"
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
