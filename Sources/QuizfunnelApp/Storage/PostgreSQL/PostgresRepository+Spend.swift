import Foundation
import PostgresNIO
import QuizfunnelDomain

extension PostgresRepository {
    /// Stores the rows together (one savepoint of a shared transaction: all or none), each replacing a held row with
    /// its key. The held row is locked while it is compared, so two uploads of the same month at once each count what
    /// they found.
    func importSpend(_ rows: [SpendRow], at now: Date) async throws -> SpendImportSummary {
        try await self.sharedWrite { connection in
            var summary = SpendImportSummary()
            for row in rows {
                let found = try await connection.query(
                    """
                    SELECT day, source, medium, campaign, "quizID", currency, "amountMicros" FROM spend
                    WHERE day = \(row.day) AND source = \(row.source) AND medium = \(row.medium) AND campaign = \(row.campaign)
                        AND "quizID" = \(row.quiz)
                    FOR UPDATE
                    """,
                    logger: self.logger
                )
                var held: SpendRow?
                for try await columns in found.decode((String, String, String, String, String, String, Int64).self) {
                    held = SpendRow(
                        day: columns.0,
                        amountMicros: columns.6,
                        currency: columns.5,
                        source: columns.1,
                        medium: columns.2,
                        campaign: columns.3,
                        quiz: columns.4
                    )
                }
                summary.count(row, held: held)
                guard held != row else { continue }
                try await connection.query(
                    """
                    INSERT INTO spend (day, source, medium, campaign, "quizID", currency, "amountMicros", "importedAt")
                    VALUES (\(row.day), \(row.source), \(row.medium), \(row.campaign), \(row.quiz), \(row.currency), \(row.amountMicros), \(now))
                    ON CONFLICT (day, source, medium, campaign, "quizID") DO UPDATE SET currency = excluded.currency,
                        "amountMicros" = excluded."amountMicros", "importedAt" = excluded."importedAt"
                    """,
                    logger: self.logger
                )
            }
            return summary
        }
    }

    /// The spend held for the days `from` through `to`.
    func spend(from: String, to: String) async throws -> [SpendRow] {
        let rows = try await self.client.query(
            """
            SELECT day, source, medium, campaign, "quizID", currency, "amountMicros" FROM spend
            WHERE day >= \(from) AND day <= \(to) ORDER BY day, source, medium, campaign, "quizID"
            """,
            logger: self.logger
        )
        var spend: [SpendRow] = []
        for try await columns in rows.decode((String, String, String, String, String, String, Int64).self) {
            spend.append(
                SpendRow(
                    day: columns.0,
                    amountMicros: columns.6,
                    currency: columns.5,
                    source: columns.1,
                    medium: columns.2,
                    campaign: columns.3,
                    quiz: columns.4
                )
            )
        }
        return spend
    }
}
