/// An address with an optional display name, as in `From: Fairway Golf <hello@fairway.example>`.
public struct Mailbox: Sendable, Equatable, CustomStringConvertible {
    public var name: String?
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// Reads `Display Name <local@domain>` or a bare `local@domain`; `nil` when the address part is not one.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var name: String?
        var address = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            let display = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            name = display.isEmpty ? nil : Self.unquoted(display)
        }
        guard let valid = try? EmailAddress(validating: address), valid.address == address, address.utf8.allSatisfy({ $0 < 0x80 }) else {
            return nil
        }
        if let name, name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return nil }
        self.name = name
        self.address = address
    }

    /// The part after the `@`, which names the sender's domain in a `Message-ID`.
    public var domain: String {
        String(self.address[self.address.index(after: self.address.lastIndex(of: "@")!)...])
    }

    /// The mailbox as a header value: the name quoted or as RFC 2047 encoded-words when it needs to be.
    public var headerValue: String {
        guard let name = self.name, !name.isEmpty else { return self.address }
        return "\(MIMEEncoding.phrase(name)) <\(self.address)>"
    }

    public var description: String { self.headerValue }

    private static func unquoted(_ text: String) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return text }
        return String(text.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
    }
}
