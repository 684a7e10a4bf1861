import Foundation
import Hummingbird
import HummingbirdTesting
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// Hostile text in quizzes and requests is stored and shown as text, never run; errors reveal nothing inside.
@Suite struct HardeningTests {
    static let script = #"<script>alert("x")</script>"#
    static let sql = #"'); DROP TABLE lead; --"#

    @Test func aQuizTitleWithMarkupIsShownAsText() async throws {
        let folder = try Self.quizzesFolder(title: "Golf \(Self.script) & \"friends\"")
        let service = try TestService(quizzesFolder: folder.path)
        try await service.withClient { (client: any TestClientProtocol) async throws in
            for uri in ["/", "/q/golf-club", "/r/golf-club/driver"] {
                let page = String(buffer: try await client.execute(uri: uri, method: .get).body)
                #expect(page.contains("<script>alert") == false, "\(uri)")
                #expect(page.contains("Golf &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;friends&quot;"), "\(uri)")
            }
        }
    }

    @Test func sqlMetacharactersInEveryFieldAreStoredLiterally() async throws {
        let service = try TestService()
        let email = "o'brien+x@example.com"
        let name = "\(Self.sql) \(Self.script)"
        let utm: [String: String] = [
            "source": Self.sql, "medium": "\"; DELETE", "campaign": "=HYPERLINK(\"x\")", "term": "%' OR '1'='1", "content": "\\x00",
        ]
        try await service.withClient { client in
            let result = try await client.playGolf(GolfAnswers.driver, extra: ["utm": utm, "ref": "r3f_-"])
            #expect(try await client.subscribe(resultID: result.resultId, email: email, name: name).status == .created)

            let csv = try await client.exportCSV()
            #expect(csv.contains(#""'); DROP TABLE lead; -- <script>alert(""x"")</script>""#))
            #expect(csv.contains(#""'=HYPERLINK(""x"")""#), "formula cells are neutralised with a leading apostrophe")
            #expect(csv.contains("o'brien+x@example.com"))
            let json = String(buffer: try await client.admin("/api/admin/leads/\(email)").body)
            #expect(json.contains(#"\"; DELETE"#))
        }
        #expect(try await service.count("lead") == 1, "the table is there, with the one lead")
    }

    @Test func errorsRevealNoStackSQLOrPath() async throws {
        let service = try TestService()
        try await service.withClient { client in
            let probes: [(String, HTTPRequest.Method, String?)] = [
                ("/api/quizzes/golf-club/results", .post, "{not json"),
                ("/api/quizzes/golf-club/results", .post, #"{"answers": [1, 2]}"#),
                ("/api/quizzes/golf-club/leads", .post, #"{"resultId": "\#(Self.sql)", "email": "a@example.com", "consent": true}"#),
                ("/api/quizzes/%00/results", .post, "{}"),
                ("/../Package.swift", .get, nil),
                ("/css/../../Package.swift", .get, nil),
                ("/api/admin/leads/%27%20OR%201%3D1", .get, nil),
                ("/u/\(String(repeating: "%", count: 40))", .get, nil),
            ]
            for (uri, method, body) in probes {
                let response = try await client.execute(
                    uri: uri,
                    method: method,
                    headers: [.contentType: "application/json", .authorization: "Bearer \(TestService.adminToken)"],
                    body: body.map { ByteBuffer(string: $0) }
                )
                let text = String(buffer: response.body)
                #expect(response.status.code < 500, "\(uri)")
                for leak in ["SQLITE", "SELECT", "sqlite", "/work/", "/tmp/", "Swift/", ".swift", "Fatal", "DecodingError", "GRDB"] {
                    #expect(text.contains(leak) == false, "\(uri) answered \(text)")
                }
            }
        }
    }

    @Test func adminPagesAndAPIAreNeverFramable() async throws {
        try await TestService().withClient { client in
            for uri in ["/admin", "/api/admin/leads", "/u/\(String(repeating: "A", count: 32))"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.headers[.contentSecurityPolicy]?.hasSuffix("frame-ancestors 'none'") == true, "\(uri)")
                #expect(response.headers[.contentSecurityPolicy]?.contains("unsafe-inline") == false)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[.permissionsPolicy] != nil)
            }
        }
    }

    /// The shipped quizzes with the golf quiz's title replaced in every locale.
    static func quizzesFolder(title: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quizfunnel-quizzes-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let original = repositoryRoot.appendingPathComponent("Quizzes/golf-club.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: original)) as? [String: Any])
        json.removeValue(forKey: "$schema")
        let locales = try #require(json["locales"] as? [String])
        json["title"] = Dictionary(uniqueKeysWithValues: locales.map { ($0, title) })
        try JSONSerialization.data(withJSONObject: json).write(to: folder.appendingPathComponent("golf-club.json"))
        return folder
    }
}
