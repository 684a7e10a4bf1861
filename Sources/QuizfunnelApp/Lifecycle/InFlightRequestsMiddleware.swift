import Hummingbird

/// Counts each request as running work from its arrival until its response is written: a streamed body (an export)
/// until its last byte. Requests are counted by method only, never by path, which may hold an address.
struct InFlightRequestsMiddleware<Context: RequestContext>: RouterMiddleware {
    let work: RunningWork

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let method = request.method
        self.work.countRequest(method, by: 1)
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            self.work.countRequest(method, by: -1)
            throw error
        }
        guard response.body.contentLength == nil else {
            self.work.countRequest(method, by: -1)
            return response
        }
        let body = response.body
        response.body = ResponseBody { [work] writer in
            defer { work.countRequest(method, by: -1) }
            try await body.write(writer)
        }
        return response
    }
}
