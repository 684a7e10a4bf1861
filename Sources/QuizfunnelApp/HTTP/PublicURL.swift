import Foundation
import Hummingbird

/// Absolute URLs of this service, as players and social crawlers reach it.
enum PublicURL {
    /// The configured `--public-url`, else `http://` and the request's `Host`; without a trailing slash.
    static func base(configured: String?, request: Request) -> String {
        if let configured { return configured }
        let host = request.head.authority ?? "localhost"
        let isPlausibleHost = !host.isEmpty && host.allSatisfy { $0.isLetter || $0.isNumber || ".-:[]".contains($0) }
        return "http://" + (isPlausibleHost ? host : "localhost")
    }

    /// `path` with query items, percent-encoded.
    static func path(_ path: String, query: [(String, String?)]) -> String {
        let items = query.compactMap { name, value in value.map { "\(name)=\(Self.encode($0))" } }
        return items.isEmpty ? path : path + "?" + items.joined(separator: "&")
    }

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? value
    }
}

extension CharacterSet {
    /// RFC 3986 unreserved characters: everything else in a query value is percent-encoded.
    static let urlQueryValueAllowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
