import Hummingbird
import QuizfunnelDomain

/// A client error answered as `{"error": {"message": "..."}}`, the message naming the field at fault.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: String
    var headers: HTTPFields = [:]

    static func invalid(_ field: String, _ message: String) -> APIError {
        APIError(status: .unprocessableContent, message: "\(field): \(message)")
    }

    /// The 422 for a domain rule broken by one field.
    static func invalid(_ error: FieldError) -> APIError {
        .invalid(error.field, error.message)
    }

    static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, message: message)
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(status: .badRequest, message: message)
    }

    static func conflict(_ field: String, _ message: String) -> APIError {
        APIError(status: .conflict, message: "\(field): \(message)")
    }

    /// The same generic 429 for every limit, so it tells a client nothing about which one it hit.
    static func tooManyRequests(retryAfter seconds: Double) -> APIError {
        APIError(
            status: .tooManyRequests,
            message: "too many requests; try again later",
            headers: [.retryAfter: String(max(1, Int(seconds.rounded(.up))))]
        )
    }
}

extension APIError: HTTPResponseError {
    func response(from request: Request, context: some RequestContext) throws -> Response {
        try HTTPError(self.status, headers: self.headers, message: self.message).response(from: request, context: context)
    }
}

extension ScoringError {
    /// The 422 naming the question or answer at fault, as a field of the request: `answers.q1`, or `texts.wish` for a
    /// question answered in words.
    func apiError(in quiz: Quiz) -> APIError {
        let field = { (question: String) in
            (quiz.questions.first { $0.id == question }?.kind == .text ? "texts." : "answers.") + question
        }
        return switch self {
        case .unknownQuestion(let question):
            .invalid(field(question), "unknown question \"\(question)\"")
        case .unknownAnswer(let question, let answer):
            .invalid(field(question), "unknown answer \"\(answer)\"")
        case .unanswered(let question):
            .invalid(field(question), "question \"\(question)\" is not answered")
        case .notOnPath(let question):
            .invalid(field(question), "question \"\(question)\" is not on the path these answers take")
        case .expectsText(let question):
            .invalid("answers.\(question)", "question \"\(question)\" is answered in words, under \"texts\"")
        case .notATextQuestion(let question):
            .invalid("texts.\(question)", "question \"\(question)\" is not a text question; its answer goes under \"answers\"")
        case .invalidText(let question, let reason):
            .invalid("texts.\(question)", "the answer to \"\(question)\" \(reason)")
        }
    }
}

extension StorageFault: HTTPResponseError {
    public var status: HTTPResponse.Status { .serviceUnavailable }

    /// 503 with `Retry-After`: the request was not stored, and may be sent again shortly. The fault itself is logged by
    /// `StorageHealth`, once, not in the answer.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try HTTPError(
            .serviceUnavailable,
            headers: [.retryAfter: String(Self.retryAfterSeconds)],
            message: "the service cannot store this right now; try again shortly"
        ).response(from: request, context: context)
    }
}
