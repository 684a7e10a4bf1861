import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The SHA-256 digests the privacy records are keyed by.
enum Digest {
    /// Lower-case hex SHA-256 of `text`'s UTF-8 bytes.
    static func sha256(_ text: String) -> String {
        var text = text
        var hasher = SHA256()
        text.withUTF8 { bytes in hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes)) }
        return self.hex(hasher.finalize())
    }

    /// Unpadded base64url (RFC 4648 §5) of `bytes`, for ids and tokens that travel in URLs. Encoded here rather than
    /// through `Data.base64EncodedString()` and a character swap: two of these run for every lead.
    static func base64URL(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let count = min(3, bytes.count - index)
            var group = UInt32(bytes[index]) << 16
            if count > 1 { group |= UInt32(bytes[index + 1]) << 8 }
            if count > 2 { group |= UInt32(bytes[index + 2]) }
            for position in 0...count {
                text.append(Self.base64URLAlphabet[Int((group >> UInt32(18 - 6 * position)) & 0x3F)])
            }
            index += 3
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let base64URLAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// True when `text` is exactly `length` characters of the base64url alphabet.
    static func isBase64URL(_ text: some StringProtocol, length: Int) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy(Self.isBase64URLByte)
    }

    /// `A`–`Z`, `a`–`z`, `0`–`9`, `-` or `_`, by range rather than a search through the alphabet for every byte.
    private static func isBase64URLByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
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

    /// `count` bytes from the system's cryptographic random source, in one call: `arc4random_buf` takes them from
    /// `getrandom` in one system call, where `SystemRandomNumberGenerator` makes one per eight bytes (three per token)
    /// and drawing byte by byte made some twenty per lead (see BENCHMARKS.md).
    static func randomBytes(_ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { arc4random_buf(buffer.baseAddress!, count) }
            initialized = count
        }
    }

    /// What the suppression list keeps of an address: the SHA-256 of its lower-cased form (`EmailAddress.key`).
    static func emailHash(key: String) -> String {
        self.sha256(key)
    }
}

/// Unguessable withdrawal tokens in unpadded base64url: 32 characters of 24 bytes.
///
/// The first 6 bytes are the time of issue in milliseconds, big-endian, and the other 18 (144 bits) come from the
/// system's cryptographic random source. The time goes first so that the tokens of one moment sit side by side in the
/// token index: an all-random token put every lead's index entry on a page of its own, and each such page is written to
/// the log, synced and copied to the database file again (leads went from 4,553 to 5,114 a second when only this
/// changed; see BENCHMARKS.md). The random part alone is what makes a token unguessable.
enum UnsubscribeToken {
    static func make(at date: Date = Date()) -> String {
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        for shift in stride(from: 40, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: milliseconds >> UInt64(shift)))
        }
        bytes += Digest.randomBytes(18)
        return Digest.base64URL(bytes)
    }

    /// True for text shaped like a token this service issues, so malformed tokens never reach the database.
    static func isWellFormed(_ text: some StringProtocol) -> Bool {
        Digest.isBase64URL(text, length: 32)
    }
}
