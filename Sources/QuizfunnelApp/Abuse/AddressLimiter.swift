import QuizfunnelDomain

/// The per-address limit (`--email-rate-limit`): lead submissions per email address across quizzes, which keeps
/// strangers from having an address mailed again and again. Where its buckets live decides whom it binds: one SQLite
/// process holds them in memory (`RateLimiter`); PostgreSQL instances share them in the database
/// (`PostgresAddressLimiter`), so the limit holds across all of them.
public protocol AddressLimiter: Sendable {
    /// Takes one submission of the address with `emailHash`, or says how many seconds until one is allowed.
    func take(_ emailHash: String) async throws -> TokenBucket.TakeResult
}

extension RateLimiter: AddressLimiter {}
