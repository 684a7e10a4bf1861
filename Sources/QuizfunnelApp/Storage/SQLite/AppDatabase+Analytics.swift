import GRDB
import QuizfunnelDomain

extension AppDatabase {
    /// Adds the counts `take` hands over inside the write transaction. Taking them there, in the writer's order, means a
    /// later flush (the stats endpoint's) waits for an earlier one (the timer's) and then reads what it wrote.
    public func addFunnelCounts(_ take: @escaping @Sendable () -> [FunnelKey: Int]) async throws {
        try await self.write { db in
            let (counts, variantCounts) = FunnelKey.splitByVariant(take())
            guard !counts.isEmpty else { return }
            try Self.addVariantCounts(variantCounts, in: db)
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO funnelCount (quizID, day, metric, locale, source, medium, campaign, ref, segment, network, question, value)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO UPDATE SET value = value + excluded.value
                    """
            )
            for (key, value) in counts {
                try statement.execute(arguments: [
                    key.quizID, key.day, key.metric.rawValue, key.locale, key.source, key.medium, key.campaign, key.ref,
                    key.segment, key.network, key.question, value,
                ])
            }
        }
    }

    /// The counters of `quizID` from day `from` through `to`.
    public func funnelCounts(quizID: String, from: String, to: String) async throws -> [(key: FunnelKey, value: Int)] {
        try await self.writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM funnelCount WHERE quizID = ? AND day >= ? AND day <= ?",
                arguments: [quizID, from, to]
            ).compactMap { row in
                guard let metric = FunnelMetric(rawValue: row["metric"]) else { return nil }
                var key = FunnelKey(quizID: row["quizID"], day: row["day"], metric: metric, locale: row["locale"], attribution: Attribution())
                key.source = row["source"]
                key.medium = row["medium"]
                key.campaign = row["campaign"]
                key.ref = row["ref"]
                key.segment = row["segment"]
                key.network = row["network"]
                key.question = row["question"]
                return (key, row["value"])
            }
        }
    }

    /// The median seconds from submitting an address to confirming it, over the confirmations of `quizID` on the days
    /// `from` through `to` (UTC); `nil` when there are none.
    public func medianSecondsToConfirm(quizID: String, from: String, to: String) async throws -> Double? {
        let seconds = try await self.writer.read { db in
            try Double.fetchAll(
                db,
                sql: """
                    SELECT (julianday(confirmedAt) - julianday(consentedAt)) * 86400 FROM lead
                    WHERE quizID = ? AND confirmedAt IS NOT NULL AND date(confirmedAt) >= ? AND date(confirmedAt) <= ?
                    ORDER BY 1
                    """,
                arguments: [quizID, from, to]
            )
        }
        guard !seconds.isEmpty else { return nil }
        let middle = seconds.count / 2
        return seconds.count % 2 == 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2
    }

    /// The funnel of `quiz` from day `from` through `to`, with the median time to confirm and the earnings report.
    public func funnelStats(of quiz: Quiz, from: String, to: String) async throws -> FunnelStats {
        var stats = FunnelStats(quiz: quiz, from: from, to: to, counts: try await self.funnelCounts(quizID: quiz.id, from: from, to: to))
        stats.medianSecondsToConfirm = try await self.medianSecondsToConfirm(quizID: quiz.id, from: from, to: to)
        stats.addEarnings(try await self.reportFacts(of: quiz, from: from, to: to), segments: quiz.segments.map(\.id))
        stats.addVariants(of: quiz, counts: try await self.variantCounts(quizID: quiz.id, from: from, to: to))
        return stats
    }

    /// What the players of `quiz` answered over the days `from` through `to`: the choices counted by SQLite over the
    /// stored answers' JSON, and the latest free answers per segment.
    public func answerSummary(of quiz: Quiz, from: String, to: String) async throws -> AnswerSummary {
        let (start, end) = try AnswerSummary.bounds(from: from, to: to)
        let textQuestions = quiz.questions.filter { $0.kind == .text }.map(\.id)
        return try await self.writer.read { db in
            let choices = try Row.fetchAll(
                db,
                sql: """
                    SELECT segmentID, answer.key AS question, answer.value AS answer, COUNT(*) AS count
                    FROM result, json_each(result.answers) AS answer
                    WHERE quizID = ? AND createdAt >= ? AND createdAt < ?
                    GROUP BY 1, 2, 3
                    """,
                arguments: [quiz.id, start.storedText, end.storedText]
            ).map { row in
                (
                    question: row["question"] as String, answer: row["answer"] as String, segment: row["segmentID"] as String,
                    count: row["count"] as Int
                )
            }
            var texts: [String: [(segment: String, answer: AnswerSummary.WrittenAnswer)]] = [:]
            for question in textQuestions {
                let path = "$.\"" + question + "\""
                texts[question] = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT segmentID, text, createdAt FROM (
                            SELECT segmentID, json_extract(texts, ?) AS text, createdAt,
                                ROW_NUMBER() OVER (PARTITION BY segmentID ORDER BY createdAt DESC, id DESC) AS n
                            FROM result
                            WHERE quizID = ? AND createdAt >= ? AND createdAt < ? AND json_extract(texts, ?) IS NOT NULL
                        ) WHERE n <= ? ORDER BY segmentID, n
                        """,
                    arguments: [path, quiz.id, start.storedText, end.storedText, path, AnswerSummary.latestLimit]
                ).map { row in
                    (segment: row["segmentID"] as String, answer: AnswerSummary.WrittenAnswer(text: row["text"], at: row["createdAt"]))
                }
            }
            return AnswerSummary(quiz: quiz, from: from, to: to, choices: choices, texts: texts)
        }
    }
}
