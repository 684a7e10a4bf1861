import Hummingbird
import Logging

/// Logs each unexpected error once and answers a bare 500, so no stack trace, SQL or path reaches a client.
struct ErrorLoggingMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            context.logger.error(
                "Request failed",
                metadata: ["method": "\(request.method)", "path": "\(request.uri.path)", "error": "\(String(reflecting: type(of: error)))"]
            )
            throw HTTPError(.internalServerError, message: "internal error")
        }
    }
}
