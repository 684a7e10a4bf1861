/// An email address a player typed, checked against RFC 5321 limits and the characters mail systems accept.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address as typed (surrounding white space removed), which is what gets exported.
    public let address: String

    /// Addresses are compared case-insensitively: one lead per quiz and this key.
    public var key: String { self.address.lowercased() }

    public var description: String { self.address }

    /// Why a text is not an acceptable email address.
    public enum ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case tooLong
        case localPartTooLong
        case notExactlyOneAt
        case forbiddenLeadingCharacter(Character)
        case invalidLocalPart
        case invalidDomain

        public var description: String {
            switch self {
            case .empty: "is empty"
            case .tooLong: "is longer than 254 characters"
            case .localPartTooLong: "has more than 64 characters before the \"@\""
            case .notExactlyOneAt: "must contain exactly one \"@\""
            case .forbiddenLeadingCharacter(let character): "must not start with \"\(character)\""
            case .invalidLocalPart: "has characters before the \"@\" that mail systems do not accept"
            case .invalidDomain: "needs a domain such as example.com after the \"@\""
            }
        }
    }

    public init(validating text: String) throws(ValidationError) {
        let address = String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        guard let first = address.first else { throw .empty }
        if "=+-@".contains(first) { throw .forbiddenLeadingCharacter(first) }
        guard address.utf8.count <= 254 else { throw .tooLong }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .notExactlyOneAt }
        let (local, domain) = (parts[0], parts[1])
        guard local.utf8.count <= 64 else { throw .localPartTooLong }
        guard Self.isValidLocalPart(local) else { throw .invalidLocalPart }
        guard Self.isValidDomain(domain) else { throw .invalidDomain }
        self.address = address
    }

    /// Dot-atoms of RFC 5322 `atext`, plus non-ASCII letters for internationalised addresses (RFC 6531).
    private static func isValidLocalPart(_ local: Substring) -> Bool {
        let specials: Set<Character> = ["!", "#", "$", "%", "&", "'", "*", "+", "/", "=", "?", "^", "_", "`", "{", "|", "}", "~", "-"]
        return local.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { atom in
            !atom.isEmpty && atom.allSatisfy { $0.isASCII ? ($0.isLetter || $0.isNumber || specials.contains($0)) : ($0.isLetter || $0.isNumber) }
        }
    }

    /// At least two labels of letters, digits and inner hyphens, each at most 63 octets, with a non-numeric top level.
    private static func isValidDomain(_ domain: Substring) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, domain.utf8.count <= 253, let topLevel = labels.last, !topLevel.allSatisfy(\.isNumber) else {
            return false
        }
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
        }
    }
}
