/// The ad networks' click ids from the URL a player landed on (`fbclid` from Meta, `gclid` from Google): what lets a
/// conversion sent from the server be matched to the ad click.
public struct ClickIDs: Sendable, Equatable, Codable {
    public var fbclid: String?
    public var gclid: String?

    public init(fbclid: String? = nil, gclid: String? = nil) {
        self.fbclid = fbclid
        self.gclid = gclid
    }

    /// The ids as sent, empty ones dropped; each at most 500 printable ASCII characters.
    public func validated() throws(FieldError) -> ClickIDs {
        var checked = ClickIDs()
        for (name, value, keyPath) in [("fbclid", self.fbclid, \ClickIDs.fbclid), ("gclid", self.gclid, \ClickIDs.gclid)] {
            guard let value, !value.isEmpty else { continue }
            guard value.count <= 500, value.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
                throw FieldError(field: "clickIds.\(name)", message: "must be at most 500 printable ASCII characters without spaces")
            }
            checked[keyPath: keyPath] = value
        }
        return checked
    }
}
