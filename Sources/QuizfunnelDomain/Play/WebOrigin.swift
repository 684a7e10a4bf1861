import Foundation

/// The origin of a web page (`scheme://host[:port]`), as browsers send it in `Origin` and compare it for framing.
public enum WebOrigin {
    /// True for `http` or `https`, a host, an optional port, and nothing else: no path, query, user or wildcard.
    public static func isValid(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme, let host = components.host,
            ["http", "https"].contains(scheme), !host.isEmpty, !host.contains("*"),
            components.path.isEmpty, components.query == nil, components.fragment == nil, components.user == nil
        else { return false }
        return text == "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }
}
