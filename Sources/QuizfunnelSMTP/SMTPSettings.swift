import Foundation

/// Where and how to hand mails over: the operator's relay or a provider's submission port.
public struct SMTPSettings: Sendable, Equatable {
    /// How the connection is protected.
    public enum Security: String, Sendable, Equatable {
        /// TLS from the first byte (`smtps://`, usually port 465; RFC 8314).
        case implicitTLS
        /// A plaintext greeting, then STARTTLS, required (`smtp://`, usually port 587; RFC 3207).
        case startTLS
        /// No TLS at all (`smtp://…?tls=none`), only for a server on this machine.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var user: String?
    /// Never part of the URL: it comes from `QUIZFUNNEL_SMTP_PASSWORD`.
    public var password: String?
    /// A PEM file of the CA certificates to trust instead of the system's (a private CA).
    public var caFile: String?
    /// The name this client gives in `EHLO`.
    public var heloName: String
    public var timeouts: SMTPTimeouts

    public init(
        host: String,
        port: Int,
        security: Security,
        user: String? = nil,
        password: String? = nil,
        caFile: String? = nil,
        heloName: String = "localhost",
        timeouts: SMTPTimeouts = SMTPTimeouts()
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.user = user
        self.password = password
        self.caFile = caFile
        self.heloName = heloName
        self.timeouts = timeouts
    }

    /// Why an `--smtp` URL is not usable.
    public struct URLError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Reads `smtps://user@host:465`, `smtp://user@host:587` or `smtp://host:25?tls=none` (loopback only). A password in
    /// the URL is refused: it would end up in shell histories and process lists.
    public init(url text: String, password: String? = nil) throws(URLError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { throw URLError(description: "\(Self.redacted(text)) is not a URL such as smtps://user@mail.example.com:465") }
        guard components.password == nil else {
            throw URLError(description: "the SMTP URL must not hold the password: put it in QUIZFUNNEL_SMTP_PASSWORD")
        }
        let tls = components.queryItems?.first { $0.name == "tls" }?.value
        let security: Security
        switch (scheme, tls) {
        case ("smtps", nil): security = .implicitTLS
        case ("smtp", nil): security = .startTLS
        case ("smtp", "none"?):
            guard Self.isLoopback(host) else {
                throw URLError(description: "?tls=none is only allowed for a server on this machine (localhost, 127.0.0.1, ::1)")
            }
            security = .none
        default:
            throw URLError(description: "use smtps:// (implicit TLS), smtp:// (STARTTLS) or smtp://…?tls=none for a local server")
        }
        let user = components.user.flatMap { $0.removingPercentEncoding ?? $0 }
        self.init(
            host: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")),
            port: components.port ?? (security == .implicitTLS ? 465 : security == .startTLS ? 587 : 25),
            security: security,
            user: user?.isEmpty == true ? nil : user,
            password: password
        )
    }

    /// `smtps://user@host:465`, as logs and the dashboard may show it.
    public var displayURL: String {
        let scheme = self.security == .implicitTLS ? "smtps" : "smtp"
        let user = self.user.map { "\($0)@" } ?? ""
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "\(scheme)://\(user)\(host):\(self.port)" + (self.security == .none ? "?tls=none" : "")
    }

    static func isLoopback(_ host: String) -> Bool {
        ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host.lowercased()) || host.hasPrefix("127.")
    }

    private static func redacted(_ text: String) -> String {
        guard let at = text.firstIndex(of: "@"), let scheme = text.range(of: "://") else { return text }
        return String(text[..<scheme.upperBound]) + "…" + String(text[at...])
    }
}

/// How long each step may take before the attempt is given up (RFC 5321 §4.5.3.2 suggests minutes; a relay that
/// hangs must not hold the outbox that long).
public struct SMTPTimeouts: Sendable, Equatable {
    public var connect: Duration
    public var greeting: Duration
    public var command: Duration
    /// From the final `.` to the server's reply, when it has taken the whole message.
    public var dataEnd: Duration

    public init(
        connect: Duration = .seconds(15),
        greeting: Duration = .seconds(60),
        command: Duration = .seconds(60),
        dataEnd: Duration = .seconds(120)
    ) {
        self.connect = connect
        self.greeting = greeting
        self.command = command
        self.dataEnd = dataEnd
    }

    /// Every step the same, for tests.
    public static func all(_ duration: Duration) -> SMTPTimeouts {
        SMTPTimeouts(connect: duration, greeting: duration, command: duration, dataEnd: duration)
    }
}
