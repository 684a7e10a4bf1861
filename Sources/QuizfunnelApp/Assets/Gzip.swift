import CompressNIO
import HTTPTypes
import Hummingbird
import NIOCore

/// gzip for text responses: static files once at start-up, pages and quiz views as they are sent.
enum Gzip {
    /// Bodies smaller than this go out as they are: the gzip header and a round of zlib cost more than they save.
    static let minimumSize = 512

    /// `body` gzipped, or `nil` if that is not smaller.
    static func compressIfSmaller(_ body: ByteBuffer) -> ByteBuffer? {
        guard body.readableBytes >= self.minimumSize else { return nil }
        var input = body
        guard let compressed = try? input.compress(with: .gzip()), compressed.readableBytes < body.readableBytes else { return nil }
        return compressed
    }

    /// True when the request's `Accept-Encoding` names gzip (or `*`) without `q=0`.
    static func isAccepted(by request: Request) -> Bool {
        guard let header = request.headers[.acceptEncoding] else { return false }
        return header.split(separator: ",").contains { item in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, coding == "gzip" || coding == "*" else { return false }
            // `q=0` (or `q=0.0`, `q=0.000`) refuses it.
            return !parts.dropFirst().contains { $0.hasPrefix("q=") && Double($0.dropFirst(2)) == 0 }
        }
    }

    /// A response with `body`, gzipped when the client accepts it and it gets smaller; `Vary: Accept-Encoding` either way.
    static func response(
        to request: Request,
        status: HTTPResponse.Status = .ok,
        headers: HTTPFields,
        body: ByteBuffer,
        gzipped: ByteBuffer? = nil
    ) -> Response {
        var headers = headers
        headers[.vary] = headers[.vary].map { "\($0), Accept-Encoding" } ?? "Accept-Encoding"
        if self.isAccepted(by: request), let compressed = gzipped ?? self.compressIfSmaller(body) {
            headers[.contentEncoding] = "gzip"
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: compressed))
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}
