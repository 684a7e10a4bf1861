import Foundation

/// What players answered, question by question, for the dashboard: how often each choice was picked, per segment, and
/// the latest free answers per segment.
public struct AnswerSummary: Sendable, Codable, Equatable {
    public struct Choice: Sendable, Codable, Equatable {
        public var id: String
        /// In the quiz's default locale.
        public var text: String
        public var total: Int
        /// Segment id to how many of its players picked this answer.
        public var segments: [String: Int]
    }

    public struct WrittenAnswer: Sendable, Codable, Equatable {
        public var text: String
        public var at: String

        public init(text: String, at: Date) {
            self.text = text
            self.at = Timestamp.iso8601(at)
        }
    }

    public struct QuestionSummary: Sendable, Codable, Equatable {
        public var id: String
        public var type: String
        public var text: String
        /// For a choice question: every answer, picked or not.
        public var answers: [Choice]?
        /// For a text question: segment id to its latest free answers, newest first (at most `latestLimit`).
        public var latest: [String: [WrittenAnswer]]?
    }

    /// The most free answers shown per question and segment.
    public static let latestLimit = 50

    public var quiz: String
    public var from: String
    public var to: String
    public var questions: [QuestionSummary]

    /// A choice picked: question, answer, the player's segment, and how many times.
    public typealias ChoiceCount = (question: String, answer: String, segment: String, count: Int)

    /// The summary of `quiz` from the stored counts of each choice and the latest free answers of each text question.
    public init(quiz: Quiz, from: String, to: String, choices: [ChoiceCount], texts: [String: [(segment: String, answer: WrittenAnswer)]]) {
        self.quiz = quiz.id
        self.from = from
        self.to = to
        var counts: [String: [String: [String: Int]]] = [:]
        for choice in choices {
            counts[choice.question, default: [:]][choice.answer, default: [:]][choice.segment, default: 0] += choice.count
        }
        let localize = { (text: LocalizedText) in text.resolved(for: quiz.defaultLocale, defaultLocale: quiz.defaultLocale) }
        self.questions = quiz.questions.map { question in
            switch question.kind {
            case .choice:
                let answers = question.answers.map { answer in
                    let segments = counts[question.id]?[answer.id] ?? [:]
                    return Choice(id: answer.id, text: localize(answer.text), total: segments.values.reduce(0, +), segments: segments)
                }
                return QuestionSummary(id: question.id, type: "choice", text: localize(question.text), answers: answers, latest: nil)
            case .text:
                let latest = Dictionary(grouping: texts[question.id] ?? [], by: \.segment).mapValues { $0.map(\.answer) }
                return QuestionSummary(id: question.id, type: "text", text: localize(question.text), answers: nil, latest: latest)
            }
        }
    }
}

extension AnswerSummary {
    /// The start of day `from` and of the day after `to` (`yyyy-MM-dd`, UTC).
    public static func bounds(from: String, to: String) throws(FieldError) -> (start: Date, end: Date) {
        guard let start = Timestamp.parse(from) else { throw FieldError(field: "from", message: "must be a day such as 2026-11-23") }
        guard let last = Timestamp.parse(to) else { throw FieldError(field: "to", message: "must be a day such as 2026-11-23") }
        return (start, last.addingTimeInterval(86_400))
    }
}
