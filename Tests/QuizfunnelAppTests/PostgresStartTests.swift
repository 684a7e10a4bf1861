import Foundation
import Logging
import PostgresNIO
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// `serve` on PostgreSQL starts before its database answers (as under Kubernetes) and waits: the store is not ready,
/// writes answer `StorageFault.unreachable` (503) within the lease timeout rather than hang, and once the server
/// answers the store migrates itself, keeps the consent texts and turns ready.
@Suite(.enabled(if: PostgresTestServer.isAvailable, "needs the PostgreSQL server scripts/test starts"))
struct PostgresStartTests {
    static let catalog: QuizCatalog = try! QuizCatalog.load(folder: repositoryRoot.appendingPathComponent("Quizzes").path)

    @Test func aStoreMigratesItselfAndTurnsReady() async throws {
        let location = try await PostgresTestServer.makeDatabase()
        let store = try PostgresStore(location: location, catalog: Self.catalog, instanceID: "test", logger: PostgresTestServer.logger)
        #expect(!store.repository.readiness.isReady)

        try await Self.running(store) {
            try await Self.waitUntilReady(store.repository)
            #expect(await store.repository.isReachable())
        }
        try await PostgresDatabase.withRepository(location, logger: PostgresTestServer.logger) { repository in
            let texts = try await repository.consentTexts(quizID: nil)
            #expect(!texts.isEmpty, "the quizzes' consent texts are kept at start")
        }
        try await PostgresTestServer.drop(location)
    }

    @Test func aStoreWhoseServerIsDownIsNotReadyAndRefusesWrites() async throws {
        var location = try PostgresTestServer.serverLocationForTests()
        location.port = closedPort()
        let store = try PostgresStore(location: location, catalog: Self.catalog, instanceID: "test", logger: PostgresTestServer.logger)

        try await Self.running(store) {
            try await Task.sleep(for: .milliseconds(300))
            #expect(!store.repository.readiness.isReady)
            #expect(await !store.repository.isReachable())
            await #expect(throws: StorageFault.unreachable) {
                try await store.repository.saveResult(PostgresLeadTests.makeResult(), answersJSON: "{}")
            }
        }
    }

    @Test func aWriteGivesUpWaitingForAConnectionAfterTheLeaseTimeout() async throws {
        var location = try PostgresTestServer.serverLocationForTests()
        location.port = closedPort()
        let started = ContinuousClock.now

        try await PostgresDatabase.withClient(location, logger: PostgresTestServer.logger) { client in
            let repository = PostgresRepository(client: client, logger: PostgresTestServer.logger)
            await #expect(throws: StorageFault.unreachable) {
                try await repository.saveResult(PostgresLeadTests.makeResult(), answersJSON: "{}")
            }
            #expect(repository.health.currentFault == .unreachable)
        }
        #expect(ContinuousClock.now - started >= PostgresPool.leaseTimeout, "it waited for the server to come back first")
    }

    /// Runs `store` as serve does while `body` runs, then stops it.
    static func running(_ store: PostgresStore, _ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.run() }
            defer { group.cancelAll() }
            try await body()
        }
    }

    static func waitUntilReady(_ repository: any FunnelRepository) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !repository.readiness.isReady {
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
