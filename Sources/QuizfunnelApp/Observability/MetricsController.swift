import Hummingbird
import Metrics
import Prometheus

/// `GET /metrics` in the Prometheus text format, for scrapers; behind a bearer token when one is configured.
public struct MetricsController: Sendable {
    let registry: PrometheusCollectorRegistry
    let token: String?

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        if let token = self.token, !token.isEmpty {
            routes.add(middleware: AdminTokenMiddleware(token: token))
        }
        routes.get("metrics", use: self.scrape)
        return routes
    }

    @Sendable func scrape(request: Request, context: AppRequestContext) async throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: self.registry.emitToBuffer()))
        )
    }

    /// A metrics factory for `registry` whose names and labels are valid Prometheus names (`http.route` → `http_route`).
    public static func factory(for registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        let sanitize: @Sendable (String) -> String = { name in String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" }) }
        factory.nameAndLabelSanitizer = { name, labels in (sanitize(name), labels.map { (sanitize($0.0), $0.1) }) }
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
        ]
        factory.valueHistogramBuckets["quizfunnel_write_batch_size"] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
        return factory
    }
}
