import Foundation

/// A lead as JSON: one NDJSON line of an export, an item of the polling feed, and the `lead` of a webhook event.
public struct LeadJSON: Sendable, Codable, Equatable {
    public struct ConsentJSON: Sendable, Codable, Equatable {
        public var version: String
        public var text: String
        public var locale: String
        public var method: String
        public var textSha256: String
        public var origin: String?
        public var consentedAt: String
        /// When the address was confirmed (double opt-in).
        public var confirmedAt: String?
    }

    public var id: String
    public var status: String
    public var email: String
    public var name: String?
    public var firstName: String
    public var lastName: String
    public var quiz: String
    public var segment: String
    public var consent: ConsentJSON
    public var utm: UTM
    public var ref: String?
    public var createdAt: String
    public var updatedAt: String
    public var unsubscribeUrl: String?
    /// The same as `consent.confirmedAt`, beside the other times.
    public var confirmedAt: String?
    /// The variant of the quiz the person was shown; absent when the quiz ran no experiment.
    public var variant: String?

    public init(_ lead: Lead) {
        let name = PersonName(splitting: lead.name)
        self.id = String(lead.id)
        self.status = lead.status.rawValue
        self.email = lead.email
        self.name = lead.name
        self.firstName = name.first
        self.lastName = name.last
        self.quiz = lead.quizID
        self.segment = lead.segmentID
        self.consent = ConsentJSON(
            version: lead.consent.version,
            text: lead.consent.text,
            locale: lead.consent.locale,
            method: lead.consent.method,
            textSha256: lead.consent.textSHA256,
            origin: lead.consent.origin,
            consentedAt: Timestamp.iso8601(lead.consent.consentedAt),
            confirmedAt: lead.consent.confirmedAt.map(Timestamp.iso8601)
        )
        self.utm = lead.utm
        self.ref = lead.ref
        self.createdAt = Timestamp.iso8601(lead.createdAt)
        self.updatedAt = Timestamp.iso8601(lead.updatedAt)
        self.unsubscribeUrl = lead.unsubscribeURL
        self.confirmedAt = lead.consent.confirmedAt.map(Timestamp.iso8601)
        self.variant = lead.variant
    }

    /// Keys sorted and slashes unescaped, so the same lead always writes the same bytes.
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// One NDJSON line, ending with `\n`.
    public static func line(for lead: Lead) -> String {
        let data = (try? self.encoder.encode(LeadJSON(lead))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
