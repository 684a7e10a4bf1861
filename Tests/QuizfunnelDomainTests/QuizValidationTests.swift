import Foundation
import QuizfunnelDomain
import Testing

/// Each invalid fixture has one defect; `check` and `serve` must name its file, JSON path and the rule broken.
@Suite struct QuizValidationTests {
    static let cases: [(file: String, problems: [String])] = [
        ("missing-field", ["consent: missing required field"]),
        ("duplicate-id", ["questions[1].id: duplicate question id \"morning\""]),
        ("unknown-segment", ["questions[0].answers[0].scores.hammer: unknown segment \"hammer\""]),
        ("missing-locale", ["questions[1].answers[0].text: missing locale \"fi\""]),
        ("unscored-segment", ["segments[1]: segment \"lark\" is not scored by any answer"]),
        ("too-few-answers", ["questions[1].answers: a question needs at least 2 answers, found 1"]),
        ("id-not-file-name", ["id: \"bird\" must equal the file name \"id-not-file-name\""]),
        ("wrong-type", ["title: expected a string or an object of one string per locale, found a number"]),
        ("undeclared-locale", ["title.sv: locale \"sv\" is not declared in \"locales\""]),
        (
            "bad-emails",
            [
                "optIn: \"triple\" must be \"double\" or \"single\"",
                "emails.from: \"Bird Club <not-an-address>\" must be an address such as \"Fairway Golf <hello@fairway.example>\"",
                "emails.confirmation.subject: missing locale \"fi\"",
                "emails.segments.eagle: unknown segment \"eagle\"",
            ]
        ),
        (
            "bad-jumps",
            [
                "questions[1].answers[0].next: jumps back to \"morning\": an answer may only lead to a later question or to \"result\"",
                "questions[1].answers[1].next: unknown question \"dawn\"",
            ]
        ),
        ("unreachable-question", ["questions[1]: no path reaches this question: every answer before it jumps past it or ends the quiz"]),
        ("bad-cta-url", ["segments[0].cta.url: \"javascript:alert(1)\" must be an absolute http or https URL"]),
        (
            "bad-embed-origin",
            [
                "embedOrigins[1]: \"https://shop.example.com/landing\" must be an origin such as \"https://shop.example.com\", without a path",
                "embedOrigins[2]: \"*\" must be an origin such as \"https://shop.example.com\", without a path",
            ]
        ),
        (
            "bad-exclusions",
            [
                "questions[0].answers[0].excludes[1]: unknown segment \"eagle\"",
                "questions[0].answers[0].excludes[2]: segment \"lark\" is listed twice",
                "fallback: missing: answers exclude segments, so the quiz must name the segment given when all others are excluded",
            ]
        ),
        ("unknown-fallback", ["fallback: unknown segment \"eagle\""]),
        (
            "bad-pictures",
            [
                "questions[0].answers[0].alt: missing required field",
                "questions[0].answers[1].alt: describes a picture, but the answer has no \"image\"",
                "questions[1].answers[0].image: \"../secret.png\" must be a path inside the public folder, such as \"images/quiz/segment.png\", or an https URL",
            ]
        ),
        (
            "bad-products",
            [
                "segments[0].products: lists 7 products; a segment shows at most 6",
                "segments[1].products[0].url: \"ftp://shop.example.com/clock\" must be an absolute http or https URL",
            ]
        ),
        (
            "bad-text-questions",
            [
                "questions[0].required: only a text question may be optional; a choice is always required",
                "questions[2].type: \"essay\" must be \"choice\" or \"text\"",
                "questions[3].answers: a text question has no answers to choose from",
            ]
        ),
        (
            "bad-ad-platforms",
            [
                "consent.adPersonalization: needs \"adMeasurement\": true: personalisation is more than measurement",
                "adPlatforms[1]: \"tiktok\" must be \"meta\" or \"ga4\"",
                "adPlatforms[2]: \"meta\" is listed twice",
                "adPlatforms: sends leads to ad platforms, but the consent text does not say it covers that: add \"adMeasurement\": true to \"consent\" once its words do",
            ]
        ),
        (
            "bad-variants",
            [
                "variants[0]: the first variant is the control: it has only \"id\" and \"weight\"",
                "variants[1].weight: must be a whole number from 1 to 1000000",
                "variants[2].weight: must be a whole number from 1 to 1000000",
                "variants[2].leadForm: \"sideways\" must be \"after-result\" or \"before-result\"",
                "variants[3].segments.eagle: unknown segment \"eagle\"",
                "variants[3].segments.owl.description: missing locale \"fi\"",
            ]
        ),
        (
            "unknown-field",
            [
                "qustions: unknown field \"qustions\"",
                "questions: missing required field",
                "segments[0]: segment \"owl\" is not scored by any answer",
                "segments[1]: segment \"lark\" is not scored by any answer",
            ]
        ),
    ]

    @Test(arguments: cases)
    func reportsTheDefectWithFileAndPath(file: String, problems: [String]) throws {
        let path = try fixturePath("invalid/\(file).json")

        let error = try #require(throws: QuizLoadingError.self) { try QuizCatalog.load(files: [path]) }

        #expect(error.problems.map { "\($0.path): \($0.message)" } == problems)
        #expect(error.problems.allSatisfy { $0.description.hasPrefix("\(path): ") })
    }

    @Test func malformedJSONSaysWhere() throws {
        let path = try fixturePath("invalid/malformed-json.json")

        let error = try #require(throws: QuizLoadingError.self) { try QuizCatalog.load(files: [path]) }

        let problem = try #require(error.problems.first)
        #expect(error.problems.count == 1)
        #expect(problem.path == "$")
        #expect(problem.message.hasPrefix("malformed JSON:"))
        #expect(problem.message.contains("line 4"))
    }

    @Test func everyProblemOfEveryFileIsReportedAtOnce() throws {
        let files = try ["invalid/missing-locale.json", "invalid/duplicate-id.json"].map(fixturePath)

        let error = try #require(throws: QuizLoadingError.self) { try QuizCatalog.load(files: files) }

        #expect(error.problems.count == 2)
        #expect(error.description.split(separator: "\n").count == 2)
    }

    @Test func twoFilesWithOneQuizIDAreRefused() throws {
        let file = try fixturePath("valid/bird.json")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-\(UUID())/bird.json")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: file, toPath: copy.path)

        let error = try #require(throws: QuizLoadingError.self) { try QuizCatalog.load(files: [file, copy.path]) }

        #expect(error.problems.map(\.message) == ["duplicate quiz id \"bird\""])
    }

    @Test func anEmptyFolderIsAnError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-empty-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)

        let error = try #require(throws: QuizLoadingError.self) { try QuizCatalog.load(folder: folder.path) }

        #expect(error.problems.map(\.message) == ["no quiz files (*.json) found"])
    }
}
