import Foundation

/// One stored result as the answers export shows it.
public struct AnsweredResult: Sendable, Equatable {
    public var id: String
    public var createdAt: Date
    public var quizVersion: String?
    public var segment: String
    public var locale: String
    public var attribution: Attribution
    /// Question id to answer id.
    public var answers: [String: String]
    /// Question id to free answer.
    public var texts: [String: String]
    /// The variant the player was shown, if the quiz ran an experiment.
    public var variant: String?

    public init(
        id: String,
        createdAt: Date,
        quizVersion: String?,
        segment: String,
        locale: String,
        attribution: Attribution,
        answers: [String: String],
        texts: [String: String],
        variant: String? = nil
    ) {
        self.id = id
        self.createdAt = createdAt
        self.quizVersion = quizVersion
        self.segment = segment
        self.locale = locale
        self.attribution = attribution
        self.answers = answers
        self.texts = texts
        self.variant = variant
    }
}

/// `answers.csv`: every result of one quiz with the answer chosen (its id) or written (its words) for each question,
/// one column per question in the quiz's order, through the lead exports' `CSVWriter` (RFC 4180, formulas neutralised).
/// A question the player's path skipped is an empty cell. The variant comes last, so that the questions keep their places.
public struct AnswerExportWriter: Sendable {
    public static let fixedColumns = [
        "result_id", "created_at", "quiz", "quiz_version", "segment", "locale", "utm_source", "utm_medium", "utm_campaign",
        "utm_term", "utm_content", "ref",
    ]

    public let quiz: Quiz

    public init(quiz: Quiz) {
        self.quiz = quiz
    }

    /// After the questions.
    public static let lastColumns = ["variant"]

    /// The questions' columns: the question id, prefixed with `question_` where it would repeat a fixed column.
    public var questionColumns: [String] {
        self.quiz.questions.map { (Self.fixedColumns + Self.lastColumns).contains($0.id) ? "question_" + $0.id : $0.id }
    }

    public func header() -> String {
        CSVWriter.record(Self.fixedColumns + self.questionColumns + Self.lastColumns)
    }

    public func rows(_ results: [AnsweredResult]) -> String {
        var output = ""
        for result in results {
            let utm = result.attribution.utm
            let fixed = [
                result.id, Timestamp.iso8601(result.createdAt), self.quiz.id, result.quizVersion ?? "", result.segment, result.locale,
                utm.source ?? "", utm.medium ?? "", utm.campaign ?? "", utm.term ?? "", utm.content ?? "", result.attribution.ref ?? "",
            ]
            let answers = self.quiz.questions.map { question in
                (question.kind == .text ? result.texts[question.id] : result.answers[question.id]) ?? ""
            }
            CSVWriter.appendRecord(fixed + answers + [result.variant ?? ""], to: &output)
        }
        return output
    }
}
