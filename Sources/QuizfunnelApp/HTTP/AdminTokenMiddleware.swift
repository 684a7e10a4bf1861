import Crypto
import Foundation
import Hummingbird

/// Lets a request through only with `Authorization: Bearer <token>` equal to the configured admin token.
///
/// The comparison is of SHA-256 digests, whose equality swift-crypto checks in constant time. With no token
/// configured, every admin request is refused.
struct AdminTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let expectedDigest: [UInt8]?

    init(token: String?) {
        self.expectedDigest = token.flatMap { $0.isEmpty ? nil : Array(SHA256.hash(data: Data($0.utf8))) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let expectedDigest, let presented = Self.bearerToken(in: request),
            SHA256.hash(data: Data(presented.utf8)) == Data(expectedDigest)
        else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"], message: "a valid admin token is required")
        }
        return try await next(request, context)
    }

    private static func bearerToken(in request: Request) -> Substring? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else { return nil }
        return header.dropFirst("bearer ".count)
    }
}
