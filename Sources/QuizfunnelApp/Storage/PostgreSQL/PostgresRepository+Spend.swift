import Foundation
import PostgresNIO
import QuizfunnelDomain

extension PostgresRepository {
    /// Stores the rows together (one savepoint of a shared transaction: all or none), each replacing a held row with
    /// its key. The held row is locked while it is compared, so two uploads of the same month at once each count what
    /// they found.
    func importSpend(_ rows: [SpendRow], at now: Date) async throws -> ImportSummary {
        try await self.sharedWrite { connection in
            var summary = ImportSummary()
            for row in rows {
                let found = try await connection.query(
                    """
                    SELECT \(unescaped: SpendRow.postgresColumns) FROM spend
                    WHERE day = \(row.day) AND source = \(row.source) AND medium = \(row.medium) AND campaign = \(row.campaign)
                        AND "quizID" = \(row.quiz)
                    FOR UPDATE
                    """,
                    logger: self.logger
                )
                var held: SpendRow?
                for try await columns in found.decode(SpendRow.PostgresColumns.self) { held = SpendRow(columns) }
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
        let rows = try await self.pool.query(
            """
            SELECT \(unescaped: SpendRow.postgresColumns) FROM spend
            WHERE day >= \(from) AND day <= \(to) ORDER BY day, source, medium, campaign, "quizID"
            """,
            logger: self.logger
        )
        var spend: [SpendRow] = []
        for try await columns in rows.decode(SpendRow.PostgresColumns.self) { spend.append(SpendRow(columns)) }
        return spend
    }
}

extension SpendRow {
    static let postgresColumns = #"day, source, medium, campaign, "quizID", currency, "amountMicros""#
    typealias PostgresColumns = (String, String, String, String, String, String, Int64)

    /// A row read as `postgresColumns` selects it.
    init(_ columns: PostgresColumns) {
        self.init(
            day: columns.0,
            amountMicros: columns.6,
            currency: columns.5,
            source: columns.1,
            medium: columns.2,
            campaign: columns.3,
            quiz: columns.4
        )
    }
}
