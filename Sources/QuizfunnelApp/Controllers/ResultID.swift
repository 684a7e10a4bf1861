import Foundation

/// Unguessable result ids: 128 bits from the system's cryptographic random source, in unpadded base64url.
enum ResultID {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// True for text shaped like an id this service issues, so malformed ids never reach the database.
    static func isWellFormed(_ text: String) -> Bool {
        text.count == 22
            && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }
}
