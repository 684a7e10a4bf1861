import QuizfunnelDomain

/// The first line of defence against bots, without third-party captchas.
public struct AbuseSettings: Sendable {
    /// Results and leads per client address; `nil` switches the limit off (for benchmarks).
    public var playLimit: RateLimit?
    /// Funnel event batches per client address (a play sends a handful).
    public var eventLimit: RateLimit?
    /// Lead submissions per email address, across quizzes, so nobody can flood someone else's inbox through the CRM.
    public var emailLimit: RateLimit?
    /// Take the client address from `X-Forwarded-For` (set only behind a proxy that writes it).
    public var trustsProxy: Bool
    /// Seconds a person needs at least between seeing their result and leaving an address; faster leads are bots and
    /// are dropped without telling them.
    public var minimumFillTime: Double

    public init(
        playLimit: RateLimit? = RateLimit(requests: 60, period: 60),
        eventLimit: RateLimit? = RateLimit(requests: 600, period: 60),
        emailLimit: RateLimit? = RateLimit(requests: 5, period: 3600),
        trustsProxy: Bool = false,
        minimumFillTime: Double = 2
    ) {
        self.playLimit = playLimit
        self.eventLimit = eventLimit
        self.emailLimit = emailLimit
        self.trustsProxy = trustsProxy
        self.minimumFillTime = minimumFillTime
    }

    /// No limits at all: for benchmarks and for tests that are not about abuse.
    public static let off = AbuseSettings(playLimit: nil, eventLimit: nil, emailLimit: nil, minimumFillTime: 0)
}
