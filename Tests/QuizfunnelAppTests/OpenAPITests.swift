import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import Testing

@testable import QuizfunnelApp

/// `Public/openapi.yaml` describes exactly the routes the service has; schemathesis (in the system tests) checks the
/// schemas against live answers.
@Suite struct OpenAPITests {
    @Test func theSpecificationListsEveryRouteAndNoOther() async throws {
        let service = try TestService()
        let configuration = AppConfiguration(
            publicFolder: repositoryRoot.appendingPathComponent("Public").path,
            metrics: PrometheusCollectorRegistry()
        )
        let router = try buildRouter(
            configuration: configuration,
            database: service.database,
            catalog: service.catalog,
            recorder: FunnelRecorder(database: service.database),
            logger: Logger(label: "test")
        )
        let served = Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })

        let documented = try Self.operations(in: repositoryRoot.appendingPathComponent("Public/openapi.yaml"))

        #expect(documented.subtracting(served).sorted() == [], "documented but not served")
        #expect(served.subtracting(documented).sorted() == [], "served but not documented")
    }

    @Test func theSpecificationIsServed() async throws {
        try await TestService().withClient { client in
            let response = try await client.execute(uri: "/openapi.yaml", method: .get)

            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/yaml")
            #expect(String(buffer: response.body).hasPrefix("openapi: 3.1.0\n"))
        }
    }

    /// `GET /api/quizzes/{quiz}` (as Hummingbird describes its routes) for each operation under `paths:` (two-space path keys, four-space method keys).
    static func operations(in file: URL) throws -> Set<String> {
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var operations: Set<String> = []
        var inPaths = false
        var path: String?
        for line in lines {
            if !line.hasPrefix(" ") { inPaths = line == "paths:" }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "),
                let method = ["get", "post", "put", "patch", "delete"].first(where: { line == "    \($0):" })
            {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }
}
