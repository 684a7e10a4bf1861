import HTTPTypes
import Hummingbird
import Synchronization

/// Answers 405 with `Allow` when the path exists but not for the request's method (the router alone answers 404).
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Filled once the routes are added (middleware comes first).
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = self.methods(for: request.uri.path)
            guard !allowed.isEmpty, !allowed.contains(request.method) else { throw error }
            throw HTTPError(
                .methodNotAllowed,
                headers: [.allow: allowed.map(\.rawValue).joined(separator: ", ")],
                message: "\(request.method.rawValue) is not allowed here"
            )
        }
    }

    /// The methods of the routes whose path matches (`{quiz}` matches any one segment).
    private func methods(for path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        return self.routes.all.filter { route in
            route.segments.count == segments.count && zip(route.segments, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
        .map(\.method)
        .sorted { $0.rawValue < $1.rawValue }
    }
}

/// The router's paths and methods, recorded after every route is added.
final class RouteTable: Sendable {
    struct Route: Sendable {
        var segments: [Substring]
        var method: HTTPRequest.Method
    }

    private let routes = Mutex<[Route]>([])

    var all: [Route] { self.routes.withLock { $0 } }

    func record<Context>(_ router: Router<Context>) {
        let routes = router.routes.map { Route(segments: $0.path.description.split(separator: "/"), method: $0.method) }
        self.routes.withLock { $0 = routes }
    }
}
