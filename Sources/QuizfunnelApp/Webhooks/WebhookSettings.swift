/// Where lead events are pushed, how they are signed, and how long failed deliveries are retried.
public struct WebhookSettings: Sendable {
    public var endpoints: [String]
    public var signer: WebhookSigner?
    /// The first retry waits about this long; each further one twice as long (with jitter), up to `retryCap`.
    public var retryBase: Double
    public var retryCap: Double
    /// An event still undelivered this long after it was created is given up (at least 24 hours, as promised).
    public var retryWindow: Double

    public init(
        endpoints: [String] = [],
        signer: WebhookSigner? = nil,
        retryBase: Double = 5,
        retryCap: Double = 3600,
        retryWindow: Double = 72 * 3600
    ) {
        self.endpoints = endpoints
        self.signer = signer
        self.retryBase = retryBase
        self.retryCap = retryCap
        self.retryWindow = max(retryWindow, 24 * 3600)
    }

    /// The wait before attempt `attempt + 1`: exponential, capped, with "equal jitter" (between half and all of it)
    /// so receivers coming back are not hit by every sender at once.
    func delay(afterAttempt attempt: Int) -> Double {
        let exponential = min(self.retryBase * Double(1 << min(attempt - 1, 30)), self.retryCap)
        return exponential * Double.random(in: 0.5...1.0)
    }
}
