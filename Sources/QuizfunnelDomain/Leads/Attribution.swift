/// Where a play came from: UTM fields and a `ref` code naming an employee, partner or sharing player.
public struct Attribution: Sendable, Equatable {
    public var utm: UTM
    public var ref: String?

    public init(utm: UTM = UTM(), ref: String? = nil) {
        self.utm = utm
        self.ref = ref
    }

    /// Checks `ref` (letters, digits, `-`, `_`, at most 64) and UTM fields (at most 200 characters, no control characters).
    /// Empty values count as absent.
    public init(validatingUTM utm: UTM, ref: String?) throws(FieldError) {
        var checked = UTM()
        let fields: [(String, String?, WritableKeyPath<UTM, String?>)] = [
            ("source", utm.source, \.source), ("medium", utm.medium, \.medium), ("campaign", utm.campaign, \.campaign),
            ("term", utm.term, \.term), ("content", utm.content, \.content),
        ]
        for (name, value, keyPath) in fields {
            guard let value, !value.isEmpty else { continue }
            guard value.count <= 200, !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw FieldError(field: "utm.\(name)", message: "must be at most 200 characters without control characters")
            }
            checked[keyPath: keyPath] = value
        }
        if let ref, !ref.isEmpty, !Identifier.isValid(ref) {
            throw FieldError(field: "ref", message: "must be 1 to 64 letters, digits, \"-\" or \"_\"")
        }
        self.init(utm: checked, ref: ref?.isEmpty == false ? ref : nil)
    }
}
