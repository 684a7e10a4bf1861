import Foundation
import GRDB
import QuizfunnelDomain

extension AppDatabase {
    /// Records the conversions in one transaction, all or none: each names a lead that exists; one sent again with its
    /// CRM id replaces the row held for that id.
    public func recordConversions(_ conversions: [Conversion], at now: Date) async throws -> ImportSummary {
        try await self.write { db in
            var summary = ImportSummary()
            for conversion in conversions {
                let candidates: [LeadRecord]
                switch conversion.lead {
                case .id(let id): candidates = try LeadRecord.filter(key: id).fetchAll(db)
                case .email(let key): candidates = try LeadRecord.ofAddress(emailKey: key).fetchAll(db)
                }
                let lead = try conversion.pick(from: candidates)
                let held = try conversion.externalID.flatMap { id in
                    try Row.fetchOne(db, sql: "\(ConversionRecord.selectSQL) WHERE externalID = ?", arguments: [id]).map(ConversionRecord.init(row:))
                }
                let record = ConversionRecord(conversion, lead: lead, replacing: held, at: now)
                summary.count(record.facts, held: held?.facts)
                if held == nil {
                    try db.execute(
                        sql: """
                            INSERT INTO conversion (externalID, leadID, amountMicros, currency, status, at, recordedAt)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            record.externalID, record.leadID, record.amountMicros, record.currency, record.status, record.at.storedText,
                            now.storedText,
                        ]
                    )
                } else if held?.facts != record.facts {
                    try db.execute(
                        sql: """
                            UPDATE conversion SET leadID = ?, amountMicros = ?, currency = ?, status = ?, at = ?, recordedAt = ?
                            WHERE externalID = ?
                            """,
                        arguments: [
                            record.leadID, record.amountMicros, record.currency, record.status, record.at.storedText, now.storedText,
                            record.externalID,
                        ]
                    )
                }
            }
            return summary
        }
    }

    /// The conversions of the leads `leadIDs`, oldest first.
    static func conversions(ofLeads leadIDs: [Int64], in db: Database) throws -> [ConversionRecord] {
        try Row.fetchAll(
            db,
            sql: "\(ConversionRecord.selectSQL) WHERE leadID IN (SELECT value FROM json_each(?)) ORDER BY at, conversion.id",
            arguments: [String(decoding: try JSONEncoder().encode(leadIDs), as: UTF8.self)]
        ).map(ConversionRecord.init(row:))
    }
}

extension ConversionRecord {
    static let selectSQL = """
        SELECT conversion.id, externalID, leadID, lead.quizID, amountMicros, currency, conversion.status, at, recordedAt
        FROM conversion JOIN lead ON lead.id = conversion.leadID
        """

    init(row: Row) {
        self.init(
            id: row[0],
            externalID: row[1],
            leadID: row[2],
            quizID: row[3],
            amountMicros: row[4],
            currency: row[5],
            status: row[6],
            at: row[7],
            recordedAt: row[8]
        )
    }
}
