import Foundation

/// What a webhook receives when a lead is created, changes or is withdrawn: the lead with its quiz, segment, consent
/// record and attribution. `id` is also the `webhook-id` header, so receivers deduplicate retries by it.
public struct LeadEvent: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case created = "lead.created"
        case updated = "lead.updated"
        case unsubscribed = "lead.unsubscribed"
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

/// What a webhook receives when a person's data was erased here: only what the receiver needs to find and erase its
/// own copy (the lead's id, quiz and address), nothing else about the person.
public struct LeadErasedEvent: Sendable, Codable, Equatable {
    public struct Subject: Sendable, Codable, Equatable {
        public var id: String
        public var email: String
    }

    public static let type = "lead.erased"

    public var id: String
    public var type: String
    public var occurredAt: String
    public var quiz: String
    public var lead: Subject

    public init(id: String, occurredAt: Date, leadID: Int64, email: String, quiz: String) {
        self.id = id
        self.type = Self.type
        self.occurredAt = Timestamp.iso8601(occurredAt)
        self.quiz = quiz
        self.lead = Subject(id: String(leadID), email: email)
    }

    public func body() throws -> Data {
        try LeadJSON.encoder.encode(self)
    }
}
