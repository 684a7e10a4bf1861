/// Why a set of answers cannot be scored; each names the question or answer at fault.
public enum ScoringError: Error, Sendable, Equatable {
    case unknownQuestion(String)
    case unknownAnswer(question: String, answer: String)
    case unanswered(question: String)
    /// An answer or a text for a question that the path the answers take does not pass.
    case notOnPath(question: String)
    /// A choice sent for a question answered in words.
    case expectsText(question: String)
    /// A text sent for a question answered by a choice.
    case notATextQuestion(question: String)
    /// A text that is too long or holds control characters.
    case invalidText(question: String, reason: String)
}

/// A player's segment, and how the scoring rule came to it.
public struct Outcome: Sendable, Equatable {
    public var segment: Segment
    /// More than one segment the player could have had shared the most points; the one listed first was given.
    public var isTie: Bool
    /// The answers excluded every segment, so the quiz's fallback was given.
    public var isFallback: Bool

    public init(segment: Segment, isTie: Bool, isFallback: Bool) {
        self.segment = segment
        self.isTie = isTie
        self.isFallback = isFallback
    }
}

/// One question a player passed, and their choice (`nil` for a question answered in words).
public struct PathStep: Sendable, Equatable {
    public var question: Question
    public var answer: Answer?
}

extension Quiz {
    /// The player's segment (see `outcome(for:texts:)`).
    public func segment(for answers: [String: String], texts: [String: String] = [:]) throws(ScoringError) -> Segment {
        try self.outcome(for: answers, texts: texts).segment
    }

    /// Scores the answers on the player's path (`path(of:texts:)`): the fallback when the chosen answers exclude every
    /// other segment; otherwise, among the segments not excluded, the one with the most points, the segment listed first
    /// among equals.
    public func outcome(for answers: [String: String], texts: [String: String] = [:]) throws(ScoringError) -> Outcome {
        self.outcome(of: try self.path(of: answers, texts: texts).compactMap(\.answer))
    }

    /// The outcome of the chosen answers.
    public func outcome(of chosen: [Answer]) -> Outcome {
        var points = [Int](repeating: 0, count: self.segments.count)
        var excluded = [Bool](repeating: false, count: self.segments.count)
        for answer in chosen {
            for (segmentID, score) in answer.scores {
                if let index = self.segments.firstIndex(where: { $0.id == segmentID }) { points[index] += score }
            }
            for segmentID in answer.excludes {
                if let index = self.segments.firstIndex(where: { $0.id == segmentID }) { excluded[index] = true }
            }
        }
        let decision = Self.decide(points: points, excluded: excluded, fallback: self.fallbackIndex)
        return Outcome(segment: self.segments[decision.index], isTie: decision.isTie, isFallback: decision.isFallback)
    }

    /// The position of the fallback segment, if the quiz names one.
    public var fallbackIndex: Int? {
        self.fallback.flatMap { id in self.segments.firstIndex { $0.id == id } }
    }

    /// The scoring rule itself, on points and exclusions by segment position, shared by scoring and the simulator: the
    /// fallback when the answers exclude every other segment; otherwise, among the segments not excluded (the fallback
    /// with them), the one with the most points, the first listed among equals.
    @inlinable
    public static func decide(points: [Int], excluded: [Bool], fallback: Int?) -> (index: Int, isTie: Bool, isFallback: Bool) {
        var best = -1
        var isTie = false
        var othersLeft = false
        for index in points.indices where !excluded[index] {
            if index != fallback { othersLeft = true }
            if best < 0 || points[index] > points[best] {
                best = index
                isTie = false
            } else if points[index] == points[best] {
                isTie = true
            }
        }
        if let fallback, !othersLeft { return (fallback, false, true) }
        // Without a fallback the checker allows no exclusions, so some segment is left.
        return (max(best, 0), isTie, false)
    }

    /// The questions a player passes, with their choices, in order. The path starts at the first question; an answer
    /// leads to its `next` question, to the result, or (without `next`) to the question after it in the file, as a text
    /// question always does. Every choice question on the path must be answered and every required text question given
    /// a text; no other question may be.
    public func path(of answers: [String: String], texts: [String: String] = [:]) throws(ScoringError) -> [PathStep] {
        let positions = Dictionary(self.questions.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        if let unknown = (Array(answers.keys) + Array(texts.keys)).sorted().first(where: { positions[$0] == nil }) {
            throw .unknownQuestion(unknown)
        }
        var steps: [PathStep] = []
        var position: Int? = self.questions.isEmpty ? nil : 0
        while let index = position {
            let question = self.questions[index]
            let following = index + 1 < self.questions.count ? index + 1 : nil
            switch question.kind {
            case .text:
                if answers[question.id] != nil { throw .expectsText(question: question.id) }
                if let text = texts[question.id], let reason = TextAnswer.problem(in: text) {
                    throw .invalidText(question: question.id, reason: reason)
                }
                if question.isRequired, TextAnswer.isBlank(texts[question.id]) { throw .unanswered(question: question.id) }
                steps.append(PathStep(question: question, answer: nil))
                position = following
            case .choice:
                if texts[question.id] != nil { throw .notATextQuestion(question: question.id) }
                guard let answerID = answers[question.id] else { throw .unanswered(question: question.id) }
                guard let answer = question.answers.first(where: { $0.id == answerID }) else {
                    throw .unknownAnswer(question: question.id, answer: answerID)
                }
                steps.append(PathStep(question: question, answer: answer))
                switch answer.next {
                case nil: position = following
                case .result: position = nil
                // The checker allows forward jumps only, so the path ends.
                case .question(let id): position = positions[id].flatMap { $0 > index ? $0 : nil }
                }
            }
        }
        let passed = Set(steps.map(\.question.id))
        let given = { (id: String) in answers[id] != nil || texts[id] != nil }
        if let offPath = self.questions.map(\.id).first(where: { given($0) && !passed.contains($0) }) {
            throw .notOnPath(question: offPath)
        }
        return steps
    }
}

/// The rules for a free answer to a text question.
public enum TextAnswer {
    /// The most Unicode scalars a free answer may hold.
    public static let maximumLength = 500

    /// Why `text` cannot be kept, or `nil` when it can.
    public static func problem(in text: String) -> String? {
        if text.unicodeScalars.count > self.maximumLength { return "must be at most \(self.maximumLength) characters" }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "must not contain control characters such as line breaks or tabs"
        }
        return nil
    }

    /// True for a missing answer or one of only spaces.
    public static func isBlank(_ text: String?) -> Bool {
        text?.allSatisfy(\.isWhitespace) ?? true
    }
}
