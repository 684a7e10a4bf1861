import Foundation
import GRDB
import QuizfunnelDomain

extension AppDatabase {
    /// Stores the rows in one transaction, each replacing a held row with its key.
    public func importSpend(_ rows: [SpendRow], at now: Date) async throws -> ImportSummary {
        try await self.write { db in
            var summary = ImportSummary()
            for row in rows {
                let held = try Row.fetchOne(
                    db,
                    sql: "SELECT * FROM spend WHERE day = ? AND source = ? AND medium = ? AND campaign = ? AND quizID = ?",
                    arguments: [row.day, row.source, row.medium, row.campaign, row.quiz]
                ).map(SpendRow.init(row:))
                summary.count(row, held: held)
                guard held != row else { continue }
                try db.execute(
                    sql: """
                        INSERT INTO spend (day, source, medium, campaign, quizID, currency, amountMicros, importedAt)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT DO UPDATE SET currency = excluded.currency, amountMicros = excluded.amountMicros,
                            importedAt = excluded.importedAt
                        """,
                    arguments: [row.day, row.source, row.medium, row.campaign, row.quiz, row.currency, row.amountMicros, now.storedText]
                )
            }
            return summary
        }
    }

    /// The spend held for the days `from` through `to`.
    public func spend(from: String, to: String) async throws -> [SpendRow] {
        try await self.writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM spend WHERE day >= ? AND day <= ? ORDER BY day, source, medium, campaign, quizID",
                arguments: [from, to]
            ).map(SpendRow.init(row:))
        }
    }
}

extension SpendRow {
    init(row: Row) {
        self.init(
            day: row["day"],
            amountMicros: row["amountMicros"],
            currency: row["currency"],
            source: row["source"],
            medium: row["medium"],
            campaign: row["campaign"],
            quiz: row["quizID"]
        )
    }
}
