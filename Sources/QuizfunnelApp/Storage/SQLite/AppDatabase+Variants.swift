import GRDB
import QuizfunnelDomain

extension AppDatabase {
    /// Adds the experiment's counts, in the funnel flush's transaction.
    static func addVariantCounts(_ counts: [VariantKey: Int], in db: Database) throws {
        guard !counts.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO variantCount (quizID, variant, day, metric, value) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO UPDATE SET value = value + excluded.value
                """
        )
        for (key, value) in counts {
            try statement.execute(arguments: [key.quizID, key.variant, key.day, key.metric.rawValue, value])
        }
    }

    /// The experiment's counters of `quizID` from day `from` through `to`.
    func variantCounts(quizID: String, from: String, to: String) async throws -> [VariantCount] {
        try await self.writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT variant, day, metric, value FROM variantCount WHERE quizID = ? AND day >= ? AND day <= ?",
                arguments: [quizID, from, to]
            ).compactMap { row in
                FunnelMetric(rawValue: row["metric"]).map { VariantCount(variant: row["variant"], day: row["day"], metric: $0, value: row["value"]) }
            }
        }
    }
}
