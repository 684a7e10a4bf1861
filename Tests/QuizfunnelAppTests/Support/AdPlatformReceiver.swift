import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization

@testable import QuizfunnelApp

/// A real HTTP server on a loopback port standing in for Meta's Graph API (`POST /v21.0/{pixel}/events`) and GA4's
/// Measurement Protocol (`POST /mp/collect`): it keeps every request and answers a scripted sequence of statuses and
/// bodies (the last one repeats).
final class AdPlatformReceiver: Sendable {
    struct Received: Sendable {
        var path: String
        var query: [String: String]
        var body: [String: Any] { (try? JSONSerialization.jsonObject(with: self.bytes)) as? [String: Any] ?? [:] }
        var bytes: Data
    }

    private let state: Mutex<(answers: [(Int, String)], requests: [Received])>

    init(answers: [(status: Int, body: String)] = [(200, #"{"events_received":1}"#)]) {
        self.state = Mutex((answers.map { ($0.status, $0.body) }, []))
    }

    var requests: [Received] { self.state.withLock { $0.requests } }

    /// Runs `test` with the settings that point both platforms at this receiver.
    func run(sendsClientDetails: Bool = false, _ test: @Sendable (AdPlatformSettings) async throws -> Void) async throws {
        let router = Router()
        let answer: @Sendable (Request) async throws -> Response = { request in
            let body = try await request.body.collect(upTo: 1 << 20)
            let query = Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { $1 })
            let (status, text) = self.state.withLock { state in
                state.requests.append(Received(path: request.uri.path, query: query, bytes: Data(buffer: body)))
                return state.answers.count > 1 ? state.answers.removeFirst() : state.answers[0]
            }
            return Response(
                status: HTTPResponse.Status(code: status),
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text))
            )
        }
        router.post("v21.0/:pixel/events") { request, _ in try await answer(request) }
        router.post("mp/collect") { request, _ in try await answer(request) }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            let base = "http://127.0.0.1:\(client.port!)"
            try await test(
                AdPlatformSettings(
                    meta: .init(pixelID: "1234567890", accessToken: "meta-token", testEventCode: "TEST42", apiURL: base + "/v21.0"),
                    ga4: .init(measurementID: "G-TEST123", apiSecret: "ga4-secret", apiURL: base),
                    sendsClientDetails: sendsClientDetails
                )
            )
        }
    }
}
