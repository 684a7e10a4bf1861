import Hummingbird
import HummingbirdTesting
import Testing

@testable import QuizfunnelApp

/// What a stop that outlasts its time names: the services still running and the requests in flight, by method only.
struct RunningWorkTests {
    @Test func servicesAreNamedAndRequestsCountedByMethod() {
        let work = RunningWork()
        work.begin("mail delivery")
        work.begin("funnel flush")
        work.countRequest(.post, by: 1)
        work.countRequest(.post, by: 1)
        work.countRequest(.get, by: 1)
        work.countRequest(.get, by: -1)
        #expect(work.summary == ["funnel flush", "mail delivery", "HTTP POST request ×2"])

        work.end("mail delivery")
        work.countRequest(.post, by: -1)
        work.countRequest(.delete, by: 1)
        #expect(work.summary == ["funnel flush", "HTTP POST request", "HTTP request of another method"])
    }

    @Test func aStreamedResponseCountsUntilItsLastByte() async throws {
        let work = RunningWork()
        let router = Router()
        router.add(middleware: InFlightRequestsMiddleware(work: work))
        router.get("/stream") { _, _ in
            Response(
                status: .ok,
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "\(work.summary)"))
                    try await writer.finish(nil)
                }
            )
        }
        router.get("/plain") { _, _ in "\(work.summary)" }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/stream", method: .get) { response in
                #expect(String(buffer: response.body) == #"["HTTP GET request"]"#, "in flight while its body is written")
            }
            try await client.execute(uri: "/plain", method: .get) { response in
                #expect(String(buffer: response.body) == #"["HTTP GET request"]"#)
            }
        }
        #expect(work.summary.isEmpty, "every request answered")
    }
}
