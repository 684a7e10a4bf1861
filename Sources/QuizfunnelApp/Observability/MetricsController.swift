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
        // Called for every metric handle, so once per request by Hummingbird's middleware: most names need nothing.
        let isValid: @Sendable (UInt8) -> Bool = { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
        let sanitize: @Sendable (String) -> String = { name in
            name.utf8.allSatisfy(isValid) ? name : String(decoding: name.utf8.map { isValid($0) ? $0 : UInt8(ascii: "_") }, as: UTF8.self)
        }
        factory.nameAndLabelSanitizer = { name, labels in (sanitize(name), labels.map { (sanitize($0.0), $0.1) }) }
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
        ]
        factory.valueHistogramBuckets["quizfunnel_write_batch_size"] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
        return factory
    }
}
