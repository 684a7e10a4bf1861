import Foundation

/// The days a stats request covers: `YYYY-MM-DD` in UTC, both included; the last 30 days when not given.
public struct StatsRange: Sendable, Equatable {
    public var from: String
    public var to: String

    public init(from: String?, to: String?, today: Date = Date()) throws(FieldError) {
        func day(_ text: String?, field: String, default fallback: Date) throws(FieldError) -> Date {
            guard let text, !text.isEmpty else { return fallback }
            guard text.count == 10, let date = Timestamp.parse(text) else {
                throw FieldError(field: field, message: "must be a day such as 2026-11-01")
            }
            return date
        }
        let end = try day(to, field: "to", default: today)
        let start = try day(from, field: "from", default: end.addingTimeInterval(-29 * 86_400))
        guard start <= end else { throw FieldError(field: "from", message: "must not be after to") }
        guard end.timeIntervalSince(start) <= 366 * 86_400 else {
            throw FieldError(field: "from", message: "the range may cover at most 366 days")
        }
        self.from = Timestamp.day(start)
        self.to = Timestamp.day(end)
    }
}
