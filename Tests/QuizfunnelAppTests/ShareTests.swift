import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import QuizfunnelApp

@Suite struct ShareTests {
    struct SharedResult: Decodable {
        var shareUrl: String
        var shareRef: String
    }

    @Test func aResultComesWithTheSegmentsShareURLCarryingThePlayersRef() async throws {
        try await TestService().withClient { client in
            let response = try await client.post("/api/quizzes/golf-club/results", object: ["answers": GolfAnswers.driver, "lang": "fi"])

            let result = try decode(SharedResult.self, from: response)
            #expect(result.shareRef.count == 12)
            #expect(result.shareRef.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
            #expect(result.shareUrl == "https://quiz.example.com/r/golf-club/driver?lang=fi&ref=\(result.shareRef)")
        }
    }

    @Test func theSharePageIsACardCrawlersCanRead() async throws {
        try await TestService().withClient { client in
            let page = String(buffer: try await client.execute(uri: "/r/golf-club/driver?lang=fi&utm_source=x&fbclid=abc", method: .get).body)

            #expect(page.contains(#"<html lang="fi" dir="ltr""#))
            #expect(page.contains(#"<meta property="og:title" content="Olen Draiveri! Mikä golfmaila olisit?">"#))
            #expect(page.contains(#"<meta property="og:url" content="https://quiz.example.com/r/golf-club/driver?lang=fi">"#))
            #expect(page.contains(#"<meta property="og:image" content="https://quiz.example.com/images/golf-club/driver.fi.png">"#))
            #expect(page.contains(#"<meta property="og:image:width" content="1200">"#))
            #expect(page.contains(#"<meta property="og:image:height" content="630">"#))
            #expect(page.contains(#"<meta property="og:image:alt" content="Draiveri">"#))
            #expect(page.contains(#"<meta name="twitter:card" content="summary_large_image">"#))
            #expect(page.contains(#"<link rel="canonical" href="https://quiz.example.com/r/golf-club/driver?lang=fi">"#))
        }
    }

    @Test func theDefaultLocalesCanonicalURLHasNoQuery() async throws {
        try await TestService().withClient { client in
            let page = String(buffer: try await client.execute(uri: "/r/golf-club/putter", method: .get).body)

            #expect(page.contains(#"<meta property="og:url" content="https://quiz.example.com/r/golf-club/putter">"#))
            #expect(page.contains(#"<meta property="og:title" content="I&#39;m The Putter! Which golf club are you?">"#))
        }
    }

    @Test func takingTheQuizFromASharePageKeepsTheSharesAttribution() async throws {
        try await TestService().withClient { client in
            let page = String(
                buffer: try await client.execute(
                    uri: "/r/golf-club/driver?lang=es&utm_source=whatsapp&utm_medium=social&utm_campaign=quiz-share&ref=Ab12Cd34Ef56",
                    method: .get
                ).body
            )

            #expect(
                page.contains(
                    #"<a class="cta" href="/q/golf-club?lang=es&amp;utm_source=whatsapp&amp;utm_medium=social&amp;utm_campaign=quiz-share&amp;ref=Ab12Cd34Ef56">Haz el test</a>"#
                )
            )
        }
    }

    @Test func aLeadFromASharedLinkIsCreditedToTheNetworkAndTheSharer() async throws {
        try await TestService().withClient { client in
            let sharer = try decode(
                SharedResult.self,
                from: try await client.post("/api/quizzes/golf-club/results", object: ["answers": GolfAnswers.driver])
            )
            // A friend follows the WhatsApp link: the play page passes its utm_* and ref on with the answers.
            let friend = try await client.playGolf(
                GolfAnswers.putter,
                extra: ["utm": ["source": "whatsapp", "medium": "social", "campaign": "quiz-share"], "ref": sharer.shareRef]
            )
            _ = try await client.subscribe(resultID: friend.resultId, email: "friend@example.com")

            let row = csvLines(try await client.exportCSV())[1]

            #expect(row.hasPrefix("friend@example.com,,golf-club,putter,"))
            #expect(row.contains(",whatsapp,social,quiz-share,,,\(sharer.shareRef),"))
        }
    }

    @Test func anUnknownSegmentHasNoSharePage() async throws {
        try await TestService().withClient { client in
            let unknownSegment = try await client.execute(uri: "/r/golf-club/spoon", method: .get)
            let unknownQuiz = try await client.execute(uri: "/r/croquet/driver", method: .get)

            #expect(unknownSegment.status == .notFound)
            #expect(unknownQuiz.status == .notFound)
        }
    }
}
