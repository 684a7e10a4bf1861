/// How many requests one client may make in a period (`60/min`), or no limit (`off`).
public struct RateLimit: Sendable, Equatable, CustomStringConvertible {
    public var requests: Int
    /// The period in seconds.
    public var period: Double

    public init(requests: Int, period: Double) {
        self.requests = requests
        self.period = period
    }

    /// Parses `N/s`, `N/sec`, `N/min`, `N/h` or `N/hour`; `off` is `nil`.
    public static func parse(_ text: String) throws(FieldError) -> RateLimit? {
        let text = text.lowercased()
        if text == "off" { return nil }
        let parts = text.split(separator: "/", maxSplits: 1)
        let periods: [String: Double] = ["s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600]
        guard parts.count == 2, let requests = Int(parts[0]), requests > 0, let period = periods[String(parts[1])] else {
            throw FieldError(field: "rate-limit", message: "must be like 60/min, 5/s or 100/hour, or off")
        }
        return RateLimit(requests: requests, period: period)
    }

    public var description: String {
        switch self.period {
        case 1: "\(self.requests)/s"
        case 60: "\(self.requests)/min"
        case 3600: "\(self.requests)/hour"
        default: "\(self.requests)/\(self.period)s"
        }
    }

    /// Tokens added per second.
    var refillRate: Double { Double(self.requests) / self.period }
}

/// A token bucket: holds up to `limit.requests` tokens, refills at the limit's rate, and each request takes one.
/// A full bucket lets a burst of `requests` through; after that, requests pass at the sustained rate.
public struct TokenBucket: Sendable, Equatable {
    public let limit: RateLimit
    private var tokens: Double
    private var updatedAt: Double

    /// A full bucket at time `now` (seconds on any monotonic clock).
    public init(limit: RateLimit, now: Double) {
        self.limit = limit
        self.tokens = Double(limit.requests)
        self.updatedAt = now
    }

    /// Takes a token if there is one; otherwise returns the seconds until there will be.
    public mutating func take(now: Double) -> TakeResult {
        self.refill(now: now)
        guard self.tokens >= 1 else {
            return .refused(retryAfter: (1 - self.tokens) / self.limit.refillRate)
        }
        self.tokens -= 1
        return .allowed
    }

    /// True when the bucket would be full at `now`: forgetting it changes nothing.
    public func isFull(now: Double) -> Bool {
        self.tokens + (now - self.updatedAt) * self.limit.refillRate >= Double(self.limit.requests)
    }

    private mutating func refill(now: Double) {
        let elapsed = max(0, now - self.updatedAt)
        self.tokens = min(Double(self.limit.requests), self.tokens + elapsed * self.limit.refillRate)
        self.updatedAt = now
    }

    public enum TakeResult: Sendable, Equatable {
        case allowed
        case refused(retryAfter: Double)
    }
}
