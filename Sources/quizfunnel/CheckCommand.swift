import ArgumentParser
import Foundation
import QuizfunnelApp
import QuizfunnelDomain

/// Validates quiz files and prints every problem as `FILE: JSON-PATH: message`.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check quiz files and list every problem; exits non-zero if there is any."
    )

    @Argument(help: "Quiz files or folders of them.")
    var paths: [String] = ["Quizzes"]

    func run() throws {
        let files = try self.paths.flatMap(Self.quizFiles(at:))
        do {
            let catalog = try QuizCatalog.load(files: files)
            try checkMailTemplates(of: catalog, files: files)
            for quiz in catalog.quizzes {
                print(
                    "\(quiz.id): ok (\(quiz.questions.count) questions, \(quiz.segments.count) segments, locales \(quiz.locales.joined(separator: ", ")))"
                )
            }
        } catch {
            print(error.description)
            printToStandardError("\(error.problems.count) problem(s) found.")
            throw ExitCode.failure
        }
    }

    /// The path itself for a file; the quiz files (not the schema) inside for a folder.
    private static func quizFiles(at path: String) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ValidationError("\(path): no such file or folder")
        }
        guard isFolder.boolValue else { return [path] }
        return try QuizCatalog.quizFiles(in: path)
    }
}
