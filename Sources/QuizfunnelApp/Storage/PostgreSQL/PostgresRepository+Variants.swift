import PostgresNIO
import QuizfunnelDomain

/// The experiment's counters on PostgreSQL.
extension PostgresRepository {
    /// Adds the experiment's counts in the funnel flush's transaction, in key order like the funnel's own.
    func upsertVariantCounts(_ counts: [(key: VariantKey, value: Int)], on connection: PostgresConnection) async throws {
        for (key, value) in counts {
            try await connection.query(
                """
                INSERT INTO "variantCount" ("quizID", variant, day, metric, value)
                VALUES (\(key.quizID), \(key.variant), \(key.day), \(key.metric.rawValue), \(value))
                ON CONFLICT ("quizID", variant, day, metric) DO UPDATE SET value = "variantCount".value + excluded.value
                """,
                logger: self.logger
            )
        }
    }

    /// The experiment's counters of `quizID` from day `from` through `to`.
    func variantCounts(quizID: String, from: String, to: String) async throws -> [VariantCount] {
        let rows = try await self.pool.query(
            """
            SELECT variant, day, metric, value FROM "variantCount" WHERE "quizID" = \(quizID) AND day >= \(from) AND day <= \(to)
            """,
            logger: self.logger
        )
        var counts: [VariantCount] = []
        for try await (variant, day, metric, value) in rows.decode((String, String, String, Int).self) {
            guard let metric = FunnelMetric(rawValue: metric) else { continue }
            counts.append(VariantCount(variant: variant, day: day, metric: metric, value: value))
        }
        return counts
    }

    static func sortKey(_ key: VariantKey) -> [String] {
        [key.quizID, key.variant, key.day, key.metric.rawValue]
    }
}
