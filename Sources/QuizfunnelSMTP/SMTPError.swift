/// Why a mail could not be handed to the server, in one line a person can act on.
public enum SMTPError: Error, Sendable, CustomStringConvertible {
    /// The host could not be resolved or reached.
    case cannotConnect(host: String, port: Int, reason: String)
    /// The server did not answer `step` in time.
    case timedOut(step: String)
    /// The server closed the connection while `step` waited for its reply.
    case connectionClosed(step: String)
    /// The server refused `step`.
    case rejected(step: String, reply: SMTPReply)
    /// TLS was asked for (`smtp://`), and the server does not offer STARTTLS: nothing is sent in plaintext.
    case startTLSNotOffered
    /// The server sent bytes after its STARTTLS reply and before the TLS handshake: a known injection attack.
    case bytesInjectedBeforeTLS
    /// The TLS handshake failed: most often a certificate that does not match the host or is not trusted.
    case tls(String)
    /// The user name or password was refused.
    case authenticationFailed(SMTPReply)
    /// The server offers neither AUTH PLAIN nor AUTH LOGIN.
    case authenticationNotOffered
    /// A user name was given for a connection without TLS: the password would travel in plaintext.
    case authenticationNeedsTLS
    /// A reply that is not SMTP.
    case malformedReply(String)

    /// True when a later attempt may succeed without anything changing about this recipient.
    public var isTransient: Bool {
        if case .rejected(_, let reply) = self { return !reply.isPermanent }
        return true
    }

    /// The server's reply when there is one.
    public var reply: SMTPReply? {
        switch self {
        case .rejected(_, let reply), .authenticationFailed(let reply): reply
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .cannotConnect(let host, let port, let reason):
            "cannot connect to \(host):\(port): \(reason)"
        case .timedOut(let step):
            "the server did not answer \(step) in time"
        case .connectionClosed(let step):
            "the server closed the connection during \(step)"
        case .rejected(let step, let reply):
            "the server refused \(step): \(reply)"
        case .startTLSNotOffered:
            "the server does not offer STARTTLS, and smtp:// requires it (use ?tls=none only for a server on this machine)"
        case .bytesInjectedBeforeTLS:
            "the server sent data between its STARTTLS reply and the TLS handshake (a STARTTLS injection); aborted"
        case .tls(let reason):
            "TLS failed: \(reason) (a private CA needs --smtp-ca-file)"
        case .authenticationFailed(let reply):
            "the user name or password was refused: \(reply) (the password comes from QUIZFUNNEL_SMTP_PASSWORD)"
        case .authenticationNotOffered:
            "the server offers neither AUTH PLAIN nor AUTH LOGIN"
        case .authenticationNeedsTLS:
            "a user name needs TLS (smtps:// or smtp:// with STARTTLS): the password is never sent in plaintext"
        case .malformedReply(let line):
            "the server's reply is not SMTP: \(line.prefix(80))"
        }
    }
}
