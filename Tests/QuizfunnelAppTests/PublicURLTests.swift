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
}
