import Foundation

/// Unguessable result ids: 128 bits from the system's cryptographic random source, in unpadded base64url.
enum ResultID {
    static func make() -> String {
        Digest.base64URL(Digest.randomBytes(16))
    }

    /// A player's share code: 12 random letters and digits (71 bits), so it is a valid `ref` and never starts like a
    /// spreadsheet formula in an export.
    ///
    /// The random bytes come 16 at a time in one system call (one per letter was 7 µs of every result); a byte is used
    /// only below 248, the largest multiple of 62 a byte holds, so that every letter and digit is equally likely.
    static func makeShareRef() -> String {
        var code: [UInt8] = []
        code.reserveCapacity(12)
        while code.count < 12 {
            for byte in Digest.randomBytes(16) where byte < 248 && code.count < 12 {
                code.append(self.alphanumerics[Int(byte % 62)])
            }
        }
        return String(decoding: code, as: UTF8.self)
    }

    private static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// True for text shaped like an id this service issues, so malformed ids never reach the database.
    static func isWellFormed(_ text: String) -> Bool {
        Digest.isBase64URL(text, length: 22)
    }
}
