import Foundation
import Hummingbird
import NIOCore

/// Request bodies larger than this are refused with 413.
let maximumRequestBodySize = 16 * 1024

extension Request {
    /// Decodes the JSON body, turning every decoding failure into a 400 or 422 that names the field, never a 500.
    /// Unknown fields are ignored.
    func decodeJSON<Value: Decodable>(as type: Value.Type) async throws -> Value {
        try Self.decodeJSON(as: type, from: try await self.collectBody())
    }

    /// The whole body, at most `maximumRequestBodySize` bytes; a larger one is a 413 with an error message like any
    /// other client error (Hummingbird's own 413 for it has no body at all).
    func collectBody(upTo limit: Int = maximumRequestBodySize) async throws -> ByteBuffer {
        do {
            return try await self.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError(status: .contentTooLarge, message: "request body is larger than \(limit / 1024) KiB")
        }
    }

    /// Decodes a body already read, with the same errors as `decodeJSON(as:)`.
    static func decodeJSON<Value: Decodable>(as type: Value.Type, from buffer: ByteBuffer) throws -> Value {
        do {
            return try Self.jsonDecoder.decode(Value.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw Self.apiError(for: error)
        }
    }

    /// One decoder for every request: it holds no state between calls, and making one is a share of a small body's cost.
    private static let jsonDecoder = JSONDecoder()

    private static func apiError(for error: DecodingError) -> APIError {
        switch error {
        case .keyNotFound(let key, let context):
            return .invalid(Self.path(context.codingPath + [key]), "missing required field")
        case .typeMismatch(let type, let context):
            return .invalid(Self.path(context.codingPath), "expected \(Self.describe(type))")
        case .valueNotFound(let type, let context):
            return .invalid(Self.path(context.codingPath), "expected \(Self.describe(type)), found null")
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .badRequest("request body is not valid JSON")
        case .dataCorrupted(let context):
            return .invalid(Self.path(context.codingPath), "invalid value")
        @unknown default:
            return .badRequest("request body could not be read")
        }
    }

    /// `answers.saturday`, `items[2].id`; `body` for the document itself.
    private static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "body" : text
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is String?.Type: "a string"
        case is Bool.Type, is Bool?.Type: "a boolean"
        case is Int.Type, is Double.Type: "a number"
        case is [String: String].Type, is [String: Any].Type: "an object of strings"
        default: "a value of another type"
        }
    }
}
