/// One thing wrong with a quiz file, printed as `FILE: JSON-PATH: message`.
public struct QuizProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var path: String
    public var message: String

    public init(file: String, path: JSONPath, message: String) {
        self.file = file
        self.path = path.description
        self.message = message
    }

    public var description: String { "\(self.file): \(self.path): \(self.message)" }
}

/// Every problem found while loading quizzes; thrown so that nothing starts on an invalid quiz.
public struct QuizLoadingError: Error, Sendable, CustomStringConvertible {
    public var problems: [QuizProblem]

    public init(problems: [QuizProblem]) {
        self.problems = problems
    }

    public var description: String {
        self.problems.map(\.description).joined(separator: "\n")
    }
}
