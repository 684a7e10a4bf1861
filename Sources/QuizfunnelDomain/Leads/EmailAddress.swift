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
        let address = Self.trimmed(text)
        guard let first = address.first else { throw .empty }
        if "=+-@".contains(first) { throw .forbiddenLeadingCharacter(first) }
        guard address.utf8.count <= 254 else { throw .tooLong }
        guard let (local, domain) = Self.split(address) else { throw .notExactlyOneAt }
        guard local.utf8.count <= 64 else { throw .localPartTooLong }
        guard Self.isValidLocalPart(local) else { throw .invalidLocalPart }
        guard Self.isValidDomain(domain) else { throw .invalidDomain }
        self.address = address
    }

    /// The parts before and after the one "@", or `nil` when there is not exactly one.
    private static func split(_ address: String) -> (local: Substring, domain: Substring)? {
        let utf8 = address.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII, the usual case: found byte by byte, as an ASCII "@" is always a character of its own.
            guard let at = utf8.firstIndex(of: UInt8(ascii: "@")), at == utf8.lastIndex(of: UInt8(ascii: "@")) else { return nil }
            return (address[..<at], address[utf8.index(after: at)...])
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }

    /// The text without surrounding white space; as it is when it starts and ends with a visible ASCII character, which
    /// is the usual case and needs no look at every character.
    private static func trimmed(_ text: String) -> String {
        if let first = text.utf8.first, let last = text.utf8.last, (0x21..<0x7F).contains(first), (0x21..<0x7F).contains(last) {
            return text
        }
        return String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    /// Dot-atoms of RFC 5322 `atext`, plus non-ASCII letters for internationalised addresses (RFC 6531).
    private static func isValidLocalPart(_ local: Substring) -> Bool {
        if local.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII, the usual case, byte by byte: the same rule without Unicode character properties, which were most
            // of the lead route's validation time in the profile (see BENCHMARKS.md).
            return local.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { atom in
                !atom.isEmpty && atom.allSatisfy { Self.isASCIILetterOrDigit($0) || Self.atextSpecials.contains($0) }
            }
        }
        let specials: Set<Character> = ["!", "#", "$", "%", "&", "'", "*", "+", "/", "=", "?", "^", "_", "`", "{", "|", "}", "~", "-"]
        return local.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { atom in
            !atom.isEmpty && atom.allSatisfy { $0.isASCII ? ($0.isLetter || $0.isNumber || specials.contains($0)) : ($0.isLetter || $0.isNumber) }
        }
    }

    private static let atextSpecials = Set("!#$%&'*+/=?^_`{|}~-".utf8)

    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// At least two labels of letters, digits and inner hyphens, each at most 63 octets, with a non-numeric top level.
    private static func isValidDomain(_ domain: Substring) -> Bool {
        if domain.utf8.allSatisfy({ $0 < 0x80 }) {
            let labels = domain.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            guard labels.count >= 2, domain.utf8.count <= 253, let topLevel = labels.last,
                !topLevel.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
            else {
                return false
            }
            return labels.allSatisfy { label in
                !label.isEmpty && label.count <= 63 && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                    && label.allSatisfy { Self.isASCIILetterOrDigit($0) || $0 == UInt8(ascii: "-") }
            }
        }
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
