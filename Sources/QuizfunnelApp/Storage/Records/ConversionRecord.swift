import Foundation
import QuizfunnelDomain

/// A conversion as stored: what the CRM reported about one lead.
public struct ConversionRecord: Sendable, Equatable {
    var id: Int64?
    /// The CRM's own id, unique: sent again, it replaces this row.
    var externalID: String?
    var leadID: Int64
    /// The lead's quiz (read with the lead; not stored twice).
    var quizID: String
    var amountMicros: Int64
    var currency: String
    var status: String
    var at: Date
    var recordedAt: Date

    /// What a CRM sending the same conversion again would not change: everything but the row's id and when it was
    /// recorded, with the time to the millisecond both stores keep.
    struct Facts: Equatable {
        var leadID: Int64
        var amountMicros: Int64
        var currency: String
        var status: String
        var atMilliseconds: Int64
    }

    var facts: Facts {
        Facts(
            leadID: self.leadID,
            amountMicros: self.amountMicros,
            currency: self.currency,
            status: self.status,
            atMilliseconds: Int64((self.at.timeIntervalSince1970 * 1000).rounded())
        )
    }

    /// The row for `conversion` about `lead`, recorded at `now`; without a time of its own, it happened when `held` (the
    /// row it replaces) says, else now.
    init(_ conversion: Conversion, lead: LeadRecord, replacing held: ConversionRecord?, at now: Date) {
        self.externalID = conversion.externalID
        self.leadID = lead.id ?? 0
        self.quizID = lead.quizID
        self.amountMicros = conversion.amountMicros
        self.currency = conversion.currency
        self.status = conversion.status
        self.at = conversion.at ?? held?.at ?? now
        self.recordedAt = now
    }

    init(
        id: Int64?,
        externalID: String?,
        leadID: Int64,
        quizID: String,
        amountMicros: Int64,
        currency: String,
        status: String,
        at: Date,
        recordedAt: Date
    ) {
        self.id = id
        self.externalID = externalID
        self.leadID = leadID
        self.quizID = quizID
        self.amountMicros = amountMicros
        self.currency = currency
        self.status = status
        self.at = at
        self.recordedAt = recordedAt
    }
}

extension Conversion {
    /// The one lead among `candidates` (the leads with the id or the address this conversion names) it is about, or
    /// why there is none: a 422 naming the conversion's lead.
    func pick(from candidates: [LeadRecord]) throws(ImportError) -> LeadRecord {
        let none: String
        switch self.lead {
        case .id(let id): none = "there is no lead \(id)"
        case .email: none = "no lead has this address"
        }
        let inQuiz = self.quiz.map { quiz in candidates.filter { $0.quizID == quiz } } ?? candidates
        if inQuiz.count == 1 { return inQuiz[0] }
        if candidates.isEmpty {
            throw ImportError(place: self.leadPlace, message: "\(none) (never one, or erased)")
        }
        if let quiz = self.quiz, inQuiz.isEmpty {
            throw ImportError(place: self.leadPlace, message: "\(none) in quiz \"\(quiz)\"")
        }
        let quizzes = candidates.map(\.quizID).sorted().joined(separator: ", ")
        throw ImportError(place: self.leadPlace, message: "the address is a lead of several quizzes (\(quizzes)); name one with \"quiz\"")
    }
}
