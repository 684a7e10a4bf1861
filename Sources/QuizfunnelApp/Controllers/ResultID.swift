import Foundation

/// Unguessable result ids: 128 bits from the system's cryptographic random source, in unpadded base64url.
enum ResultID {
    static func make() -> String {
        Digest.base64URL(Digest.randomBytes(16))
    }

    /// A player's share code: 12 random letters and digits (71 bits), so it is a valid `ref` and never starts like a
    /// spreadsheet formula in an export.
    static func makeShareRef() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in self.alphanumerics.randomElement(using: &generator)! })
    }

    private static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// True for text shaped like an id this service issues, so malformed ids never reach the database.
    static func isWellFormed(_ text: String) -> Bool {
        Digest.isBase64URL(text, length: 22)
    }
}
