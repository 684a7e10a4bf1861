import Foundation
import GRDB
import QuizfunnelDomain

/// A consented email address in one quiz's list, with the consent record of its latest opt-in.
struct LeadRecord: Sendable, Equatable {
    var id: Int64?
    var quizID: String
    /// The lower-cased address: one lead per quiz and key.
    var emailKey: String
    var email: String
    var name: String?
    var segmentID: String
    var resultID: String
    var consentVersion: String
    var consentText: String
    var consentLocale: String
    var consentedAt: Date
    var utmSource: String?
    var utmMedium: String?
    var utmCampaign: String?
    var utmTerm: String?
    var utmContent: String?
    var ref: String?
    var createdAt: Date
    var updatedAt: Date
    var status: LeadStatus = .subscribed
}

extension LeadRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "lead"

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let quizID = Column(CodingKeys.quizID)
        static let emailKey = Column(CodingKeys.emailKey)
        static let segmentID = Column(CodingKeys.segmentID)
        static let status = Column(CodingKeys.status)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        self.id = inserted.rowID
    }
}

extension LeadRecord {
    /// The lead as the domain and the exports know it.
    var lead: Lead {
        Lead(
            id: self.id ?? 0,
            status: self.status,
            email: self.email,
            name: self.name,
            quizID: self.quizID,
            segmentID: self.segmentID,
            consent: ConsentRecord(version: self.consentVersion, text: self.consentText, locale: self.consentLocale, consentedAt: self.consentedAt),
            utm: UTM(source: self.utmSource, medium: self.utmMedium, campaign: self.utmCampaign, term: self.utmTerm, content: self.utmContent),
            ref: self.ref,
            createdAt: self.createdAt,
            updatedAt: self.updatedAt,
        )
    }

    /// Takes the consent, segment and attribution of a new opt-in, keeping the lead's identity and creation time.
    mutating func recordOptIn(from newer: LeadRecord) {
        let (id, createdAt) = (self.id, self.createdAt)
        let name = newer.name ?? self.name
        self = newer
        self.id = id
        self.createdAt = createdAt
        self.name = name
    }
}
