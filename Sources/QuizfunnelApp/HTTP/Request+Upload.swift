import Foundation
import Hummingbird
import QuizfunnelDomain

/// What the marketer and the CRM upload (spend, conversions) is larger than a player's request: a year of daily spend
/// for a few dozen campaigns, or tens of thousands of conversions, fit. The admin token guards it.
let maximumUploadSize = 4 * 1024 * 1024

extension Request {
    /// Reads an upload of at most `maximumUploadSize` bytes: a CSV file (`Content-Type: text/csv`) with `csv`, anything
    /// else as JSON with `json`; an `ImportError` from either is a 422 naming its place.
    func readUpload<Rows>(
        csv: (String) throws(ImportError) -> Rows,
        json: (Data) throws(ImportError) -> Rows
    ) async throws -> Rows {
        let body = try await self.collectBody(upTo: maximumUploadSize)
        do {
            if self.headers[.contentType]?.lowercased().hasPrefix("text/csv") == true {
                return try csv(String(decoding: body.readableBytesView, as: UTF8.self))
            }
            return try json(Data(body.readableBytesView))
        } catch {
            throw APIError.invalid(error.place, error.message)
        }
    }
}
