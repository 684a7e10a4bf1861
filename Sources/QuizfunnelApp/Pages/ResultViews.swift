import Foundation
import Hummingbird
import QuizfunnelDomain

/// The JSON that `POST /api/quizzes/{quiz}/results` writes for every play, encoded once at start-up: the stored answers
/// are put together from each answer's encoded `"question":"answer"` member, and the 201 from each segment's encoded
/// player view in each locale. `JSONEncoder` took 15 µs for a dictionary of six answers and more for a segment, a
/// fifth of the results route's time (see BENCHMARKS.md).
struct ResultViews: Sendable {
    /// Quiz, then question, then answer: `"saturday":"big-start"`.
    private let answerMembers: [String: [String: [String: String]]]
    private let segments: [SegmentKey: String]
    /// The version of each quiz these views were made from.
    private let versions: [String: String]

    private struct SegmentKey: Hashable {
        var quiz: String
        var segment: String
        var locale: String
    }

    init(catalog: QuizCatalog) throws {
        let encoder = JSONEncoder()
        func json(_ value: some Encodable) throws -> String {
            String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        var answerMembers: [String: [String: [String: String]]] = [:]
        var segments: [SegmentKey: String] = [:]
        for quiz in catalog.quizzes {
            for question in quiz.questions {
                for answer in question.answers {
                    answerMembers[quiz.id, default: [:]][question.id, default: [:]][answer.id] = try json(question.id) + ":" + json(answer.id)
                }
            }
            for segment in quiz.segments {
                for locale in quiz.locales {
                    segments[SegmentKey(quiz: quiz.id, segment: segment.id, locale: locale)] = try json(
                        segment.playerView(locale: locale, quiz: quiz)
                    )
                }
            }
        }
        self.answerMembers = answerMembers
        self.segments = segments
        self.versions = Dictionary(catalog.quizzes.map { ($0.id, $0.version) }, uniquingKeysWith: { first, _ in first })
    }

    /// The chosen answers of `path` (as `Quiz.path(of:texts:)` gives it) as a JSON object, in the order the player
    /// answered. A quiz version other than the one these views were made from is encoded on the spot.
    func answersJSON(quiz: Quiz, path: [PathStep]) -> String? {
        let members = self.versions[quiz.id] == quiz.version ? self.answerMembers[quiz.id] : nil
        var json = "{"
        for step in path {
            guard let answer = step.answer else { continue }
            guard let member = members?[step.question.id]?[answer.id] ?? Self.member(step.question.id, answer.id) else { return nil }
            if json.count > 1 { json += "," }
            json += member
        }
        return json + "}"
    }

    private static func member(_ question: String, _ answer: String) -> String? {
        let encoder = JSONEncoder()
        guard let question = try? encoder.encode(question), let answer = try? encoder.encode(answer) else { return nil }
        return String(decoding: question, as: UTF8.self) + ":" + String(decoding: answer, as: UTF8.self)
    }

    /// The body of the 201: `{"segment":{…},"resultId":"…","shareUrl":"…","shareRef":"…"}`, with the segment in
    /// `locale` (one of the quiz's locales) as encoded at start-up.
    func responseBody(quiz: String, segment: String, locale: String, identifiers: ResultIdentifiers) throws -> ByteBuffer? {
        guard let segmentJSON = self.segments[SegmentKey(quiz: quiz, segment: segment, locale: locale)] else { return nil }
        return try Self.responseBody(segmentJSON: segmentJSON, identifiers: identifiers)
    }

    /// The body of the 201 for a segment of an earlier version of its quiz, encoded on the spot.
    static func responseBody(segment: PlayerSegment, identifiers: ResultIdentifiers) throws -> ByteBuffer? {
        try self.responseBody(segmentJSON: String(decoding: try JSONEncoder().encode(segment), as: UTF8.self), identifiers: identifiers)
    }

    private static func responseBody(segmentJSON: String, identifiers: ResultIdentifiers) throws -> ByteBuffer {
        var body = ByteBuffer()
        body.reserveCapacity(segmentJSON.utf8.count + 160)
        body.writeString(#"{"segment":"#)
        body.writeString(segmentJSON)
        if let resultID = Self.plainJSONString(identifiers.resultId), let shareURL = Self.plainJSONString(identifiers.shareUrl),
            let shareRef = Self.plainJSONString(identifiers.shareRef), let version = Self.plainJSONString(identifiers.quizVersion)
        {
            body.writeString(
                #","resultId":"# + resultID + #","shareUrl":"# + shareURL + #","shareRef":"# + shareRef + #","quizVersion":"# + version + "}"
            )
        } else {
            // `{"resultId":…}` without its brace follows the segment.
            body.writeString(",")
            body.writeBytes(try JSONEncoder().encode(identifiers).dropFirst())
        }
        return body
    }

    /// `text` in quotes when JSON needs nothing in it escaped (no quote, backslash or control character), as in the
    /// ids, refs and links the service makes; `nil` otherwise, to leave the escaping to `JSONEncoder`, which took 11 µs
    /// of every result for these three strings.
    static func plainJSONString(_ text: String) -> String? {
        let needsNoEscape = text.utf8.allSatisfy { byte in
            byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
        }
        return needsNoEscape ? "\"" + text + "\"" : nil
    }
}

/// The fields of a result's 201 besides its segment.
struct ResultIdentifiers: Encodable {
    var resultId: String
    /// The segment's share page in the player's locale, carrying the player's own `ref`.
    var shareUrl: String
    var shareRef: String
    /// The version of the quiz the answers were scored against.
    var quizVersion: String
}
