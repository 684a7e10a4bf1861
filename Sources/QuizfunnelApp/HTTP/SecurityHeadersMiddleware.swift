import HTTPTypes
import Hummingbird

/// Headers every response carries: no inline script or style, no MIME sniffing, and no framing unless a route
/// (the play page) sets its own policy naming who may frame it.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static func contentSecurityPolicy(frameAncestors: String = "'none'") -> String {
        "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors \(frameAncestors)"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            var response = try await next(request, context)
            Self.addHeaders(to: &response.headers)
            return response
        } catch let error as any HTTPResponseError {
            var response = try error.response(from: request, context: context)
            Self.addHeaders(to: &response.headers)
            return response
        }
    }

    private static func addHeaders(to headers: inout HTTPFields) {
        if headers[.contentSecurityPolicy] == nil {
            headers[.contentSecurityPolicy] = self.contentSecurityPolicy()
        }
        headers[.xContentTypeOptions] = "nosniff"
        if headers[.referrerPolicy] == nil {
            // A route may be stricter (the unsubscribe page, whose URL holds a secret).
            headers[.referrerPolicy] = "strict-origin-when-cross-origin"
        }
        headers[.permissionsPolicy] = "camera=(), microphone=(), geolocation=(), payment=()"
    }
}

extension HTTPField.Name {
    static let referrerPolicy = Self("Referrer-Policy")!
    static let permissionsPolicy = Self("Permissions-Policy")!
}
