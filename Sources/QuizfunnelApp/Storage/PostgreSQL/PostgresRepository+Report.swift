import Foundation
import PostgresNIO
import QuizfunnelDomain

extension PostgresRepository {
    /// What the earnings report of `quiz` adds up over the days `from` through `to`, read in one transaction (the same
    /// queries as `ReportSQL`, in PostgreSQL's dialect).
    func reportFacts(of quiz: Quiz, from: String, to: String) async throws -> ReportFacts {
        let (start, end) = try AnswerSummary.bounds(from: from, to: to)
        let id = quiz.id
        return try await self.pool.withTransaction(logger: self.logger) { connection in
            var facts = ReportFacts()
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            let leads = try await connection.query(
                """
                SELECT COALESCE(l."utmSource", ''), COALESCE(l."utmMedium", ''), COALESCE(l."utmCampaign", ''), l."segmentID",
                    CASE WHEN via.id IS NULL THEN COALESCE(l.ref, '') ELSE '' END,
                    CASE WHEN via.ref IS NULL OR EXISTS (SELECT 1 FROM result chain WHERE chain."shareRef" = via.ref) THEN '' ELSE via.ref END,
                    COALESCE(via."segmentID", ''),
                    l.status <> 'pending',
                    EXISTS (SELECT 1 FROM conversion c WHERE c."leadID" = l.id AND c.status = 'customer'),
                    COALESCE(own."shareRef" IN (SELECT ref FROM "funnelCount" WHERE "quizID" = \(id) AND metric = 'view' AND ref <> ''), false),
                    COUNT(*)
                FROM lead l
                LEFT JOIN result via ON via."shareRef" = l.ref
                LEFT JOIN result own ON own.id = l."resultID"
                WHERE l."quizID" = \(id) AND l."createdAt" >= \(start) AND l."createdAt" < \(end)
                GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
                """,
                logger: self.logger
            )
            for try await columns in leads.decode((String, String, String, String, String, String, String, Bool, Bool, Bool, Int64).self) {
                var group = ReportFacts.LeadGroup()
                (group.source, group.medium, group.campaign, group.segment) = (columns.0, columns.1, columns.2, columns.3)
                (group.person, group.creditedPerson, group.sharedSegment) = (columns.4, columns.5, columns.6)
                (group.confirmed, group.customer, group.shared, group.count) = (columns.7, columns.8, columns.9, Int(columns.10))
                facts.leads.append(group)
            }
            let revenue = try await connection.query(
                """
                SELECT COALESCE(l."utmSource", ''), COALESCE(l."utmMedium", ''), COALESCE(l."utmCampaign", ''), l."segmentID",
                    CASE WHEN EXISTS (SELECT 1 FROM result via WHERE via."shareRef" = l.ref) THEN '' ELSE COALESCE(l.ref, '') END,
                    c.currency, SUM(c."amountMicros")::bigint
                FROM conversion c JOIN lead l ON l.id = c."leadID"
                WHERE c.status = 'customer' AND l."quizID" = \(id) AND l."createdAt" >= \(start) AND l."createdAt" < \(end)
                GROUP BY 1, 2, 3, 4, 5, 6
                """,
                logger: self.logger
            )
            for try await columns in revenue.decode((String, String, String, String, String, String, Int64).self) {
                var group = ReportFacts.RevenueGroup()
                (group.source, group.medium, group.campaign, group.segment, group.person) = (columns.0, columns.1, columns.2, columns.3, columns.4)
                (group.currency, group.micros) = (columns.5, columns.6)
                facts.revenue.append(group)
            }
            let traffic = try await connection.query(
                """
                SELECT f.day, f.metric, CASE WHEN via.id IS NULL THEN f.ref ELSE '' END, COALESCE(via."segmentID", ''), SUM(f.value)::bigint
                FROM "funnelCount" f LEFT JOIN result via ON via."shareRef" = f.ref
                WHERE f."quizID" = \(id) AND f.day >= \(from) AND f.day <= \(to) AND f.metric IN ('view', 'complete') AND f.ref <> ''
                GROUP BY 1, 2, 3, 4
                """,
                logger: self.logger
            )
            for try await (day, metric, person, sharedSegment, count) in traffic.decode((String, String, String, String, Int64).self) {
                guard let metric = FunnelMetric(rawValue: metric) else { continue }
                var group = ReportFacts.TrafficGroup()
                (group.day, group.metric, group.person, group.sharedSegment, group.count) = (day, metric, person, sharedSegment, Int(count))
                facts.traffic.append(group)
            }
            let sharedLeadDays = try await connection.query(
                """
                SELECT to_char(l."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD'), via."segmentID", COUNT(*)
                FROM lead l JOIN result via ON via."shareRef" = l.ref
                WHERE l."quizID" = \(id) AND l."createdAt" >= \(start) AND l."createdAt" < \(end)
                GROUP BY 1, 2
                """,
                logger: self.logger
            )
            for try await (day, segment, count) in sharedLeadDays.decode((String, String, Int64).self) {
                facts.sharedLeadDays.append(ReportFacts.SharedLeadDay(day: day, sharedSegment: segment, count: Int(count)))
            }
            let spend = try await connection.query(
                """
                SELECT source, medium, campaign, currency, SUM("amountMicros")::bigint FROM spend
                WHERE day >= \(from) AND day <= \(to) AND "quizID" IN (\(id), '')
                GROUP BY 1, 2, 3, 4
                """,
                logger: self.logger
            )
            for try await (source, medium, campaign, currency, micros) in spend.decode((String, String, String, String, Int64).self) {
                facts.spend.append(ReportFacts.SpendGroup(source: source, medium: medium, campaign: campaign, currency: currency, micros: micros))
            }
            return facts
        }
    }
}
