import Foundation
import Hummingbird

/// Absolute URLs of this service, as players and social crawlers reach it.
enum PublicURL {
    /// The configured `--public-url`, else `http://` and the request's `Host`; without a trailing slash.
    static func base(configured: String?, request: Request) -> String {
        if let configured { return configured }
        let host = request.head.authority ?? "localhost"
        return "http://" + (Self.isPlausibleHost(host) ? host : "localhost")
    }

    /// Letters, digits and `.-:[]`: a name, an IPv4 or a bracketed IPv6 address with an optional port. ASCII is checked
    /// byte by byte, since every lead asks this and Unicode character properties showed in the lead route's profile.
    static func isPlausibleHost(_ host: String) -> Bool {
        guard !host.isEmpty else { return false }
        if host.utf8.allSatisfy({ $0 < 0x80 }) {
            return host.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
                case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]"): true
                default: false
                }
            }
        }
        return host.allSatisfy { $0.isLetter || $0.isNumber || ".-:[]".contains($0) }
    }

    /// `path` with query items, percent-encoded.
    static func path(_ path: String, query: [(String, String?)]) -> String {
        let items = query.compactMap { name, value in value.map { "\(name)=\(Self.encode($0))" } }
        return items.isEmpty ? path : path + "?" + items.joined(separator: "&")
    }

    /// `value` with every character but the unreserved ones percent-encoded. A value of unreserved ASCII only (a locale,
    /// a ref code) is returned as it is, checked byte by byte: Foundation's encoding took 10 µs of a result's share
    /// link in the results route's profile.
    static func encode(_ value: String) -> String {
        if value.utf8.allSatisfy(Self.isUnreserved) { return value }
        return value.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? value
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
        default: false
        }
    }
}

extension CharacterSet {
    /// RFC 3986 unreserved characters: everything else in a query value is percent-encoded.
    static let urlQueryValueAllowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
