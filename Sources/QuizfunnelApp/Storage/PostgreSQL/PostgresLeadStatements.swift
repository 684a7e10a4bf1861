import Foundation
import Logging
import PostgresNIO
import QuizfunnelDomain

/// The statements every lead runs, prepared once per connection and then only bound and executed: the server skips
/// parsing and planning them, and postgres-nio sends two messages fewer each time.
enum PostgresLeadStatements {
    /// The result a lead comes from.
    struct SelectPlayedResult: PostgresPreparedStatement {
        static let sql = """
            SELECT id, "segmentID", locale, "utmSource", "utmMedium", "utmCampaign", "utmTerm", "utmContent", ref, "createdAt", variant, fbclid
            FROM result WHERE id = $1 AND "quizID" = $2
            """
        typealias Row = PlayedResult

        var id: String
        var quizID: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 2)
            bindings.append(self.id)
            bindings.append(self.quizID)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> PlayedResult {
            let (id, segmentID, locale, source, medium, campaign, term, content, ref, createdAt, variant, fbclid) = try row.decode(
                (String, String, String, String?, String?, String?, String?, String?, String?, Date, String?, String?).self
            )
            return PlayedResult(
                id: id,
                segmentID: segmentID,
                locale: locale,
                attribution: Attribution(utm: UTM(source: source, medium: medium, campaign: campaign, term: term, content: content), ref: ref),
                createdAt: createdAt,
                variant: variant,
                fbclid: fbclid
            )
        }
    }

    /// Why an address is on the suppression list, if it is.
    struct SelectSuppressionReason: PostgresPreparedStatement {
        static let sql = #"SELECT reason FROM suppression WHERE "emailHash" = $1"#
        typealias Row = String

        var emailHash: String

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 1)
            bindings.append(self.emailHash)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> String {
            try row.decode(String.self)
        }
    }

    /// A lead, unless the quiz has one for its address (`ON CONFLICT … DO NOTHING`): its id when it was inserted.
    struct InsertLead: PostgresPreparedStatement {
        static let sql = """
            INSERT INTO lead ("quizID", "emailKey", email, name, "segmentID", "resultID", "consentVersion", "consentText",
                "consentLocale", "consentedAt", "consentTextSHA256", "consentMethod", "consentOrigin", "utmSource", "utmMedium",
                "utmCampaign", "utmTerm", "utmContent", ref, "createdAt", "updatedAt", status, "emailHash", "unsubscribeToken",
                "unsubscribedAt", "confirmedAt", "confirmationTokenID", "confirmingIP", "confirmingUserAgent", variant, "consentAdMeasurement", "consentAdPersonalization",
                "adClientUserAgent", "adClientIP")
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
                $25, $26, $27, $28, $29, $30, $31, $32, $33, $34)
            ON CONFLICT ("quizID", "emailKey") DO NOTHING
            RETURNING id
            """
        typealias Row = Int64

        var lead: LeadRecord

        func makeBindings() throws -> PostgresBindings {
            let lead = self.lead
            var bindings = PostgresBindings(capacity: 34)
            bindings.append(lead.quizID)
            bindings.append(lead.emailKey)
            bindings.append(lead.email)
            bindings.append(lead.name)
            bindings.append(lead.segmentID)
            bindings.append(lead.resultID)
            bindings.append(lead.consentVersion)
            bindings.append(lead.consentText)
            bindings.append(lead.consentLocale)
            bindings.append(lead.consentedAt)
            bindings.append(lead.consentTextSHA256)
            bindings.append(lead.consentMethod)
            bindings.append(lead.consentOrigin)
            bindings.append(lead.utmSource)
            bindings.append(lead.utmMedium)
            bindings.append(lead.utmCampaign)
            bindings.append(lead.utmTerm)
            bindings.append(lead.utmContent)
            bindings.append(lead.ref)
            bindings.append(lead.createdAt)
            bindings.append(lead.updatedAt)
            bindings.append(lead.status.rawValue)
            bindings.append(lead.emailHash)
            bindings.append(lead.unsubscribeToken)
            bindings.append(lead.unsubscribedAt)
            bindings.append(lead.confirmedAt)
            bindings.append(lead.confirmationTokenID)
            bindings.append(lead.confirmingIP)
            bindings.append(lead.confirmingUserAgent)
            bindings.append(lead.variant)
            bindings.append(lead.consentAdMeasurement)
            bindings.append(lead.consentAdPersonalization)
            bindings.append(lead.adClientUserAgent)
            bindings.append(lead.adClientIP)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Int64 {
            try row.decode(Int64.self)
        }
    }

    /// A mail in the outbox.
    struct InsertMail: PostgresPreparedStatement {
        static let sql = """
            INSERT INTO mail ("messageID", kind, "quizID", "leadID", "confirmationToken", state, "createdAt", "nextAttemptAt",
                "giveUpAt", "updatedAt")
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """
        typealias Row = Void

        var messageID: String
        var kind: String
        var quizID: String
        var leadID: Int64?
        var confirmationToken: String?
        var state: String
        var now: Date
        var giveUpAt: Date

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 10)
            bindings.append(self.messageID)
            bindings.append(self.kind)
            bindings.append(self.quizID)
            bindings.append(self.leadID)
            bindings.append(self.confirmationToken)
            bindings.append(self.state)
            bindings.append(self.now)
            bindings.append(self.now)
            bindings.append(self.giveUpAt)
            bindings.append(self.now)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws {}
    }
}

extension PostgresLeadStatements.InsertMail {
    /// The mail of `kind` for the stored `lead`, as `plan` queues it.
    init(_ kind: MailRecord.Kind, for lead: LeadRecord, plan: LeadMailPlan, confirmationToken: String?) {
        self.init(
            messageID: plan.messageID,
            kind: kind.rawValue,
            quizID: lead.quizID,
            leadID: lead.id,
            confirmationToken: confirmationToken,
            state: plan.state.rawValue,
            now: plan.now,
            giveUpAt: plan.now.addingTimeInterval(MailRules.retryWindow(of: kind))
        )
    }
}

extension PostgresLeadStatements {
    /// `SAVEPOINT write`, `RELEASE SAVEPOINT write` and `ROLLBACK TO SAVEPOINT write`, around each write of a shared
    /// transaction (`PostgresGroupCommitter`).
    enum Savepoint {
        struct Set: PostgresCommand { static let sql = "SAVEPOINT write" }
        struct Release: PostgresCommand { static let sql = "RELEASE SAVEPOINT write" }
        struct RollBack: PostgresCommand { static let sql = "ROLLBACK TO SAVEPOINT write" }
    }
}

/// A prepared statement without parameters that returns no rows.
protocol PostgresCommand: PostgresPreparedStatement where Row == Void {}

extension PostgresCommand {
    func makeBindings() throws -> PostgresBindings { PostgresBindings() }
    func decodeRow(_ row: PostgresRow) throws {}
}

extension PostgresConnection {
    /// Runs `statement`, which returns no rows, and returns once it has completed: the row sequence `execute` returns is
    /// read to its end rather than left unread (postgres-nio's command-tag overload traps when the completion has not
    /// arrived yet).
    func run<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws where Statement.Row == Void {
        for try await _ in try await self.execute(statement, logger: logger) {}
    }
}
