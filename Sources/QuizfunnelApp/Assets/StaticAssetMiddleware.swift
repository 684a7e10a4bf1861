import HTTPTypes
import Hummingbird

/// Serves `StaticAssets` from memory: hashed names with a one-year immutable cache, plain names revalidated after five
/// minutes; gzipped for clients that accept it; `304 Not Modified` for a matching `If-None-Match`.
struct StaticAssetMiddleware<Context: RequestContext>: RouterMiddleware {
    let assets: StaticAssets

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head, let asset = self.assets.asset(at: request.uri.path) else {
            return try await next(request, context)
        }
        var headers: HTTPFields = [
            .contentType: asset.contentType,
            .eTag: asset.etag,
            .cacheControl: asset.isImmutable ? "public, max-age=31536000, immutable" : "public, max-age=300",
        ]
        if let tags = request.headers[.ifNoneMatch], tags.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == asset.etag }) {
            headers[.vary] = "Accept-Encoding"
            return Response(status: .notModified, headers: headers)
        }
        let response = Gzip.response(to: request, headers: headers, body: asset.body, gzipped: asset.gzipped)
        guard request.method == .head else { return response }
        return Response(status: response.status, headers: response.headers)
    }
}
