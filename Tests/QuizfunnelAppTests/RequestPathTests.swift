import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import QuizfunnelApp

/// A path with a control character is refused before anything reads it, and no redirect leaves the site.
@Suite struct RequestPathTests {
    @Test(arguments: ["/js%00@evil.example", "/css%0d%0aSet-Cookie:x", "/q/golf-club%7f", "/images%c2%85", "/js%1f/", "/%2Fjs%00@evil.example"])
    func aControlCharacterInThePathIsRefused(path: String) async throws {
        try await TestService().withClient { client in
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .badRequest, "\(path)")
            #expect(response.headers[.location] == nil)
        }
    }

    @Test func aFolderReachedThroughDoubledSlashesRedirectsToItselfOnThisSite() async throws {
        try await TestService().withClient { client in
            let response = try await client.execute(uri: "//js", method: .get)
            #expect(response.status == .permanentRedirect || response.status == .movedPermanently)
            #expect(response.headers[.location] == "/js/")
        }
    }

    @Test func aPathStaysAPathOnThisSite() {
        #expect(RequestPathMiddleware<AppRequestContext>.onThisSite("//evil.example/") == "/evil.example/")
        #expect(RequestPathMiddleware<AppRequestContext>.onThisSite("/\\evil.example") == "/evil.example")
        #expect(RequestPathMiddleware<AppRequestContext>.onThisSite("/js/") == "/js/")
        #expect(RequestPathMiddleware<AppRequestContext>.onThisSite("https://quiz.example.com/q/golf-club") == "https://quiz.example.com/q/golf-club")
    }

    @Test func pathsWithoutControlCharactersPass() {
        for path in ["/", "/q/golf-club", "/api/quizzes/golf-club/leads", "/r/golf%2Dclub/driver", "/%25%30%30", "/caf%C3%A9"] {
            #expect(RequestPathMiddleware<AppRequestContext>.isAcceptable(path), "\(path)")
        }
        #expect(!RequestPathMiddleware<AppRequestContext>.isAcceptable("/broken%zz"))
    }
}
