import Foundation

/// The secret of a confirmation link, `/c/{token}`: 32 random bytes in unpadded base64url (43 characters). It holds no
/// address and no id; only its SHA-256 is stored, so the table cannot be used to confirm anyone.
struct ConfirmationToken: Sendable, Equatable {
    let secret: String
    /// Computed with the secret, before the write that stores it.
    let sha256: String

    static func make() -> ConfirmationToken {
        let secret = Digest.base64URL(Digest.randomBytes(32))
        return ConfirmationToken(secret: secret, sha256: Digest.sha256(secret))
    }

    /// True for text shaped like a token this service issues, so malformed tokens never reach the database.
    static func isWellFormed(_ text: some StringProtocol) -> Bool {
        Digest.isBase64URL(text, length: 43)
    }
}
