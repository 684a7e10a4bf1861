import Foundation
import HTTPTypes
import Hummingbird

/// The first middleware: refuses a path that holds a control character once percent-decoded, and keeps every redirect
/// on this site.
///
/// Hummingbird's `FileMiddleware` decodes the path and looks the file up through a C string, which ends at a NUL, but
/// builds a folder's trailing-slash redirect from the whole decoded path: `/%2Fjs%00@evil.example` named the folder `js`
/// and answered `Location: //js\0@evil.example/`, which a browser reads as another host (see the README's notes for
/// upstream). The same cut served a file with the content type of the name after the NUL. Refusing every control
/// character (C0, DEL and C1) before anything reads the path closes both; a `Location` that would start with `//` or
/// `/\` (a protocol-relative URL) is brought back to a single leading slash, whoever built it.
struct RequestPathMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.isAcceptable(request.uri.path) else {
            throw HTTPError(.badRequest, message: "The path holds a control character or an invalid percent encoding.")
        }
        var response = try await next(request, context)
        if (300..<400).contains(response.status.code), let location = response.headers[.location] {
            response.headers[.location] = Self.onThisSite(location)
        }
        return response
    }

    /// False for a path with a control character, raw or percent-encoded, or with a broken percent encoding. Most
    /// paths have no `%`: those are checked byte by byte, without decoding.
    static func isAcceptable(_ path: String) -> Bool {
        if !path.utf8.contains(UInt8(ascii: "%")) { return !path.unicodeScalars.contains(where: Self.isControl) }
        guard let decoded = path.removingPercentEncoding else { return false }
        return !decoded.unicodeScalars.contains(where: Self.isControl)
    }

    /// `location` with the slashes and backslashes it starts with made one slash, when it is a path on this site.
    static func onThisSite(_ location: String) -> String {
        guard location.hasPrefix("/") || location.hasPrefix("\\") else { return location }
        return "/" + location.drop { $0 == "/" || $0 == "\\" }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
