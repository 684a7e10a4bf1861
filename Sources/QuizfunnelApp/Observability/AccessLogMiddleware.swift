import Hummingbird
import Logging

/// One log line per request once it is answered: method, route pattern (`/u/{token}`, never the token or an address),
/// status and duration. The request id is in the logger's metadata (`hb.request.id`).
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            Self.log(request, context: context, status: response.status, since: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            Self.log(request, context: context, status: status, since: start)
            throw error
        }
    }

    private static func log(_ request: Request, context: Context, status: HTTPResponse.Status, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info(
            "Request",
            metadata: [
                "method": .string(request.method.rawValue),
                "route": .string(context.endpointPath ?? (status == .notFound ? "unmatched" : "static")),
                "status": .stringConvertible(status.code),
                "duration_ms": .stringConvertible((milliseconds * 100).rounded() / 100),
            ]
        )
    }
}
