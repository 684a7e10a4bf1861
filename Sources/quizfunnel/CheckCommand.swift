import ArgumentParser
import Foundation
import QuizfunnelApp
import QuizfunnelDomain

/// Validates quiz files and prints every problem as `FILE: JSON-PATH: message`; with `--simulate`, also scores every
/// path (or many random players) and prints the segment split to expect.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check quiz files and list every problem; exits non-zero if there is any."
    )

    @Argument(help: "Quiz files or folders of them.")
    var paths: [String] = ["Quizzes"]

    @Flag(help: "Score every path (or random players, where there are more than 1,000,000) and report the segment split.")
    var simulate = false

    @Option(help: "With --simulate: the random players drawn for a quiz with more than 1,000,000 paths.")
    var players = 100_000

    @Option(help: "With --simulate: the seed of the random players, so that a run can be repeated.")
    var seed = SimulationSettings.defaultSeed

    @Option(help: "With --simulate: warn about a segment with more than this share of players (a fraction of 1).")
    var maxShare = 0.5

    @Option(help: "With --simulate: warn about a segment with less than this share of players (a fraction of 1).")
    var minShare = 0.05

    @Flag(help: "With --simulate: print the figures as JSON, for CI.")
    var json = false

    func validate() throws {
        guard self.players > 0 else { throw ValidationError("--players must be at least 1") }
        guard (0...1).contains(self.maxShare), (0...1).contains(self.minShare) else {
            throw ValidationError("--max-share and --min-share are fractions of 1, such as 0.5")
        }
        if self.json, !self.simulate { throw ValidationError("--json goes with --simulate") }
    }

    func run() throws {
        let files = try self.paths.flatMap(Self.quizFiles(at:))
        let catalog: QuizCatalog
        do {
            catalog = try QuizCatalog.load(files: files)
            try QuizLibrary.checkMailTemplates(of: catalog, files: files)
            for folder in self.paths where Self.isFolder(folder) { _ = try RefDirectory.load(folder: folder) }
        } catch {
            print(error.description)
            printToStandardError("\(error.problems.count) problem(s) found.")
            throw ExitCode.failure
        }
        if self.simulate {
            try self.printSimulations(of: catalog)
            return
        }
        for quiz in catalog.quizzes {
            print(
                "\(quiz.id): ok (\(quiz.questions.count) questions, \(quiz.segments.count) segments, locales \(quiz.locales.joined(separator: ", ")))"
            )
        }
    }

    private func printSimulations(of catalog: QuizCatalog) throws {
        let settings = SimulationSettings(players: self.players, seed: self.seed, dominantShare: self.maxShare, rareShare: self.minShare)
        let simulations = catalog.quizzes.map { Simulation(of: $0, settings: settings) }
        if self.json {
            print(try SimulationReport.json(simulations))
        } else {
            print(SimulationReport.text(simulations), terminator: "")
        }
        let errors = simulations.reduce(0) { $0 + $1.errors.count }
        if errors > 0 {
            printToStandardError("\(errors) error(s) found.")
            throw ExitCode.failure
        }
    }

    /// The path itself for a file; the quiz files (not the schema) inside for a folder.
    private static func isFolder(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
    }

    private static func quizFiles(at path: String) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ValidationError("\(path): no such file or folder")
        }
        guard isFolder.boolValue else { return [path] }
        return try QuizCatalog.quizFiles(in: path)
    }
}
