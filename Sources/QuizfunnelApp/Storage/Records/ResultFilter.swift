import Foundation

/// Which results an answers export reads: those of one quiz, optionally of one segment, stored at or after a time.
public struct ResultFilter: Sendable, Equatable {
    public var quizID: String
    public var segmentID: String?
    public var since: Date?

    public init(quizID: String, segmentID: String? = nil, since: Date? = nil) {
        self.quizID = quizID
        self.segmentID = segmentID
        self.since = since
    }
}
