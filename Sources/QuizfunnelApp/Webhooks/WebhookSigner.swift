import Crypto
import Foundation

/// Signs webhook requests the Standard Webhooks way: `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`.
public struct WebhookSigner: Sendable {
    /// The key's bytes (swift-crypto's `SymmetricKey` is not `Sendable`).
    private let key: Data

    /// A secret written `whsec_<base64>` (as Standard Webhooks libraries issue them) is used as its decoded bytes;
    /// any other secret as its UTF-8 bytes.
    public init(secret: String) {
        if secret.hasPrefix("whsec_"), let decoded = Data(base64Encoded: String(secret.dropFirst("whsec_".count))) {
            self.key = decoded
        } else {
            self.key = Data(secret.utf8)
        }
    }

    /// The `webhook-signature` header value for one delivery.
    public func signature(id: String, timestamp: Int, body: Data) -> String {
        var message = Data("\(id).\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: self.key))
        return "v1," + Data(mac).base64EncodedString()
    }
}
