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
