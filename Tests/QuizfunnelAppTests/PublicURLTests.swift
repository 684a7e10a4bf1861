import Testing

@testable import QuizfunnelApp

/// Without `--public-url`, links and consent origins are built from the request's `Host`, which only passes when it
/// looks like a host name or address; anything else becomes `localhost`.
@Suite struct PublicURLTests {
    @Test(arguments: ["quiz.example.com", "127.0.0.1:8080", "[::1]:8080", "quiz-2.example.com", "bücher.example"])
    func aHostNameOrAddressIsTaken(_ host: String) {
        #expect(PublicURL.isPlausibleHost(host))
    }

    @Test(arguments: ["", "evil.example/path", "a b", "x\"y.example", "quiz.example.com<script>", "user@quiz.example.com", "naïve example"])
    func anythingElseIsNot(_ host: String) {
        #expect(PublicURL.isPlausibleHost(host) == false)
    }

    @Test(arguments: [
        ("fi", "fi"), ("pt-BR", "pt-BR"), ("Ab9_.~-", "Ab9_.~-"), ("a b", "a%20b"), ("x&y=z", "x%26y%3Dz"), ("50%", "50%25"),
        ("über", "%C3%BCber"), ("a/b?c#d", "a%2Fb%3Fc%23d"), ("", ""),
    ])
    func queryValuesKeepOnlyUnreservedCharacters(value: String, encoded: String) {
        #expect(PublicURL.encode(value) == encoded)
        #expect(
            PublicURL.path("/r/golf-club/driver", query: [("lang", "fi"), ("ref", value), ("utm", nil)])
                == "/r/golf-club/driver?lang=fi&ref=\(encoded)"
        )
    }
}
