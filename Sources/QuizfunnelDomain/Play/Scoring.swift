/// Why a set of answers cannot be scored; each names the question or answer at fault.
public enum ScoringError: Error, Sendable, Equatable {
    case unknownQuestion(String)
    case unknownAnswer(question: String, answer: String)
    case unanswered(question: String)
    /// An answer to a question that the path the other answers take does not pass.
    case notOnPath(question: String)
}

extension Quiz {
    /// The player's segment: the highest sum of points over the answers on the player's path; a tie goes to the segment
    /// listed first.
    ///
    /// - Parameter answers: the chosen answer id for every question on the path (`path(of:)`).
    public func segment(for answers: [String: String]) throws(ScoringError) -> Segment {
        var totals: [String: Int] = [:]
        for step in try self.path(of: answers) {
            totals.merge(step.answer.scores, uniquingKeysWith: +)
        }
        var best = self.segments[0]
        for segment in self.segments.dropFirst() where totals[segment.id, default: 0] > totals[best.id, default: 0] {
            best = segment
        }
        return best
    }

    /// The questions a player passes and the answers they chose, in order. The path starts at the first question; an
    /// answer leads to its `next` question, to the result, or (without `next`) to the question after it in the file.
    /// Every question on the path must be answered, and no other.
    public func path(of answers: [String: String]) throws(ScoringError) -> [(question: Question, answer: Answer)] {
        let positions = Dictionary(self.questions.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        if let unknown = answers.keys.sorted().first(where: { positions[$0] == nil }) {
            throw .unknownQuestion(unknown)
        }
        var steps: [(question: Question, answer: Answer)] = []
        var position: Int? = self.questions.isEmpty ? nil : 0
        while let index = position {
            let question = self.questions[index]
            guard let answerID = answers[question.id] else { throw .unanswered(question: question.id) }
            guard let answer = question.answers.first(where: { $0.id == answerID }) else {
                throw .unknownAnswer(question: question.id, answer: answerID)
            }
            steps.append((question, answer))
            switch answer.next {
            case nil: position = index + 1 < self.questions.count ? index + 1 : nil
            case .result: position = nil
            // The checker allows forward jumps only, so the path ends.
            case .question(let id): position = positions[id].flatMap { $0 > index ? $0 : nil }
            }
        }
        let passed = Set(steps.map(\.question.id))
        if let offPath = self.questions.map(\.id).first(where: { answers[$0] != nil && !passed.contains($0) }) {
            throw .notOnPath(question: offPath)
        }
        return steps
    }
}
