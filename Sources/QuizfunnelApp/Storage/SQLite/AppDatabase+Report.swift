import Foundation
import GRDB
import QuizfunnelDomain

extension AppDatabase {
    /// What the earnings report of `quiz` adds up over the days `from` through `to`, read in one transaction. A ref is a
    /// share code when a result's `shareRef` is that ref; any other ref is a person's.
    public func reportFacts(of quiz: Quiz, from: String, to: String) async throws -> ReportFacts {
        let (start, end) = try AnswerSummary.bounds(from: from, to: to)
        let arguments: StatementArguments = ["quiz": quiz.id, "start": start.storedText, "end": end.storedText, "from": from, "to": to]
        return try await self.writer.read { db in
            var facts = ReportFacts()
            facts.leads = try Row.fetchAll(db, sql: ReportSQL.leads, arguments: arguments).map { row in
                var group = ReportFacts.LeadGroup()
                (group.source, group.medium, group.campaign, group.segment) = (row[0], row[1], row[2], row[3])
                (group.person, group.creditedPerson, group.sharedSegment) = (row[4], row[5], row[6])
                (group.confirmed, group.customer, group.shared, group.count) = (row[7], row[8], row[9], row[10])
                return group
            }
            facts.revenue = try Row.fetchAll(db, sql: ReportSQL.revenue, arguments: arguments).map { row in
                var group = ReportFacts.RevenueGroup()
                (group.source, group.medium, group.campaign, group.segment, group.person) = (row[0], row[1], row[2], row[3], row[4])
                (group.currency, group.micros) = (row[5], row[6])
                return group
            }
            facts.traffic = try Row.fetchAll(db, sql: ReportSQL.traffic, arguments: arguments).compactMap { row in
                var group = ReportFacts.TrafficGroup()
                guard let metric = FunnelMetric(rawValue: row[1]) else { return nil }
                (group.day, group.metric, group.person, group.sharedSegment, group.count) = (row[0], metric, row[2], row[3], row[4])
                return group
            }
            facts.sharedLeadDays = try Row.fetchAll(db, sql: ReportSQL.sharedLeadDays, arguments: arguments).map { row in
                ReportFacts.SharedLeadDay(day: row[0], sharedSegment: row[1], count: row[2])
            }
            facts.spend = try Row.fetchAll(db, sql: ReportSQL.spend, arguments: arguments).map { row in
                ReportFacts.SpendGroup(source: row[0], medium: row[1], campaign: row[2], currency: row[3], micros: row[4])
            }
            return facts
        }
    }
}

/// The report's queries in SQLite's dialect, with the named arguments `:quiz`, `:start` and `:end` (the range as stored
/// times), `:from` and `:to` (as days). `scripts/benchmarks/earnings.py` computes the same figures through `sqlite3`.
enum ReportSQL {
    /// The leads that arrived in the range, grouped by attribution and outcome. `via` is the shared result a lead came
    /// through; `own` is the lead's own result, `shared` when someone opened its share link.
    static let leads = """
        SELECT COALESCE(l.utmSource, ''), COALESCE(l.utmMedium, ''), COALESCE(l.utmCampaign, ''), l.segmentID,
            CASE WHEN via.id IS NULL THEN COALESCE(l.ref, '') ELSE '' END,
            CASE WHEN via.ref IS NULL OR EXISTS (SELECT 1 FROM result chain WHERE chain.shareRef = via.ref) THEN '' ELSE via.ref END,
            COALESCE(via.segmentID, ''),
            l.status <> 'pending',
            EXISTS (SELECT 1 FROM conversion c WHERE c.leadID = l.id AND c.status = 'customer'),
            COALESCE(own.shareRef IN (SELECT ref FROM funnelCount WHERE quizID = :quiz AND metric = 'view' AND ref <> ''), 0),
            COUNT(*)
        FROM lead l
        LEFT JOIN result via ON via.shareRef = l.ref
        LEFT JOIN result own ON own.id = l.resultID
        WHERE l.quizID = :quiz AND l.createdAt >= :start AND l.createdAt < :end
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
        """

    /// The customers' revenue of those leads.
    static let revenue = """
        SELECT COALESCE(l.utmSource, ''), COALESCE(l.utmMedium, ''), COALESCE(l.utmCampaign, ''), l.segmentID,
            CASE WHEN EXISTS (SELECT 1 FROM result via WHERE via.shareRef = l.ref) THEN '' ELSE COALESCE(l.ref, '') END,
            c.currency, SUM(c.amountMicros)
        FROM conversion c JOIN lead l ON l.id = c.leadID
        WHERE c.status = 'customer' AND l.quizID = :quiz AND l.createdAt >= :start AND l.createdAt < :end
        GROUP BY 1, 2, 3, 4, 5, 6
        """

    /// Views and completions that came with a ref: a person's, or a share code's (by the shared result's segment).
    static let traffic = """
        SELECT f.day, f.metric, CASE WHEN via.id IS NULL THEN f.ref ELSE '' END, COALESCE(via.segmentID, ''), SUM(f.value)
        FROM funnelCount f LEFT JOIN result via ON via.shareRef = f.ref
        WHERE f.quizID = :quiz AND f.day >= :from AND f.day <= :to AND f.metric IN ('view', 'complete') AND f.ref <> ''
        GROUP BY 1, 2, 3, 4
        """

    /// Leads that came through shared results, by day and shared segment.
    static let sharedLeadDays = """
        SELECT substr(l.createdAt, 1, 10), via.segmentID, COUNT(*)
        FROM lead l JOIN result via ON via.shareRef = l.ref
        WHERE l.quizID = :quiz AND l.createdAt >= :start AND l.createdAt < :end
        GROUP BY 1, 2
        """

    /// Spend on the quiz, and on every quiz, in the range.
    static let spend = """
        SELECT source, medium, campaign, currency, SUM(amountMicros) FROM spend
        WHERE day >= :from AND day <= :to AND quizID IN (:quiz, '')
        GROUP BY 1, 2, 3, 4
        """
}
