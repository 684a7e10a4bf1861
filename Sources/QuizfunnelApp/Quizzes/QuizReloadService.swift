import Foundation
import Logging
import QuizfunnelDomain
import ServiceLifecycle
import UnixSignals

/// Reloads the quiz folder when `serve` gets SIGHUP (`kill -HUP PID`), quiz by quiz: a quiz whose file passes the
/// checker runs from its new version on, one that fails keeps its running version and its problems are logged as
/// `check` prints them; a new file adds a quiz, a removed one removes it. The consent texts of the new versions are kept
/// before any player sees them; if they cannot be, nothing changes.
public struct QuizReloadService: Service {
    let library: QuizLibrary
    let folder: String
    let database: any FunnelRepository
    let logger: Logger

    public init(library: QuizLibrary, folder: String, database: any FunnelRepository, logger: Logger) {
        self.library = library
        self.folder = folder
        self.database = database
        self.logger = logger
    }

    public func run() async throws {
        let hangUps = await UnixSignalsSequence(trapping: .sighup)
        try await cancelWhenGracefulShutdown {
            for await _ in hangUps {
                await self.reload()
            }
        }
    }

    /// What a reload did, for the log and for tests.
    public struct Outcome: Sendable, Equatable {
        public var loaded: [String] = []
        public var kept: [String] = []
        public var removed: [String] = []
        public var problems: [QuizProblem] = []
    }

    /// Reads the folder again and runs what passes; returns what changed.
    @discardableResult
    public func reload() async -> Outcome {
        let running = self.library.catalog
        let read = QuizLibrary.readEach(folder: self.folder)
        var outcome = Outcome(problems: read.problems)
        var quizzes: [Quiz] = []
        for quiz in running.quizzes where read.failed.contains(quiz.id) {
            quizzes.append(quiz)
            outcome.kept.append(quiz.id)
        }
        for quiz in read.quizzes {
            quizzes.append(quiz)
            if running.quiz(id: quiz.id)?.version != quiz.version { outcome.loaded.append(quiz.id) }
        }
        outcome.removed = running.quizzes.map(\.id).filter { id in !quizzes.contains { $0.id == id } }
        for problem in outcome.problems { self.logger.error("\(problem.description)") }
        if read.folderProblem || quizzes.isEmpty {
            self.logger.error("Quizzes not reloaded: the quiz folder cannot be read or holds no quiz; every quiz keeps its running version")
            return Outcome(kept: running.quizzes.map(\.id), problems: outcome.problems)
        }
        let catalog = QuizCatalog(quizzes: quizzes)
        var refs: RefDirectory?
        do {
            refs = try RefDirectory.load(folder: self.folder)
        } catch {
            outcome.problems += error.problems
            for problem in error.problems { self.logger.error("\(problem.description)") }
            self.logger.error("\(RefDirectory.fileName) not reloaded: the people keep their running names")
        }
        do {
            try await self.database.keepConsentTexts(of: catalog)
            try self.library.replace(with: catalog, refs: refs)
        } catch {
            self.logger.error("Quizzes not reloaded: \(error); every quiz keeps its running version")
            return Outcome(kept: running.quizzes.map(\.id), problems: outcome.problems)
        }
        self.logger.info(
            "Quizzes reloaded",
            metadata: [
                "loaded": "\(outcome.loaded.joined(separator: ","))",
                "kept": "\(outcome.kept.joined(separator: ","))",
                "removed": "\(outcome.removed.joined(separator: ","))",
                "problems": "\(outcome.problems.count)",
            ]
        )
        return outcome
    }
}

extension QuizLibrary {
    /// Every quiz and its mail templates checked, or every problem found: what `check` does and `serve` requires.
    public static func load(folder: String) throws(QuizLoadingError) -> QuizCatalog {
        let catalog = try QuizCatalog.load(folder: folder)
        try self.checkMailTemplates(of: catalog, files: try QuizCatalog.quizFiles(in: folder))
        return catalog
    }

    /// Throws the mail template problems of every quiz in `catalog`, named by the file it was loaded from.
    public static func checkMailTemplates(of catalog: QuizCatalog, files: [String]) throws(QuizLoadingError) {
        let problems = catalog.quizzes.flatMap { quiz in
            MailTemplateCheck.problems(in: quiz, file: files.first { QuizParser.stem(of: $0) == quiz.id } ?? quiz.id)
        }
        guard problems.isEmpty else { throw QuizLoadingError(problems: problems) }
    }

    /// Each quiz file of `folder` read on its own: the quizzes that pass, and the ids (file names) of those that fail.
    static func readEach(folder: String) -> (quizzes: [Quiz], failed: Set<String>, problems: [QuizProblem], folderProblem: Bool) {
        let files: [String]
        do {
            files = try QuizCatalog.quizFiles(in: folder)
        } catch {
            return ([], [], error.problems, true)
        }
        var quizzes: [Quiz] = []
        var failed: Set<String> = []
        var problems: [QuizProblem] = []
        for file in files {
            do {
                let quiz = try QuizCatalog.load(files: [file]).quizzes[0]
                try self.checkMailTemplates(of: QuizCatalog(quizzes: [quiz]), files: [file])
                quizzes.append(quiz)
            } catch {
                failed.insert(QuizParser.stem(of: file))
                problems += error.problems
            }
        }
        return (quizzes, failed, problems, false)
    }
}
