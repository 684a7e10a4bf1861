import Foundation

/// What a webhook receives when a lead is created or changes: the lead with its quiz, segment, consent record and
/// attribution. `id` is also the `webhook-id` header, so receivers deduplicate retries by it.
public struct LeadEvent: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case created = "lead.created"
        case updated = "lead.updated"
    }

    public var id: String
    public var type: Kind
    public var occurredAt: String
    public var quiz: String
    public var segment: String
    public var lead: LeadJSON
    public var consent: LeadJSON.ConsentJSON
    public var utm: UTM
    public var ref: String?

    public init(id: String, type: Kind, occurredAt: Date, lead: Lead) {
        let json = LeadJSON(lead)
        self.id = id
        self.type = type
        self.occurredAt = Timestamp.iso8601(occurredAt)
        self.quiz = lead.quizID
        self.segment = lead.segmentID
        self.lead = json
        self.consent = json.consent
        self.utm = lead.utm
        self.ref = lead.ref
    }

    /// The exact bytes sent and signed.
    public func body() throws -> Data {
        try LeadJSON.encoder.encode(self)
    }
}
