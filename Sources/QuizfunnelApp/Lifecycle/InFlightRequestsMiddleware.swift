import Hummingbird

/// Counts each request as running work ("HTTP GET request") from its arrival until its response is written: a
/// streamed body (an export) until its last byte. Requests are named by method only, never by path, which may hold an
/// address.
struct InFlightRequestsMiddleware<Context: RequestContext>: RouterMiddleware {
    let work: RunningWork

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let name = "HTTP \(request.method) request"
        self.work.begin(name)
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            self.work.end(name)
            throw error
        }
        guard response.body.contentLength == nil else {
            self.work.end(name)
            return response
        }
        let body = response.body
        response.body = ResponseBody { [work] writer in
            defer { work.end(name) }
            try await body.write(writer)
        }
        return response
    }
}
