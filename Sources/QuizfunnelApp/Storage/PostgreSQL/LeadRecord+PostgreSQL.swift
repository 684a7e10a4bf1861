import Foundation
import PostgresNIO
import QuizfunnelDomain

extension LeadRecord {
    /// The columns every lead query selects, quoted for PostgreSQL (camelCase names keep their case only in quotes).
    static let postgresColumns = """
        id, "quizID", "emailKey", email, name, "segmentID", "resultID", "consentVersion", "consentText", "consentLocale", \
        "consentedAt", "consentTextSHA256", "consentMethod", "consentOrigin", "utmSource", "utmMedium", "utmCampaign", \
        "utmTerm", "utmContent", ref, "createdAt", "updatedAt", status, "emailHash", "unsubscribeToken", "unsubscribedAt", \
        "confirmedAt", "confirmationTokenID", "confirmingIP", "confirmingUserAgent"
        """

    /// The lead in `row`, selected with `postgresColumns`.
    init(postgresRow row: PostgresRow) throws {
        let columns = row.makeRandomAccess()
        func value<Value: PostgresDecodable>(_ name: String, as type: Value.Type = Value.self) throws -> Value {
            try columns[name].decode(Value.self)
        }
        let status: String = try value("status")
        guard let known = LeadStatus(rawValue: status) else {
            throw PostgresRowError(message: "unknown lead status \"\(status)\"")
        }
        self.init(
            id: try value("id", as: Int64.self),
            quizID: try value("quizID"),
            emailKey: try value("emailKey"),
            email: try value("email"),
            name: try value("name"),
            segmentID: try value("segmentID"),
            resultID: try value("resultID"),
            consentVersion: try value("consentVersion"),
            consentText: try value("consentText"),
            consentLocale: try value("consentLocale"),
            consentedAt: try value("consentedAt"),
            consentTextSHA256: try value("consentTextSHA256"),
            consentMethod: try value("consentMethod"),
            consentOrigin: try value("consentOrigin"),
            utmSource: try value("utmSource"),
            utmMedium: try value("utmMedium"),
            utmCampaign: try value("utmCampaign"),
            utmTerm: try value("utmTerm"),
            utmContent: try value("utmContent"),
            ref: try value("ref"),
            createdAt: try value("createdAt"),
            updatedAt: try value("updatedAt"),
            status: known,
            emailHash: try value("emailHash"),
            unsubscribeToken: try value("unsubscribeToken"),
            unsubscribedAt: try value("unsubscribedAt"),
            confirmedAt: try value("confirmedAt"),
            confirmationTokenID: try value("confirmationTokenID"),
            confirmingIP: try value("confirmingIP"),
            confirmingUserAgent: try value("confirmingUserAgent")
        )
    }

    /// Inserts the lead unless the quiz already has one for its address (`ON CONFLICT … DO NOTHING`, so the shared
    /// transaction is never aborted by it); returns false, changing nothing, when it has.
    mutating func insertUnlessKnown(on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO lead ("quizID", "emailKey", email, name, "segmentID", "resultID", "consentVersion", "consentText",
                "consentLocale", "consentedAt", "consentTextSHA256", "consentMethod", "consentOrigin", "utmSource", "utmMedium",
                "utmCampaign", "utmTerm", "utmContent", ref, "createdAt", "updatedAt", status, "emailHash", "unsubscribeToken",
                "unsubscribedAt", "confirmedAt", "confirmationTokenID", "confirmingIP", "confirmingUserAgent")
            VALUES (\(self.quizID), \(self.emailKey), \(self.email), \(self.name), \(self.segmentID), \(self.resultID),
                \(self.consentVersion), \(self.consentText), \(self.consentLocale), \(self.consentedAt), \(self.consentTextSHA256),
                \(self.consentMethod), \(self.consentOrigin), \(self.utmSource), \(self.utmMedium), \(self.utmCampaign),
                \(self.utmTerm), \(self.utmContent), \(self.ref), \(self.createdAt), \(self.updatedAt), \(self.status.rawValue),
                \(self.emailHash), \(self.unsubscribeToken), \(self.unsubscribedAt), \(self.confirmedAt),
                \(self.confirmationTokenID), \(self.confirmingIP), \(self.confirmingUserAgent))
            ON CONFLICT ("quizID", "emailKey") DO NOTHING
            RETURNING id
            """,
            logger: logger
        )
        for try await id in rows.decode(Int64.self) {
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
