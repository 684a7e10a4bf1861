import Foundation
import QuizfunnelDomain

/// One finished play: the answers, the segment scored on the server, and where the player came from.
public struct ResultRecord: Sendable, Equatable, Codable {
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
    /// Free answers to text questions, by question; `nil` when there are none.
    var texts: [String: String]?
    /// The version of the quiz the answers were scored against (`Quiz.version`); `nil` for results kept before versions.
    var quizVersion: String?
    /// The variant the player was shown; `nil` when the quiz had none, or the result came from an API client or a preview.
    var variant: String?
    /// The ad networks' click ids of the landing URL.
    var fbclid: String?
    var gclid: String?

    var attribution: Attribution {
        Attribution(
            utm: UTM(source: self.utmSource, medium: self.utmMedium, campaign: self.utmCampaign, term: self.utmTerm, content: self.utmContent),
            ref: self.ref,
        )
    }

    /// The free answers as stored: a JSON object, or `nil` when there are none.
    var textsJSON: String? {
        guard let texts, !texts.isEmpty, let data = try? JSONEncoder().encode(texts) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
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
        shareRef: String,
        texts: [String: String] = [:],
        quizVersion: String? = nil
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
            texts: texts.isEmpty ? nil : texts,
            quizVersion: quizVersion,
        )
    }
}

/// What a lead takes from the result it comes from: everything but the answers, which a lead never needs (decoding
/// their JSON was a visible part of the lead route's profile).
public struct PlayedResult: Sendable {
    var id: String
    var segmentID: String
    var locale: String
    var attribution: Attribution
    var createdAt: Date
    var variant: String?
    /// The `fbclid` of the landing URL, for the conversion sent to Meta.
    var fbclid: String?
}
