import Foundation
import GRDB
import QuizfunnelDomain

/// One finished play: the answers, the segment scored on the server, and where the player came from.
struct ResultRecord: Sendable, Equatable {
    var id: String
    var quizID: String
    var segmentID: String
    var answers: [String: String]
    var locale: String
    var utmSource: String?
    var utmMedium: String?
    var utmCampaign: String?
    var utmTerm: String?
    var utmContent: String?
    var ref: String?
    var createdAt: Date
    /// The ref code of links this player shares.
    var shareRef: String?

    var attribution: Attribution {
        Attribution(
            utm: UTM(source: self.utmSource, medium: self.utmMedium, campaign: self.utmCampaign, term: self.utmTerm, content: self.utmContent),
            ref: self.ref,
        )
    }
}

extension ResultRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "result"
}

extension ResultRecord {
    init(
        id: String,
        quizID: String,
        segmentID: String,
        answers: [String: String],
        locale: String,
        attribution: Attribution,
        createdAt: Date,
        shareRef: String
    ) {
        self.init(
            id: id,
            quizID: quizID,
            segmentID: segmentID,
            answers: answers,
            locale: locale,
            utmSource: attribution.utm.source,
            utmMedium: attribution.utm.medium,
            utmCampaign: attribution.utm.campaign,
            utmTerm: attribution.utm.term,
            utmContent: attribution.utm.content,
            ref: attribution.ref,
            createdAt: createdAt,
            shareRef: shareRef,
        )
    }
}

/// What a lead takes from the result it comes from: everything but the answers, which a lead never needs (decoding
/// their JSON was a visible part of the lead route's profile).
struct PlayedResult: Sendable, FetchableRecord {
    var id: String
    var segmentID: String
    var locale: String
    var attribution: Attribution
    var createdAt: Date

    static let query = """
        SELECT id, segmentID, locale, utmSource, utmMedium, utmCampaign, utmTerm, utmContent, ref, createdAt
        FROM result WHERE id = ? AND quizID = ?
        """

    init(row: Row) {
        self.id = row[0]
        self.segmentID = row[1]
        self.locale = row[2]
        self.attribution = Attribution(utm: UTM(source: row[3], medium: row[4], campaign: row[5], term: row[6], content: row[7]), ref: row[8])
        self.createdAt = row[9]
    }
}
