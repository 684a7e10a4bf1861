import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `answers.csv` and `quizfunnel answers`: every result with what the player chose and wrote, one column per question.
@Suite struct AnswerExportTests {
    static let header =
        "result_id,created_at,quiz,quiz_version,segment,locale,utm_source,utm_medium,utm_campaign,utm_term,utm_content,ref,"
        + "saturday,party,problem,holiday,motto,friends,wish,variant\r\n"

    /// A driver who wrote a wish that starts like a formula, and a putter from Facebook who wrote none.
    static func playTwo(_ client: any TestClientProtocol) async throws -> (driver: String, putter: String) {
        let driver = try await client.post(
            "/api/quizzes/golf-club/results",
            object: ["answers": GolfAnswers.driver, "texts": ["wish": "=HYPERLINK(\"x\"), lighter, please"]]
        )
        let putter = try await client.post(
            "/api/quizzes/golf-club/results",
            object: ["answers": GolfAnswers.putter, "lang": "fi", "utm": ["source": "facebook", "medium": "social"], "ref": "krysia"]
        )
        return (
            try decode(QuizContentAPITests.CreatedBody.self, from: driver).resultId,
            try decode(QuizContentAPITests.CreatedBody.self, from: putter).resultId
        )
    }

    static func answers(_ client: any TestClientProtocol, _ query: String) async throws -> TestResponse {
        try await client.admin("/api/admin/answers.csv\(query)")
    }

    @Test func everyResultIsARowWithOneColumnPerQuestion() async throws {
        let service = try TestService()
        let version = try #require(service.catalog.quiz(id: "golf-club")?.version)
        try await service.withClient { client in
            let (driver, putter) = try await Self.playTwo(client)

            let response = try await Self.answers(client, "?quiz=golf-club")

            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(response.headers[.contentDisposition] == #"attachment; filename="answers-golf-club.csv""#)
            let lines = String(buffer: response.body).components(separatedBy: "\r\n")
            #expect(lines[0] + "\r\n" == Self.header)
            #expect(lines.count == 4 && lines[3] == "")
            let rows = lines[1...2].map { $0.replacingOccurrences(of: #"^[^,]*,[^,]*,"#, with: "", options: .regularExpression) }
            #expect(
                rows[0]
                    == "golf-club,\(version),driver,en,,,,,,,big-start,stories,attack,ski,go-big,start-party,\"'=HYPERLINK(\"\"x\"\"), lighter, please\","
            )
            #expect(rows[1] == "golf-club,\(version),putter,fi,facebook,social,,,,krysia,no-hurry,deep-talk,read-twice,cabin,last-inch,advice,,")
            #expect(lines[1].hasPrefix(driver + ",") && lines[2].hasPrefix(putter + ","))
        }
    }

    @Test func segmentAndSinceNarrowTheRows() async throws {
        try await TestService().withClient { client in
            let (_, putter) = try await Self.playTwo(client)

            let putters = String(buffer: try await Self.answers(client, "?quiz=golf-club&segment=putter").body)
            let future = String(buffer: try await Self.answers(client, "?quiz=golf-club&since=2099-01-01T00:00:00Z").body)

            #expect(putters.components(separatedBy: "\r\n").dropFirst().first?.hasPrefix(putter) == true)
            #expect(putters.components(separatedBy: "\r\n").count == 3)
            #expect(future == Self.header)
        }
    }

    @Test(arguments: [
        ("", "quiz: required: the columns are the questions of one quiz"),
        ("?quiz=croquet", "quiz: unknown quiz \"croquet\""),
        ("?quiz=golf-club&segment=closer", "segment: quiz \"golf-club\" has no segment \"closer\""),
        ("?quiz=golf-club&since=yesterday", "since: must be an ISO 8601 time such as 2026-11-23T09:30:00Z"),
    ])
    func aWrongQueryIsA422(query: String, message: String) async throws {
        try await TestService().withClient { client in
            let response = try await Self.answers(client, query)

            #expect(response.status == .unprocessableContent)
            #expect(try errorMessage(response) == message)
        }
    }

    @Test func theExportNeedsTheAdminToken() async throws {
        try await TestService().withClient { client in
            let response = try await client.execute(uri: "/api/admin/answers.csv?quiz=golf-club", method: .get)
            #expect(response.status == .unauthorized)
        }
    }

    @Test func theCommandWritesWhatTheAPIServes() async throws {
        let service = try TestService()
        let served = try await service.withClient { client in
            _ = try await Self.playTwo(client)
            return String(buffer: try await Self.answers(client, "?quiz=golf-club").body)
        }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("answers-\(UUID()).csv").path

        let toFile = try await runQuizfunnel([
            "answers", "--database", try await service.databaseArgument(), "--quiz", "golf-club", "--output", output,
        ])
        let withoutQuiz = try await runQuizfunnel(["answers", "--database", try await service.databaseArgument()])

        #expect(toFile.status == 0, "\(toFile.errors)")
        #expect(try String(contentsOfFile: output, encoding: .utf8) == served)
        #expect(withoutQuiz.status != 0)
        #expect(withoutQuiz.errors.contains("--quiz is required"))
    }
}
