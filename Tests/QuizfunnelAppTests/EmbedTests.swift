import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct EmbedTests {
    @Test func onlyTheQuizsEmbedOriginsMayFrameItsPlayPage() async throws {
        try await TestService().withClient { client in
            let golf = try await client.execute(uri: "/q/golf-club", method: .get)
            let seller = try await client.execute(uri: "/q/social-seller", method: .get)

            #expect(golf.headers[.contentSecurityPolicy]?.hasSuffix("frame-ancestors 'self' https://shop.example.com") == true)
            #expect(seller.headers[.contentSecurityPolicy]?.hasSuffix("frame-ancestors 'self'") == true)
        }
    }

    @Test func adminAndOtherPagesAreNeverFramable() async throws {
        try await TestService().withClient { client in
            let admin = try await client.execute(
                uri: "/api/admin/leads.csv",
                method: .get,
                headers: [.authorization: "Bearer \(TestService.adminToken)"]
            )
            let refused = try await client.execute(uri: "/api/admin/leads.csv", method: .get)
            let share = try await client.execute(uri: "/r/golf-club/driver", method: .get)

            for response in [admin, refused, share] {
                #expect(response.headers[.contentSecurityPolicy]?.hasSuffix("frame-ancestors 'none'") == true)
            }
        }
    }

    @Test func theAPIAnswersCORSForTheQuizsOriginsOnly() async throws {
        try await TestService().withClient { client in
            let allowed = try await client.execute(uri: "/api/quizzes/golf-club", method: .get, headers: [.origin: "https://shop.example.com"])
            let otherQuiz = try await client.execute(uri: "/api/quizzes/social-seller", method: .get, headers: [.origin: "https://shop.example.com"])
            let stranger = try await client.execute(uri: "/api/quizzes/golf-club", method: .get, headers: [.origin: "https://evil.example.com"])
            let list = try await client.execute(uri: "/api/quizzes", method: .get, headers: [.origin: "https://shop.example.com"])

            #expect(allowed.headers[.accessControlAllowOrigin] == "https://shop.example.com")
            #expect(allowed.headers[.vary] == "Origin")
            #expect(list.headers[.accessControlAllowOrigin] == "https://shop.example.com")
            #expect(otherQuiz.headers[.accessControlAllowOrigin] == nil)
            #expect(stranger.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func preflightsAreAnsweredForAllowedOriginsAndRefusedForOthers() async throws {
        try await TestService().withClient { client in
            let preflight: HTTPFields = [.origin: "https://shop.example.com", .accessControlRequestMethod: "POST"]
            let allowed = try await client.execute(uri: "/api/quizzes/golf-club/results", method: .options, headers: preflight)
            let refused = try await client.execute(
                uri: "/api/quizzes/golf-club/results",
                method: .options,
                headers: [.origin: "https://evil.example.com", .accessControlRequestMethod: "POST"]
            )

            #expect(allowed.status == .noContent)
            #expect(allowed.headers[.accessControlAllowOrigin] == "https://shop.example.com")
            #expect(allowed.headers[.accessControlAllowMethods] == "GET, POST")
            #expect(allowed.headers[.accessControlAllowHeaders]?.contains("Content-Type") == true)
            #expect(refused.status == .forbidden)
            #expect(refused.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func errorsCarryCORSHeadersSoTheEmbedderCanReadThem() async throws {
        try await TestService().withClient { client in
            let response = try await client.post(
                "/api/quizzes/golf-club/results",
                json: #"{"answers": {}}"#,
                headers: [.origin: "https://shop.example.com"]
            )

            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.accessControlAllowOrigin] == "https://shop.example.com")
        }
    }

    @Test func embedJSIsServedAsAScript() async throws {
        try await TestService().withClient { client in
            let response = try await client.execute(uri: "/embed.js", method: .get)

            #expect(response.status == .ok)
            #expect(
                response.headers[.contentType]?.hasPrefix("application/javascript") == true
                    || response.headers[.contentType]?.hasPrefix("text/javascript") == true
            )
            #expect(String(buffer: response.body).contains("quizfunnel:height"))
        }
    }
}
