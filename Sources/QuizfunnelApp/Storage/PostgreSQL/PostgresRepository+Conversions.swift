import Foundation
import PostgresNIO
import QuizfunnelDomain

extension PostgresRepository {
    /// Records the conversions together (one savepoint of a shared transaction: all or none). The leads are locked
    /// while their conversions are written, so an erasure at the same time either comes first (and the conversion is
    /// refused) or takes them with it.
    func recordConversions(_ conversions: [Conversion], at now: Date) async throws -> ImportSummary {
        try await self.sharedWrite { connection in
            var summary = ImportSummary()
            for conversion in conversions {
                var candidates: [LeadRecord] = []
                switch conversion.lead {
                case .id(let id):
                    for try await row in try await connection.query(
                        "SELECT \(unescaped: LeadRecord.postgresColumns) FROM lead WHERE id = \(id) FOR UPDATE",
                        logger: self.logger
                    ) {
                        candidates.append(try LeadRecord(postgresRow: row))
                    }
                case .email(let key):
                    candidates = try await self.leads(ofAddress: key, locking: true, on: connection)
                }
                let lead = try conversion.pick(from: candidates)
                var held: ConversionRecord?
                if let externalID = conversion.externalID {
                    for try await row in try await connection.query(
                        "\(unescaped: ConversionRecord.postgresSelect) WHERE \"externalID\" = \(externalID) FOR UPDATE OF conversion",
                        logger: self.logger
                    ) {
                        held = try ConversionRecord(postgresRow: row)
                    }
                }
                let record = ConversionRecord(conversion, lead: lead, replacing: held, at: now)
                summary.count(record.facts, held: held?.facts)
                if held == nil {
                    try await connection.query(
                        """
                        INSERT INTO conversion ("externalID", "leadID", "amountMicros", currency, status, at, "recordedAt")
                        VALUES (\(record.externalID), \(record.leadID), \(record.amountMicros), \(record.currency), \(record.status),
                            \(record.at), \(now))
                        """,
                        logger: self.logger
                    )
                } else if held?.facts != record.facts {
                    try await connection.query(
                        """
                        UPDATE conversion SET "leadID" = \(record.leadID), "amountMicros" = \(record.amountMicros),
                            currency = \(record.currency), status = \(record.status), at = \(record.at), "recordedAt" = \(now)
                        WHERE "externalID" = \(record.externalID)
                        """,
                        logger: self.logger
                    )
                }
            }
            return summary
        }
    }

    /// The conversions of the leads `leadIDs`, oldest first.
    func conversions(ofLeads leadIDs: [Int64], on connection: PostgresConnection) async throws -> [ConversionRecord] {
        var conversions: [ConversionRecord] = []
        for try await row in try await connection.query(
            "\(unescaped: ConversionRecord.postgresSelect) WHERE \"leadID\" = ANY(\(leadIDs)) ORDER BY at, conversion.id",
            logger: self.logger
        ) {
            conversions.append(try ConversionRecord(postgresRow: row))
        }
        return conversions
    }
}

extension ConversionRecord {
    static let postgresSelect = """
        SELECT conversion.id, "externalID", "leadID", lead."quizID", "amountMicros", currency, conversion.status, at, "recordedAt"
        FROM conversion JOIN lead ON lead.id = conversion."leadID"
        """

    init(postgresRow row: PostgresRow) throws {
        let (id, externalID, leadID, quizID, amountMicros, currency, status, at, recordedAt) = try row.decode(
            (Int64, String?, Int64, String, Int64, String, String, Date, Date).self
        )
        self.init(
            id: id,
            externalID: externalID,
            leadID: leadID,
            quizID: quizID,
            amountMicros: amountMicros,
            currency: currency,
            status: status,
            at: at,
            recordedAt: recordedAt
        )
    }
}
