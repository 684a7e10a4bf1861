import Foundation
import QuizfunnelDomain

extension FunnelRepository {
    /// Writes the matching leads (their withdrawal links starting with `baseURL`) through `write` in `writer`'s format: header first, then one batch of rows at a time.
    public func export(
        matching filter: LeadFilter,
        as writer: LeadExportWriter,
        baseURL: String = "",
        to write: (String) async throws -> Void
    ) async throws {
        try await write(writer.header())
        try await self.forEachLeadBatch(matching: filter, baseURL: baseURL) { leads in
            try await write(writer.rows(leads))
        }
    }
}

extension FunnelRepository {
    /// Writes `answers.csv` of the matching results through `write`: header first, then one batch of rows at a time.
    public func exportAnswers(matching filter: ResultFilter, of quiz: Quiz, to write: (String) async throws -> Void) async throws {
        let writer = AnswerExportWriter(quiz: quiz)
        try await write(writer.header())
        try await self.forEachResultBatch(matching: filter, batchSize: 1000) { results in
            try await write(writer.rows(results.map(\.answered)))
        }
    }
}

extension ResultRecord {
    var answered: AnsweredResult {
        AnsweredResult(
            id: self.id,
            createdAt: self.createdAt,
            quizVersion: self.quizVersion,
            segment: self.segmentID,
            locale: self.locale,
            attribution: self.attribution,
            answers: self.answers,
            texts: self.texts ?? [:],
            variant: self.variant
        )
    }
}
