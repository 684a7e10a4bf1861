import Foundation
import PostgresNIO
import QuizfunnelDomain

extension LeadRecord {
    /// The columns every lead query selects, quoted for PostgreSQL (camelCase names keep their case only in quotes).
    static let postgresColumns = """
        id, "quizID", "emailKey", email, name, "segmentID", "resultID", "consentVersion", "consentText", "consentLocale", \
        "consentedAt", "consentTextSHA256", "consentMethod", "consentOrigin", "utmSource", "utmMedium", "utmCampaign", \
        "utmTerm", "utmContent", ref, "createdAt", "updatedAt", status, "emailHash", "unsubscribeToken", "unsubscribedAt", \
        "confirmedAt", "confirmationTokenID", "confirmingIP", "confirmingUserAgent", variant, "consentAdMeasurement", \
        "consentAdPersonalization", "adClientUserAgent", "adClientIP"
        """

    /// The lead in `row`, selected with `postgresColumns`, read by position (`PostgresCells`): an export reads a million.
    init(postgresRow row: PostgresRow) throws {
        var cells = PostgresCells(row)
        let id: Int64 = try cells.next()
        let quizID: String = try cells.next()
        let emailKey: String = try cells.next()
        let email: String = try cells.next()
        let name: String? = try cells.next()
        let segmentID: String = try cells.next()
        let resultID: String = try cells.next()
        let consentVersion: String = try cells.next()
        let consentText: String = try cells.next()
        let consentLocale: String = try cells.next()
        let consentedAt: Date = try cells.next()
        let consentTextSHA256: String = try cells.next()
        let consentMethod: String = try cells.next()
        let consentOrigin: String? = try cells.next()
        let utmSource: String? = try cells.next()
        let utmMedium: String? = try cells.next()
        let utmCampaign: String? = try cells.next()
        let utmTerm: String? = try cells.next()
        let utmContent: String? = try cells.next()
        let ref: String? = try cells.next()
        let createdAt: Date = try cells.next()
        let updatedAt: Date = try cells.next()
        let status: String = try cells.next()
        guard let known = LeadStatus(rawValue: status) else {
            throw PostgresRowError(message: "unknown lead status \"\(status)\"")
        }
        self.init(
            id: id,
            quizID: quizID,
            emailKey: emailKey,
            email: email,
            name: name,
            segmentID: segmentID,
            resultID: resultID,
            consentVersion: consentVersion,
            consentText: consentText,
            consentLocale: consentLocale,
            consentedAt: consentedAt,
            consentTextSHA256: consentTextSHA256,
            consentMethod: consentMethod,
            consentOrigin: consentOrigin,
            utmSource: utmSource,
            utmMedium: utmMedium,
            utmCampaign: utmCampaign,
            utmTerm: utmTerm,
            utmContent: utmContent,
            ref: ref,
            createdAt: createdAt,
            updatedAt: updatedAt,
            status: known,
            emailHash: try cells.next(),
            unsubscribeToken: try cells.next(),
            unsubscribedAt: try cells.next(),
            confirmedAt: try cells.next(),
            confirmationTokenID: try cells.next(),
            confirmingIP: try cells.next(),
            confirmingUserAgent: try cells.next(),
            variant: try cells.next(),
            consentAdMeasurement: try cells.next(),
            consentAdPersonalization: try cells.next(),
            adClientUserAgent: try cells.next(),
            adClientIP: try cells.next()
        )
    }

    /// Inserts the lead unless the quiz already has one for its address (`ON CONFLICT … DO NOTHING`, so the shared
    /// transaction is never aborted by it); returns false, changing nothing, when it has.
    mutating func insertUnlessKnown(on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        for try await id in try await connection.execute(PostgresLeadStatements.InsertLead(lead: self), logger: logger) {
            self.id = id
            return true
        }
        return false
    }
}

/// A row that does not hold what its query selected.
struct PostgresRowError: Error, CustomStringConvertible {
    var message: String
    var description: String { self.message }
}
