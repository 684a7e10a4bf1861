import QuizfunnelDomain
import QuizfunnelSMTP

/// How the service mails: through which server, from whom, and the clocks of confirmations and retries.
public struct MailSettings: Sendable {
    /// `nil`: no server; every mail is kept as held and shown in the dashboard's Mail view.
    public var smtp: SMTPSettings?
    /// The sender of quizzes without `emails.from`.
    public var from: Mailbox?
    /// How long a confirmation link works.
    public var confirmationTTL: Double
    /// How long a pending lead is kept after its last confirmation mail.
    public var pendingRetention: Double
    /// The first retry waits about this long, each further one twice as long (with jitter), up to an hour.
    public var retryBase: Double
    /// Mails the whole service sends at most, to protect the sender's reputation; `nil` for no limit.
    public var rateLimit: RateLimit?
    /// Keep the confirming IP address and User-Agent with the consent proof (personal data: off by default).
    public var recordsConfirmationClient: Bool

    /// The sender used while no sender is configured and nothing is sent (held mails on a laptop).
    public static let placeholderSender = Mailbox(name: "quizfunnel", address: "no-reply@quizfunnel.invalid")

    public init(
        smtp: SMTPSettings? = nil,
        from: Mailbox? = nil,
        confirmationTTL: Double = 7 * 86_400,
        pendingRetention: Double = 30 * 86_400,
        retryBase: Double = 60,
        rateLimit: RateLimit? = RateLimit(requests: 1000, period: 3600),
        recordsConfirmationClient: Bool = false
    ) {
        self.smtp = smtp
        self.from = from
        self.confirmationTTL = confirmationTTL
        self.pendingRetention = pendingRetention
        self.retryBase = retryBase
        self.rateLimit = rateLimit
        self.recordsConfirmationClient = recordsConfirmationClient
    }

    /// Who `quiz`'s mails come from: its own `emails.from`, else `--mail-from`, else (only while nothing is sent) the
    /// placeholder.
    public func sender(of quiz: Quiz) -> Mailbox? {
        quiz.emails?.from ?? self.from ?? (self.smtp == nil ? Self.placeholderSender : nil)
    }

    /// The wait before attempt `attempt + 1`: exponential up to an hour, with "equal jitter".
    func delay(afterAttempt attempt: Int) -> Double {
        min(self.retryBase * Double(1 << min(attempt - 1, 30)), 3600) * Double.random(in: 0.5...1.0)
    }
}
