import Foundation
import HTTPTypes
import Hummingbird
import QuizfunnelDomain

/// Refuses a client's requests beyond its rate with a generic 429 and `Retry-After`; the client is the connection's
/// peer address, or the address a trusted proxy reports.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limiter: RateLimiter
    let trustsProxy: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let client = ClientAddress.of(request, context: context, trustsProxy: self.trustsProxy)
        if case .refused(let retryAfter) = self.limiter.take(client) {
            AppMetrics.rateLimited("client")
            throw APIError.tooManyRequests(retryAfter: retryAfter)
        }
        return try await next(request, context)
    }
}

/// Who a request comes from, for rate limits (never logged or stored).
enum ClientAddress {
    /// The peer's IP address; with `trustsProxy`, the last address in `X-Forwarded-For` (the one the proxy in front of
    /// the service saw: earlier entries are whatever the client claimed).
    static func of(_ request: Request, context: AppRequestContext, trustsProxy: Bool) -> String {
        if trustsProxy, let forwarded = request.headers[values: .xForwardedFor].last {
            let last = forwarded.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if !last.isEmpty { return last }
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
}
