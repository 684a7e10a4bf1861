import HTTPTypes
import Hummingbird
import QuizfunnelDomain

/// Lets pages on a quiz's `embedOrigins` call that quiz's API from the browser, and no other origin.
///
/// Hummingbird's `CORSMiddleware` takes one fixed list; here each quiz has its own. The allowed origin is answered
/// back exactly (never `*`, never an unlisted `Origin`), with `Vary: Origin`, and no credentials.
struct QuizCORSMiddleware<Context: RequestContext>: RouterMiddleware {
    let library: QuizLibrary
    /// The running quizzes, read again for every request so that a reload takes effect at once.
    var catalog: QuizCatalog { self.library.catalog }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], let allowed = self.allowedOrigins(forPath: request.uri.path) else {
            return try await next(request, context)
        }
        let isAllowed = allowed.contains(origin)
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            guard isAllowed else { throw HTTPError(.forbidden, message: "origin \(origin) may not call this quiz") }
            var headers = HTTPFields()
            headers[.accessControlAllowMethods] = "GET, POST"
            headers[.accessControlAllowHeaders] = "Content-Type, Accept-Language"
            headers[.accessControlMaxAge] = "600"
            Self.allow(origin, in: &headers)
            return Response(status: .noContent, headers: headers)
        }
        do {
            var response = try await next(request, context)
            if isAllowed { Self.allow(origin, in: &response.headers) }
            return response
        } catch let error as any HTTPResponseError {
            var response = try error.response(from: request, context: context)
            if isAllowed { Self.allow(origin, in: &response.headers) }
            return response
        }
    }

    /// The origins allowed for a path under `/api/quizzes`: one quiz's, or every quiz's for the list; nil elsewhere.
    private func allowedOrigins(forPath path: String) -> [String]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0] == "api", parts[1] == "quizzes" else { return nil }
        guard parts.count >= 3 else { return self.catalog.quizzes.flatMap(\.embedOrigins) }
        return self.catalog.quiz(id: String(parts[2]))?.embedOrigins ?? []
    }

    private static func allow(_ origin: String, in headers: inout HTTPFields) {
        headers[.accessControlAllowOrigin] = origin
        headers[.vary] = "Origin"
    }
}
