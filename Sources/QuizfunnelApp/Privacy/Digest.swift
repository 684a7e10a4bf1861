import Crypto
import Foundation

/// The SHA-256 digests the privacy records are keyed by.
enum Digest {
    /// Lower-case hex SHA-256 of `text`'s UTF-8 bytes.
    static func sha256(_ text: String) -> String {
        self.hex(SHA256.hash(data: Data(text.utf8)))
    }

    /// Unpadded base64url (RFC 4648 §5) of `bytes`, for ids and tokens that travel in URLs.
    static func base64URL(_ bytes: [UInt8]) -> String {
        let url = Data(bytes).base64EncodedString().utf8.compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "+"): UInt8(ascii: "-")
            case UInt8(ascii: "/"): UInt8(ascii: "_")
            case UInt8(ascii: "="): nil
            default: byte
            }
        }
        return String(decoding: url, as: UTF8.self)
    }

    /// Lower-case hex of `bytes`. Two of these run for every lead: `String(format:)` made them a fifth of a lead's CPU
    /// time in the profile (see BENCHMARKS.md).
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// `count` bytes from the system's cryptographic random source, drawn eight at a time: drawing them one by one made
    /// a `getrandom` system call per byte, some twenty per lead in the lead route's trace (see BENCHMARKS.md).
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 7)
        while bytes.count < count {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        return Array(bytes.prefix(count))
    }

    /// What the suppression list keeps of an address: the SHA-256 of its lower-cased form (`EmailAddress.key`).
    static func emailHash(key: String) -> String {
        self.sha256(key)
    }
}

/// Unguessable withdrawal tokens: 192 bits from the system's cryptographic random source, in unpadded base64url.
enum UnsubscribeToken {
    static func make() -> String {
        Digest.base64URL(Digest.randomBytes(24))
    }

    /// True for text shaped like a token this service issues, so malformed tokens never reach the database.
    static func isWellFormed(_ text: some StringProtocol) -> Bool {
        text.utf8.count == 32
            && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }
}
