/// Why a set of answers cannot be scored; each names the question or answer at fault.
public enum ScoringError: Error, Sendable, Equatable {
    case unknownQuestion(String)
    case unknownAnswer(question: String, answer: String)
    case unanswered(question: String)
}

extension Quiz {
    /// The player's segment: the highest sum of points over the chosen answers; a tie goes to the segment listed first.
    ///
    /// - Parameter answers: the chosen answer id for every question id.
    public func segment(for answers: [String: String]) throws(ScoringError) -> Segment {
        let questionIDs = Set(self.questions.map(\.id))
        if let unknown = answers.keys.sorted().first(where: { !questionIDs.contains($0) }) {
            throw .unknownQuestion(unknown)
        }
        var totals: [String: Int] = [:]
        for question in self.questions {
            guard let answerID = answers[question.id] else { throw .unanswered(question: question.id) }
            guard let answer = question.answers.first(where: { $0.id == answerID }) else {
                throw .unknownAnswer(question: question.id, answer: answerID)
            }
            totals.merge(answer.scores, uniquingKeysWith: +)
        }
        var best = self.segments[0]
        for segment in self.segments.dropFirst() where totals[segment.id, default: 0] > totals[best.id, default: 0] {
            best = segment
        }
        return best
    }
}
