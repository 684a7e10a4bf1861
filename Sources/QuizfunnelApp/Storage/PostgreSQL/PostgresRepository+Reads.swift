import Foundation
import PostgresNIO
import QuizfunnelDomain

/// Health, the funnel's counters and the lead reads (exports, the polling feed) on PostgreSQL.
extension PostgresRepository {
    /// In the database, which every instance shares.
    func addressLimiter(_ limit: RateLimit) -> any AddressLimiter {
        PostgresAddressLimiter(repository: self, limit: limit)
    }

    /// True when the store is ready and the server answers a query within `PostgresClient.leaseTimeout`.
    func isReachable() async -> Bool {
        guard self.readiness.isReady else { return false }
        let answer = try? await self.pool.withConnection(timeout: PostgresPool.leaseTimeout) { connection in
            try await connection.query("SELECT 1", logger: self.logger)
            return true
        }
        return answer ?? false
    }

    /// Adds the counts `take` hands over, each instance its own sums, as additive upserts: in key order, so that two
    /// instances flushing overlapping keys lock rows in the same order and cannot deadlock. One flush at a time in an
    /// instance: a flush (the stats endpoint's) returns only after the counts an earlier one took are committed, as
    /// SQLite's single writer ensures.
    func addFunnelCounts(_ take: @escaping @Sendable () -> [FunnelKey: Int]) async throws {
        try await self.funnelFlushes.withLock {
            let (funnel, variants) = FunnelKey.splitByVariant(take())
            let counts = funnel.sorted { Self.sortKey($0.key).lexicographicallyPrecedes(Self.sortKey($1.key)) }
            guard !counts.isEmpty else { return }
            try await self.upsert(counts, variants: variants.sorted { Self.sortKey($0.key).lexicographicallyPrecedes(Self.sortKey($1.key)) })
        }
    }

    private func upsert(_ counts: [(key: FunnelKey, value: Int)], variants: [(key: VariantKey, value: Int)]) async throws {
        try await self.pool.withTransaction(logger: self.logger) { connection in
            try await self.upsertVariantCounts(variants, on: connection)
            for (key, value) in counts {
                try await connection.query(
                    """
                    INSERT INTO "funnelCount" ("quizID", day, metric, locale, source, medium, campaign, ref, segment, network, question, value)
                    VALUES (\(key.quizID), \(key.day), \(key.metric.rawValue), \(key.locale), \(key.source), \(key.medium), \(key.campaign),
                        \(key.ref), \(key.segment), \(key.network), \(key.question), \(value))
                    ON CONFLICT ("quizID", day, metric, locale, source, medium, campaign, ref, segment, network, question)
                    DO UPDATE SET value = "funnelCount".value + excluded.value
                    """,
                    logger: self.logger
                )
            }
        }
    }

    private static func sortKey(_ key: FunnelKey) -> [String] {
        [
            key.quizID, key.day, key.metric.rawValue, key.locale, key.source, key.medium, key.campaign, key.ref, key.segment, key.network,
            String(key.question),
        ]
    }

    /// The funnel of `quiz` from day `from` through `to`, with the median time to confirm.
    /// What the players of `quiz` answered over the days `from` through `to`: the choices counted by PostgreSQL over the
    /// stored answers' JSON, and the latest free answers per segment.
    func answerSummary(of quiz: Quiz, from: String, to: String) async throws -> AnswerSummary {
        let (start, end) = try AnswerSummary.bounds(from: from, to: to)
        var choices: [AnswerSummary.ChoiceCount] = []
        let rows = try await self.pool.query(
            """
            SELECT "segmentID", answer.key, answer.value, COUNT(*)::bigint
            FROM result, jsonb_each_text(result.answers) AS answer
            WHERE "quizID" = \(quiz.id) AND "createdAt" >= \(start) AND "createdAt" < \(end)
            GROUP BY 1, 2, 3
            """,
            logger: self.logger
        )
        for try await (segment, question, answer, count) in rows.decode((String, String, String, Int64).self) {
            choices.append((question, answer, segment, Int(count)))
        }
        var texts: [String: [(segment: String, answer: AnswerSummary.WrittenAnswer)]] = [:]
        for question in quiz.questions where question.kind == .text {
            let rows = try await self.pool.query(
                """
                SELECT "segmentID", text, "createdAt" FROM (
                    SELECT "segmentID", texts ->> \(question.id) AS text, "createdAt",
                        ROW_NUMBER() OVER (PARTITION BY "segmentID" ORDER BY "createdAt" DESC, id DESC) AS n
                    FROM result
                    WHERE "quizID" = \(quiz.id) AND "createdAt" >= \(start) AND "createdAt" < \(end) AND texts ? \(question.id)
                ) AS latest WHERE n <= \(AnswerSummary.latestLimit) ORDER BY "segmentID", n
                """,
                logger: self.logger
            )
            for try await (segment, text, at) in rows.decode((String, String, Date).self) {
                texts[question.id, default: []].append((segment, AnswerSummary.WrittenAnswer(text: text, at: at)))
            }
        }
        return AnswerSummary(quiz: quiz, from: from, to: to, choices: choices, texts: texts)
    }

    func funnelStats(of quiz: Quiz, from: String, to: String) async throws -> FunnelStats {
        var counts: [(key: FunnelKey, value: Int)] = []
        let rows = try await self.pool.query(
            """
            SELECT "quizID", day, metric, locale, source, medium, campaign, ref, segment, network, question, value
            FROM "funnelCount" WHERE "quizID" = \(quiz.id) AND day >= \(from) AND day <= \(to)
            """,
            logger: self.logger
        )
        for try await row in rows {
            let columns = row.makeRandomAccess()
            guard let metric = FunnelMetric(rawValue: try columns["metric"].decode(String.self)) else { continue }
            var key = FunnelKey(
                quizID: try columns["quizID"].decode(String.self),
                day: try columns["day"].decode(String.self),
                metric: metric,
                locale: try columns["locale"].decode(String.self),
                attribution: Attribution()
            )
            key.source = try columns["source"].decode(String.self)
            key.medium = try columns["medium"].decode(String.self)
            key.campaign = try columns["campaign"].decode(String.self)
            key.ref = try columns["ref"].decode(String.self)
            key.segment = try columns["segment"].decode(String.self)
            key.network = try columns["network"].decode(String.self)
            key.question = try columns["question"].decode(Int.self)
            counts.append((key, try columns["value"].decode(Int.self)))
        }
        var stats = FunnelStats(quiz: quiz, from: from, to: to, counts: counts)
        let median = try await self.pool.query(
            """
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "confirmedAt" - "consentedAt"))::float8
            FROM lead WHERE "quizID" = \(quiz.id) AND "confirmedAt" IS NOT NULL
                AND ("confirmedAt" AT TIME ZONE 'UTC')::date BETWEEN \(from)::date AND \(to)::date
            """,
            logger: self.logger
        )
        for try await seconds in median.decode(Double?.self) { stats.medianSecondsToConfirm = seconds }
        stats.addEarnings(try await self.reportFacts(of: quiz, from: from, to: to), segments: quiz.segments.map(\.id))
        stats.addVariants(of: quiz, counts: try await self.variantCounts(quizID: quiz.id, from: from, to: to))
        return stats
    }

    /// Calls `body` with the matching leads in batches of `batchSize`, oldest first (keyset pages by id), never
    /// holding more than two batches in memory: the next page is read while `body` handles the one before, so that the
    /// server's query and the formatting of the rows use the two cores at once.
    func forEachLeadBatch(matching filter: LeadFilter, baseURL: String, batchSize: Int, _ body: ([Lead]) async throws -> Void) async throws {
        var batch = try await self.leads(matching: filter, after: 0, order: "id", limit: batchSize)
        while let last = batch.last?.id {
            async let next = self.leads(matching: filter, after: last, order: "id", limit: batchSize)
            try await body(batch.map { $0.lead(baseURL: baseURL) })
            batch = try await next
        }
    }

    /// Calls `body` with the matching results in batches, oldest first (by time, then id), the next batch read while
    /// `body` writes this one out.
    func forEachResultBatch(matching filter: ResultFilter, batchSize: Int, _ body: ([ResultRecord]) async throws -> Void) async throws {
        var batch = try await self.results(matching: filter, after: nil, limit: batchSize)
        while let last = batch.last {
            async let next = self.results(matching: filter, after: last, limit: batchSize)
            try await body(batch)
            batch = try await next
        }
    }

    private func results(matching filter: ResultFilter, after last: ResultRecord?, limit: Int) async throws -> [ResultRecord] {
        let query: PostgresQuery = """
            SELECT \(unescaped: ResultRecord.postgresColumns) FROM result
            WHERE "quizID" = \(filter.quizID)
                AND (\(filter.segmentID)::text IS NULL OR "segmentID" = \(filter.segmentID))
                AND (\(filter.since)::timestamptz IS NULL OR "createdAt" >= \(filter.since))
                AND (\(last?.createdAt)::timestamptz IS NULL OR ("createdAt", id) > (\(last?.createdAt), \(last?.id)))
            ORDER BY "createdAt", id LIMIT \(limit)
            """
        var results: [ResultRecord] = []
        for try await row in try await self.pool.query(query, logger: self.logger) {
            results.append(try ResultRecord(postgresRow: row))
        }
        return results
    }

    /// The most recently changed matching leads, newest first.
    func newestLeads(matching filter: LeadFilter, limit: Int, baseURL: String) async throws -> [Lead] {
        try await self.leads(matching: filter, after: 0, order: #""updatedAt" DESC, id DESC"#, limit: limit).map { $0.lead(baseURL: baseURL) }
    }

    private func leads(matching filter: LeadFilter, after lastID: Int64, order: String, limit: Int) async throws -> [LeadRecord] {
        // One statement for every filter: a condition whose value is NULL holds for every row. A subscribed lead counts
        // only while no withdrawal of its address is newer than its consent, as on SQLite.
        let query: PostgresQuery = """
            SELECT \(unescaped: LeadRecord.postgresColumns) FROM lead
            WHERE id > \(lastID)
                AND (\(filter.quizID)::text IS NULL OR "quizID" = \(filter.quizID))
                AND (\(filter.segmentID)::text IS NULL OR "segmentID" = \(filter.segmentID))
                AND (\(filter.since)::timestamptz IS NULL OR "updatedAt" >= \(filter.since))
                AND (\(filter.status?.rawValue)::text IS NULL OR status = \(filter.status?.rawValue))
                AND (\(filter.status?.rawValue)::text IS DISTINCT FROM 'subscribed' OR NOT EXISTS (
                    SELECT 1 FROM suppression WHERE suppression."emailHash" = lead."emailHash" AND suppression."createdAt" >= lead."consentedAt"))
            ORDER BY \(unescaped: order) LIMIT \(limit)
            """
        var leads: [LeadRecord] = []
        for try await row in try await self.pool.query(query, logger: self.logger) {
            leads.append(try LeadRecord(postgresRow: row))
        }
        return leads
    }
}
