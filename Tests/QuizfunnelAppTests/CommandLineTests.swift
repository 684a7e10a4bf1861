import Foundation
import Testing

/// Runs the built `quizfunnel` executable, as a marketer or operator would.
@Suite struct CommandLineTests {
    @Test func checkPrintsEveryProblemAndFails() async throws {
        let folder = repositoryRoot.appendingPathComponent("Tests/QuizfunnelDomainTests/Fixtures/invalid").path

        let run = try await runQuizfunnel(["check", folder])

        #expect(run.status == 1)
        #expect(run.output.contains("\(folder)/missing-locale.json: questions[1].answers[0].text: missing locale \"fi\"\n"))
        #expect(run.output.contains("\(folder)/unknown-segment.json: questions[0].answers[0].scores.hammer: unknown segment \"hammer\"\n"))
    }

    @Test func checkPassesTheShippedQuizzes() async throws {
        let run = try await runQuizfunnel(["check", repositoryRoot.appendingPathComponent("Quizzes").path])

        #expect(run.status == 0)
        #expect(run.output.contains("golf-club: ok (7 questions, 4 segments, locales en, fi, pl, es, ru)"))
    }

    /// The shipped quizzes' expected segment split, as text and as JSON, compared with committed golden files (run with
    /// `QUIZFUNNEL_RECORD_GOLDEN=1` to rewrite them after a reviewed change to a quiz).
    @Test(arguments: [(["check", "--simulate"], "check-simulate.txt"), (["check", "--simulate", "--json"], "check-simulate.json")])
    func simulateGivesTheShippedQuizzesSplit(arguments: [String], file: String) async throws {
        let run = try await runQuizfunnel(arguments)
        let golden = repositoryRoot.appendingPathComponent("Tests/QuizfunnelAppTests/Golden/\(file)")

        #expect(run.status == 0, "\(run.errors)")
        if ProcessInfo.processInfo.environment["QUIZFUNNEL_RECORD_GOLDEN"] == "1" {
            try Data(run.output.utf8).write(to: golden)
            Issue.record("recorded \(file); rerun without QUIZFUNNEL_RECORD_GOLDEN")
            return
        }
        #expect(run.output == (try String(contentsOf: golden, encoding: .utf8)), "\(file) differs from its golden file")
    }

    @Test func simulateFailsOnASegmentNoPathReaches() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-simulate-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Every answer that gives the putter points gives the iron more.
        let shipped = try String(contentsOf: repositoryRoot.appendingPathComponent("Quizzes/golf-club.json"), encoding: .utf8)
        var quiz = try #require(try JSONSerialization.jsonObject(with: Data(shipped.utf8)) as? [String: Any])
        var questions = try #require(quiz["questions"] as? [[String: Any]])
        for (index, question) in questions.enumerated() {
            guard var answers = question["answers"] as? [[String: Any]] else { continue }
            for (number, answer) in answers.enumerated() {
                guard var scores = answer["scores"] as? [String: Int], let putter = scores["putter"] else { continue }
                scores["iron"] = putter + 1
                answers[number]["scores"] = scores
            }
            questions[index]["answers"] = answers
        }
        quiz["questions"] = questions
        try JSONSerialization.data(withJSONObject: quiz).write(to: folder.appendingPathComponent("golf-club.json"))

        let run = try await runQuizfunnel(["check", "--simulate", "--max-share", "0.9", folder.path])

        #expect(run.status == 1)
        #expect(run.output.contains("  error: no path reaches segment \"putter\"\n"))
        #expect(run.errors.contains("1 error(s) found."))
    }

    @Test func checkReadsTheMailTemplatesToo() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-check-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let shipped = try String(contentsOf: repositoryRoot.appendingPathComponent("Quizzes/golf-club.json"), encoding: .utf8)
        try shipped.replacingOccurrences(of: "{{unsubscribeUrl}}", with: "{{unsubscribeLink}}")
            .write(to: folder.appendingPathComponent("golf-club.json"), atomically: true, encoding: .utf8)

        let run = try await runQuizfunnel(["check", folder.path])

        #expect(run.status == 1)
        #expect(run.output.contains("golf-club.json: emails.segments.driver.text.pl: unknown placeholder {{unsubscribeLink}}"))
    }

    @Test func serveWithSMTPRefusesAQuizWithoutASender() async throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-\(UUID()).sqlite").path
        // The golf quiz without its sender, and no --mail-from: nothing could be sent.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-sender-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let shipped = try String(contentsOf: repositoryRoot.appendingPathComponent("Quizzes/golf-club.json"), encoding: .utf8)
        try shipped.replacingOccurrences(of: #""from": "Fairway Golf <hello@fairway.example>","#, with: "")
            .write(to: folder.appendingPathComponent("golf-club.json"), atomically: true, encoding: .utf8)
        let run = try await runQuizfunnel([
            "serve", "--quizzes", folder.path, "--database", database, "--port", "0", "--smtp", "smtp://127.0.0.1:2525?tls=none",
        ])

        #expect(run.status != 0)
        #expect(run.errors.contains("golf-club has no emails.from, and --mail-from is not set"))
    }

    @Test func serveRefusesAnAdPlatformWithoutItsSecret() async throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-\(UUID()).sqlite").path

        let meta = try await runQuizfunnel(["serve", "--database", database, "--port", "0", "--meta-pixel-id", "1234"])
        let ga4 = try await runQuizfunnel(["serve", "--database", database, "--port", "0", "--ga4-measurement-id", "G-1", "--ad-client-details"])

        #expect(meta.status != 0 && meta.errors.contains("--meta-pixel-id needs an access token in QUIZFUNNEL_META_ACCESS_TOKEN."))
        #expect(ga4.status != 0 && ga4.errors.contains("--ga4-measurement-id needs an API secret in QUIZFUNNEL_GA4_API_SECRET."))
    }

    @Test func serveRefusesToStartOnAnInvalidQuiz() async throws {
        let folder = repositoryRoot.appendingPathComponent("Tests/QuizfunnelDomainTests/Fixtures/invalid").path
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-\(UUID()).sqlite").path

        let run = try await runQuizfunnel(["serve", "--quizzes", folder, "--database", database, "--port", "0"])

        #expect(run.status != 0)
        #expect(run.errors.contains("duplicate-id.json: questions[1].id: duplicate question id \"morning\""))
        #expect(run.errors.contains("Refusing to start"))
    }

    @Test func exportWritesTheSameCSVAsTheEndpoint() async throws {
        let service = try TestService()
        let endpointCSV = try await service.withClient { client in
            let result = try await client.playGolf(GolfAnswers.driver, extra: ["ref": "krysia"])
            _ = try await client.subscribe(resultID: result.resultId, email: "anna@example.com", name: "Anna, \"A\"")
            return try await client.exportCSV(query: "?segment=driver")
        }
        let output = service.folder.appendingPathComponent("driver.csv").path

        let publicURL = ["--public-url", "https://quiz.example.com"]
        let database = try await service.databaseArgument()
        let toFile = try await runQuizfunnel(["export", "--database", database, "--segment", "driver", "--output", output] + publicURL)
        let toStandardOutput = try await runQuizfunnel(["export", "--database", database, "--quiz", "golf-club"] + publicURL)

        #expect(toFile.status == 0)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == endpointCSV)
        #expect(toStandardOutput.output == endpointCSV)
    }

    @Test func exportWritesIntoTheNamedFileInPlace() async throws {
        // Through a symbolic link, as onto /dev/null: the link stays, and what it points to gets the CSV. (Writing a new
        // file and renaming it over the name replaced /dev/null itself when the command ran as root.)
        let service = try TestService()
        try await service.withClient { client in try await client.playAndSubscribe("anna@example.com") }
        let target = service.folder.appendingPathComponent("leads.csv")
        try Data("an older export, longer than the new one will be...\n".utf8).write(to: target)
        let link = service.folder.appendingPathComponent("latest.csv")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)

        let run = try await runQuizfunnel(["export", "--database", try await service.databaseArgument(), "--output", link.path])
        let devNull = try await runQuizfunnel(["export", "--database", try await service.databaseArgument(), "--output", "/dev/null"])

        #expect(run.status == 0, "\(run.errors)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)
        let written = try String(contentsOf: target, encoding: .utf8)
        #expect(written.hasPrefix("email,name,quiz,segment,"))
        #expect(written.contains("anna@example.com") && !written.contains("an older export"))
        #expect(devNull.status == 0, "\(devNull.errors)")
        #expect(try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType == .typeCharacterSpecial)
    }

    @Test func statsShowsTheSameNumbersAsTheAPI() async throws {
        let service = try TestService()
        try await service.withClient { client in
            try await StatsAPITests.playKnownMix(client)
            // The API flushes the counters to the database, where the command reads them.
            _ = try await client.execute(
                uri: "/api/admin/quizzes/golf-club/stats",
                method: .get,
                headers: [.authorization: "Bearer \(TestService.adminToken)"]
            )
        }

        let run = try await runQuizfunnel(["stats", "--database", try await service.databaseArgument(), "--quiz", "golf-club"])

        #expect(run.status == 0)
        let lines = run.output.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.contains("views 5"))
        #expect(lines.contains("starts 4 80.0%"))
        #expect(lines.contains("completions 2 50.0%"))
        #expect(lines.contains("leads 1 50.0%"))
        #expect(lines.contains("2 party 4 1"))
        #expect(lines.contains("facebook social 2 2 1 1"))
        #expect(lines.contains("krysia 2 1 1"))
    }

    @Test func exportDoesNotCreateAMissingDatabase() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-missing-\(UUID()).sqlite").path

        let run = try await runQuizfunnel(["export", "--database", path])

        #expect(run.status != 0)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

struct CommandRun {
    var status: Int32
    var output: String
    var errors: String
    /// From starting the process to its exit: what the command took, without the wait for a thread to run the test on.
    var duration: Duration
}

/// Runs the `quizfunnel` binary built next to the test bundle, with a time limit. The wait happens on a Dispatch
/// thread: blocking one of the two cooperative threads of this machine for the whole run stalled every other test's
/// async work, and a 0.5 s SMTP time-out once took 37 s to be noticed.
func runQuizfunnel(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandRun {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try runQuizfunnelBlocking(arguments, environment: environment) })
        }
    }
}

private func runQuizfunnelBlocking(_ arguments: [String], environment: [String: String]) throws -> CommandRun {
    let process = Process()
    process.executableURL = productsFolder.appendingPathComponent("quizfunnel")
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
    process.currentDirectoryURL = repositoryRoot
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    let started = ContinuousClock.now
    try process.run()
    // A command that should exit but does not (serve starting after all) is ended instead of hanging the suite.
    let deadline = DispatchWorkItem { if process.isRunning { process.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: deadline)
    defer { deadline.cancel() }
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandRun(
        status: process.terminationStatus,
        output: String(decoding: outputData, as: UTF8.self),
        errors: String(decoding: errorData, as: UTF8.self),
        duration: ContinuousClock.now - started
    )
}

/// The build folder holding the test bundle and the `quizfunnel` executable.
let productsFolder: URL = {
    var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("quizfunnel").path) {
        url.deleteLastPathComponent()
    }
    return url
}()
