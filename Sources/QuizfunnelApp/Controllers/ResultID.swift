import Foundation

/// Unguessable result ids: 128 bits from the system's cryptographic random source, in unpadded base64url, never
/// starting with `-`: such an id would start like a spreadsheet formula, and the CSV exports would prefix it with `'`,
/// which a CRM matching ids would not undo. Drawing again for that one value in 64 leaves over 127.9 bits.
enum ResultID {
    static func make() -> String {
        while true {
            let bytes = Digest.randomBytes(16)
            // The first base64url character is the first byte's top six bits; `-` is 62.
            if bytes[0] >> 2 != 62 { return Digest.base64URL(bytes) }
        }
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
