import Foundation

/// The quizzes a service runs, loaded and validated together from one folder.
public struct QuizCatalog: Sendable {
    public let quizzes: [Quiz]
    private let quizzesByID: [String: Quiz]

    public init(quizzes: [Quiz]) {
        self.quizzes = quizzes.sorted { $0.id < $1.id }
        self.quizzesByID = Dictionary(quizzes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func quiz(id: String) -> Quiz? {
        self.quizzesByID[id]
    }

    /// Loads every quiz file in `folder`, or throws every problem of every file.
    public static func load(folder: String) throws(QuizLoadingError) -> QuizCatalog {
        let files = try self.quizFiles(in: folder)
        guard !files.isEmpty else {
            throw QuizLoadingError(problems: [QuizProblem(file: folder, path: .root, message: "no quiz files (*.json) found")])
        }
        return try self.load(files: files)
    }

    /// The `*.json` files in `folder` other than the JSON Schema and the people's names (`Refs.json`), sorted, as paths
    /// below `folder`.
    public static func quizFiles(in folder: String) throws(QuizLoadingError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder)
                .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json") && $0 != RefDirectory.fileName }
                .sorted()
                .map { (folder as NSString).appendingPathComponent($0) }
        } catch {
            throw QuizLoadingError(problems: [QuizProblem(file: folder, path: .root, message: "cannot read the quiz folder")])
        }
    }

    /// Loads the given quiz files, or throws every problem found in any of them.
    public static func load(files: [String]) throws(QuizLoadingError) -> QuizCatalog {
        var quizzes: [Quiz] = []
        var problems: [QuizProblem] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                problems.append(QuizProblem(file: file, path: .root, message: "cannot read the file"))
                continue
            }
            switch QuizParser.parse(data, file: file) {
            case .success(let quiz):
                if quizzes.contains(where: { $0.id == quiz.id }) {
                    problems.append(QuizProblem(file: file, path: JSONPath.root.appending("id"), message: "duplicate quiz id \"\(quiz.id)\""))
                } else {
                    quizzes.append(quiz)
                }
            case .failure(let error):
                problems += error.problems
            }
        }
        guard problems.isEmpty else { throw QuizLoadingError(problems: problems) }
        return QuizCatalog(quizzes: quizzes)
    }
}
