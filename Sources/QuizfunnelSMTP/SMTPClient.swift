import Foundation

/// Hands mails to the operator's SMTP server: TLS as configured (never falling back to plaintext), AUTH only over TLS,
/// then `MAIL FROM`, `RCPT TO` and `DATA` for each mail.
public struct SMTPClient: Sendable {
    public let settings: SMTPSettings

    public init(settings: SMTPSettings) {
        self.settings = settings
    }

    /// Connects, greets, secures and authenticates a session that can send several mails. `transcript` sees every line
    /// of the dialogue, with AUTH's secrets redacted.
    public func connect(transcript: (@Sendable (String) -> Void)? = nil) async throws -> SMTPSession {
        let connection = try await SMTPConnection.open(settings: self.settings, transcript: transcript)
        do {
            return try await SMTPSession.open(connection, settings: self.settings)
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Sends one mail in a session of its own.
    public func send(_ envelope: SMTPEnvelope, transcript: (@Sendable (String) -> Void)? = nil) async throws -> SMTPReply {
        let session = try await self.connect(transcript: transcript)
        do {
            let reply = try await session.send(envelope)
            await session.quit()
            return reply
        } catch {
            await session.close()
            throw error
        }
    }
}

/// The sender, the recipient and the message (RFC 5322 text with CRLF line ends).
public struct SMTPEnvelope: Sendable {
    public var from: String
    public var to: String
    public var message: String

    public init(from: String, to: String, message: String) {
        self.from = from
        self.to = to
        self.message = message
    }
}

/// A greeted, secured and authenticated connection; send one mail at a time.
public final class SMTPSession: Sendable {
    private let connection: SMTPConnection
    private let timeouts: SMTPTimeouts
    /// The `EHLO` keywords the server offers (after STARTTLS, the second `EHLO`'s).
    public let capabilities: Set<String>

    private init(connection: SMTPConnection, timeouts: SMTPTimeouts, capabilities: Set<String>) {
        self.connection = connection
        self.timeouts = timeouts
        self.capabilities = capabilities
    }

    static func open(_ connection: SMTPConnection, settings: SMTPSettings) async throws -> SMTPSession {
        let timeout = settings.timeouts.command
        let greeting = try await connection.greeting.get()
        guard greeting.code == 220 else { throw SMTPError.rejected(step: "the connection", reply: greeting) }
        var capabilities = try await Self.hello(connection, name: settings.heloName, timeout: timeout)
        if settings.security == .startTLS {
            guard capabilities.contains("STARTTLS") else { throw SMTPError.startTLSNotOffered }
            let reply = try await connection.startTLS(timeout: timeout)
            guard reply.code == 220 else { throw SMTPError.rejected(step: "STARTTLS", reply: reply) }
            // RFC 3207 §4.2: forget what the server said before TLS and ask again.
            capabilities = try await Self.hello(connection, name: settings.heloName, timeout: timeout)
        }
        if let user = settings.user {
            guard settings.security != .none else { throw SMTPError.authenticationNeedsTLS }
            try await Self.authenticate(connection, user: user, password: settings.password ?? "", capabilities: capabilities, timeout: timeout)
        }
        return SMTPSession(connection: connection, timeouts: settings.timeouts, capabilities: capabilities)
    }

    private static func hello(_ connection: SMTPConnection, name: String, timeout: Duration) async throws -> Set<String> {
        let reply = try await connection.command("EHLO \(name)", step: "EHLO", timeout: timeout)
        guard reply.code == 250 else { throw SMTPError.rejected(step: "EHLO", reply: reply) }
        var capabilities: Set<String> = []
        for line in reply.lines.dropFirst() {
            let words = line.uppercased().split(separator: " ")
            guard let keyword = words.first else { continue }
            capabilities.insert(String(keyword))
            if keyword == "AUTH" { capabilities.formUnion(words.dropFirst().map { "AUTH=\($0)" }) }
        }
        return capabilities
    }

    /// AUTH PLAIN as an initial response (RFC 4954), or AUTH LOGIN; only ever on a TLS connection, which `open`
    /// guarantees: `smtp://` without TLS is only allowed to a local server without a user.
    private static func authenticate(
        _ connection: SMTPConnection,
        user: String,
        password: String,
        capabilities: Set<String>,
        timeout: Duration
    ) async throws {
        func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
        let reply: SMTPReply
        if capabilities.contains("AUTH=PLAIN") {
            reply = try await connection.command(
                "AUTH PLAIN \(base64("\0\(user)\0\(password)"))",
                logged: "AUTH PLAIN <redacted>",
                step: "AUTH",
                timeout: timeout
            )
        } else if capabilities.contains("AUTH=LOGIN") {
            let challenge = try await connection.command("AUTH LOGIN", step: "AUTH", timeout: timeout)
            guard challenge.code == 334 else { throw SMTPError.authenticationFailed(challenge) }
            let next = try await connection.command(base64(user), logged: "<redacted user>", step: "AUTH", timeout: timeout)
            guard next.code == 334 else { throw SMTPError.authenticationFailed(next) }
            reply = try await connection.command(base64(password), logged: "<redacted password>", step: "AUTH", timeout: timeout)
        } else {
            throw SMTPError.authenticationNotOffered
        }
        guard reply.code == 235 else { throw SMTPError.authenticationFailed(reply) }
    }

    /// Sends one mail; returns the server's reply to the final `.`, which holds its queue id.
    public func send(_ envelope: SMTPEnvelope) async throws -> SMTPReply {
        let timeout = self.timeouts.command
        let mail = try await self.connection.command("MAIL FROM:<\(envelope.from)>", step: "MAIL FROM", timeout: timeout)
        guard mail.code == 250 else { return try await self.reset(after: SMTPError.rejected(step: "MAIL FROM", reply: mail)) }
        let recipient = try await self.connection.command("RCPT TO:<\(envelope.to)>", step: "RCPT TO", timeout: timeout)
        guard recipient.code == 250 || recipient.code == 251 else {
            return try await self.reset(after: SMTPError.rejected(step: "RCPT TO", reply: recipient))
        }
        let data = try await self.connection.command("DATA", step: "DATA", timeout: timeout)
        guard data.code == 354 else { return try await self.reset(after: SMTPError.rejected(step: "DATA", reply: data)) }
        let accepted = try await self.connection.data(envelope.message, timeout: self.timeouts.dataEnd)
        guard accepted.code == 250 else { throw SMTPError.rejected(step: "the message", reply: accepted) }
        return accepted
    }

    /// `RSET` after a refused mail, so the session can send the next one; then throws `error`.
    private func reset(after error: SMTPError) async throws -> SMTPReply {
        _ = try? await self.connection.command("RSET", step: "RSET", timeout: self.timeouts.command)
        throw error
    }

    /// `QUIT`, then closes.
    public func quit() async {
        _ = try? await self.connection.command("QUIT", step: "QUIT", timeout: self.timeouts.command)
        await self.connection.close()
    }

    /// Closes without `QUIT` (after an error).
    public func close() async {
        await self.connection.close()
    }
}
