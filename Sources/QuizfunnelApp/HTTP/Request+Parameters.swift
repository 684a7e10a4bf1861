import Hummingbird
import QuizfunnelDomain

extension QuizCatalog {
    /// The quiz named by the route's `:quiz` parameter, or a 404 naming it.
    func quiz(in context: AppRequestContext) throws -> Quiz {
        let id = try context.parameters.require("quiz")
        guard let quiz = self.quiz(id: id) else { throw APIError.notFound("quiz \"\(id)\" not found") }
        return quiz
    }
}

extension Request {
    /// `?limit=` from 1 to `maximum`, `defaultValue` when absent, else a 422.
    func limit(default defaultValue: Int = 100, maximum: Int = 1000) throws -> Int {
        guard let text = self.uri.queryParameters.get("limit") else { return defaultValue }
        guard let limit = Int(text), (1...maximum).contains(limit) else {
            throw APIError.invalid("limit", "must be a whole number from 1 to \(maximum)")
        }
        return limit
    }

    /// The days `?from=` through `?to=` (`YYYY-MM-DD`, UTC, both included; the last 30 days by default), else a 422.
    func statsRange() throws -> StatsRange {
        do {
            return try StatsRange(from: self.uri.queryParameters.get("from"), to: self.uri.queryParameters.get("to"))
        } catch {
            throw APIError.invalid(error)
        }
    }
}
