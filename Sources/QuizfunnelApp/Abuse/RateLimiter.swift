import Foundation
import QuizfunnelDomain
import Synchronization

/// Token buckets by key (a client address, an email hash), forgetting buckets that have refilled so memory stays
/// bounded by the number of recently active keys.
final class RateLimiter: Sendable {
    let limit: RateLimit
    private let buckets = Mutex<[String: TokenBucket]>([:])
    private let clock: @Sendable () -> Double

    /// Keys held before the full buckets are swept out.
    private static let sweepThreshold = 10_000

    init(limit: RateLimit, clock: @escaping @Sendable () -> Double = RateLimiter.monotonicSeconds) {
        self.limit = limit
        self.clock = clock
    }

    /// Takes one token for `key`.
    func take(_ key: String) -> TokenBucket.TakeResult {
        let now = self.clock()
        return self.buckets.withLock { buckets in
            if buckets.count >= Self.sweepThreshold {
                buckets = buckets.filter { !$0.value.isFull(now: now) }
            }
            var bucket = buckets[key] ?? TokenBucket(limit: self.limit, now: now)
            let result = bucket.take(now: now)
            buckets[key] = bucket
            return result
        }
    }

    @Sendable static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1_000_000_000
    }
}
