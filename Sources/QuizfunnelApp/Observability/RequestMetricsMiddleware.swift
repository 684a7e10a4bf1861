import Dispatch
import Hummingbird
import Metrics

/// Per route, method and status: a request count, a latency histogram and an error count, under the labels of
/// Hummingbird's `MetricsMiddleware` (`hb.requests`, `http.server.request.duration`, `hb.request.errors`,
/// `http.server.active_requests`), so dashboards built on those keep working.
///
/// Unlike Hummingbird's, it leaves a response of known length as it is. Wrapping a body to time its writing turns a
/// buffer into a stream, and the server then writes the head and the body in two system calls and two TCP segments
/// instead of one (BENCHMARKS.md, ninth round). A response of known length is timed until it is handed to the server;
/// a streamed one (the exports) is still timed until its last byte is written.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    private let activeRequests = MadeOnce<HTTPRequest.Method, Meter>()
    private let endpoints = MadeOnce<RouteEndpoint, RouteMetrics>()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let active = self.activeRequests.metric(for: request.method) { method in
            Meter(label: "http.server.active_requests", dimensions: [("http.request.method", method.description)])
        }
        active.increment()
        do {
            var response = try await next(request, context)
            let metrics = self.endpoints.metric(
                for: RouteEndpoint(route: context.endpointPath ?? "Unknown", method: request.method, status: response.status),
                make: RouteMetrics.init
            )
            guard response.body.contentLength == nil else {
                metrics.record(since: start)
                active.decrement()
                return response
            }
            let body = response.body
            response.body = ResponseBody { writer in
                defer {
                    metrics.record(since: start)
                    active.decrement()
                }
                try await body.write(writer)
            }
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            let metrics = self.endpoints.metric(
                for: RouteEndpoint(route: context.endpointPath ?? "NotFound", method: request.method, status: status),
                make: RouteMetrics.init
            )
            metrics.record(since: start)
            metrics.errors.increment()
            active.decrement()
            throw error
        }
    }
}

/// A route, method and status: what one set of request metrics is kept for.
private struct RouteEndpoint: Hashable, Sendable {
    var route: String
    var method: HTTPRequest.Method
    var status: HTTPResponse.Status
}

private struct RouteMetrics: Sendable {
    let requests: Counter
    let duration: Timer
    let errors: Counter

    init(_ endpoint: RouteEndpoint) {
        let dimensions = [
            ("http.route", endpoint.route),
            ("http.request.method", endpoint.method.description),
            ("http.response.status_code", endpoint.status.code.description),
        ]
        self.requests = Counter(label: "hb.requests", dimensions: dimensions)
        self.duration = Timer(label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds)
        self.errors = Counter(
            label: "hb.request.errors",
            dimensions: [
                ("http.route", endpoint.route),
                ("http.request.method", endpoint.method.description),
                ("error.type", endpoint.status.code.description),
            ]
        )
    }

    func record(since start: UInt64) {
        self.requests.increment()
        self.duration.recordNanoseconds(DispatchTime.now().uptimeNanoseconds - start)
    }
}
