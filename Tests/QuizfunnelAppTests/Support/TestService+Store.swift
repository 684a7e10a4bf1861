import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO

@testable import QuizfunnelApp

/// Looking into the test service's store, whichever backend it runs on: counts, a column's values, and the records a
/// test checks. SQL names the camel-case columns in double quotes (`"quizID"`), which both SQLite and PostgreSQL read,
/// and converts with `CAST(… AS TEXT)` rather than `::text`.
extension TestService {
    /// Runs `body` with the store the service uses: the SQLite file, or a repository on the service's PostgreSQL
    /// database with a pool of its own (as a second instance would have).
    func withStore<Value: Sendable>(_ body: @escaping @Sendable (any FunnelRepository) async throws -> Value) async throws -> Value {
        guard Self.runsOnPostgreSQL else { return try await body(self.database) }
        let location = try await self.postgresLocation()
        return try await PostgresDatabase.withClient(location, logger: PostgresTestServer.logger) { client in
            try await body(PostgresRepository(client: client, logger: PostgresTestServer.logger))
        }
    }

    /// The store as a command line's `--database` names it: the SQLite file, or the PostgreSQL URL.
    func databaseArgument() async throws -> String {
        guard Self.runsOnPostgreSQL else { return self.databasePath }
        return PostgresTestServer.url(of: try await self.postgresLocation())
    }

    /// `SELECT COUNT(*) FROM <from>`, where `from` is a table and an optional `WHERE`.
    func count(_ from: String) async throws -> Int {
        try await self.texts("SELECT CAST(COUNT(*) AS TEXT) FROM \(from)").compactMap { $0.flatMap(Int.init) }.first ?? 0
    }

    /// The first column of every row `sql` selects, as text (select text, or `CAST(… AS TEXT)`).
    func texts(_ sql: String) async throws -> [String?] {
        guard Self.runsOnPostgreSQL else {
            return try await self.database.writer.read { db in
                try Row.fetchAll(db, sql: sql).map { row in row[0] as String? }
            }
        }
        return try await self.withPostgresClient { client in
            var values: [String?] = []
            for try await value in try await client.query(PostgresQuery(unsafeSQL: sql), logger: PostgresTestServer.logger).decode(String?.self) {
                values.append(value)
            }
            return values
        }
    }

    /// The first column of every row `sql` selects, a time.
    func dates(_ sql: String) async throws -> [Date] {
        guard Self.runsOnPostgreSQL else {
            return try await self.database.writer.read { db in try Date.fetchAll(db, sql: sql) }
        }
        return try await self.withPostgresClient { client in
            var values: [Date] = []
            for try await value in try await client.query(PostgresQuery(unsafeSQL: sql), logger: PostgresTestServer.logger).decode(Date.self) {
                values.append(value)
            }
            return values
        }
    }

    /// Every value of every row of every table, as text: where a test looks for traces of a person.
    func everyStoredValue() async throws -> [String] {
        guard Self.runsOnPostgreSQL else { return try await self.everySQLiteValue() }
        return try await self.withPostgresClient { client in
            var columns: [(table: String, column: String, type: String)] = []
            for try await column in try await client.query(
                "SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns WHERE table_schema = 'public'",
                logger: PostgresTestServer.logger
            ).decode((String, String, String).self) {
                columns.append(column)
            }
            var values: [String] = []
            for (table, column, type) in columns {
                // A webhook event's body is bytea: read as the UTF-8 text it holds.
                let value = type == "bytea" ? #"convert_from("\#(column)", 'UTF8')"# : #""\#(column)"::text"#
                for try await text in try await client.query(
                    PostgresQuery(unsafeSQL: #"SELECT \#(value) FROM "\#(table)" WHERE "\#(column)" IS NOT NULL"#),
                    logger: PostgresTestServer.logger
                ).decode(String.self) {
                    values.append(text)
                }
            }
            return values
        }
    }

    /// Every result, oldest first.
    func storedResults() async throws -> [ResultRecord] {
        try await self.records(
            sqlite: { db in try ResultRecord.order(Column("createdAt"), Column("id")).fetchAll(db) },
            postgres: #"SELECT \#(ResultRecord.postgresColumns) FROM result ORDER BY "createdAt", id"#,
            ResultRecord.init(postgresRow:)
        )
    }

    /// Every lead, oldest first.
    func storedLeads() async throws -> [LeadRecord] {
        try await self.records(
            sqlite: { db in try LeadRecord.order(Column("id")).fetchAll(db) },
            postgres: "SELECT \(LeadRecord.postgresColumns) FROM lead ORDER BY id",
            LeadRecord.init(postgresRow:)
        )
    }

    /// Every mail in the outbox, oldest first.
    func storedMails() async throws -> [MailRecord] {
        try await self.records(
            sqlite: { db in try MailRecord.order(Column("id")).fetchAll(db) },
            postgres: "SELECT \(MailRecord.postgresColumns) FROM mail ORDER BY id",
            MailRecord.init(postgresRow:)
        )
    }

    /// Every webhook event, in the order they were queued.
    func storedWebhookEvents() async throws -> [WebhookEventRecord] {
        try await self.records(
            sqlite: { db in try WebhookEventRecord.order(Column("createdAt"), Column("id")).fetchAll(db) },
            postgres: #"SELECT \#(WebhookEventRecord.postgresColumns) FROM "webhookEvent" ORDER BY "createdAt", id"#,
            WebhookEventRecord.init(postgresRow:)
        )
    }

    /// The records of one of two queries: `sqlite`'s (GRDB's request, which selects the columns the record decodes by
    /// position), or `postgres`'s, decoded by `decode`.
    private func records<Record: Sendable>(
        sqlite: @escaping @Sendable (Database) throws -> [Record],
        postgres: String,
        _ decode: @escaping @Sendable (PostgresRow) throws -> Record
    ) async throws -> [Record] {
        guard Self.runsOnPostgreSQL else {
            return try await self.database.writer.read(sqlite)
        }
        return try await self.withPostgresClient { client in
            var records: [Record] = []
            for try await row in try await client.query(PostgresQuery(unsafeSQL: postgres), logger: PostgresTestServer.logger) {
                records.append(try decode(row))
            }
            return records
        }
    }

    /// Runs `sql`, a statement that changes the store (a test ageing a row, say).
    func execute(_ sql: String) async throws {
        guard Self.runsOnPostgreSQL else {
            try await self.database.writer.write { db in try db.execute(sql: sql) }
            return
        }
        try await self.withPostgresClient { client in
            try await client.query(PostgresQuery(unsafeSQL: sql), logger: PostgresTestServer.logger)
        }
    }

    private func withPostgresClient<Value: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> Value) async throws -> Value {
        try await PostgresDatabase.withClient(try await self.postgresLocation(), logger: PostgresTestServer.logger, body)
    }
}

extension TestService {
    /// Runs `test` against the routes of a service whose quizzes come from `quizzesFolder` and reload when `test` calls
    /// the reload service, as SIGHUP does in `serve`; on the same store as `withClient`.
    func withReloadableClient<Value: Sendable>(
        quizzesFolder: String,
        _ test: @escaping @Sendable (any TestClientProtocol, QuizReloadService) async throws -> Value
    ) async throws -> Value {
        let configuration = AppConfiguration(
            publicFolder: repositoryRoot.appendingPathComponent("Public").path,
            adminToken: TestService.adminToken,
            publicURL: "https://quiz.example.com/"
        )
        let logger = {
            var logger = Logger(label: "quizfunnel-test")
            logger.logLevel = .critical
            return logger
        }()
        let catalog = try QuizLibrary.load(folder: quizzesFolder)
        let library = try QuizLibrary(catalog: catalog, configuration: configuration)
        return try await self.withStore { store in
            let reloader = QuizReloadService(library: library, folder: quizzesFolder, database: store, logger: logger)
            let router = try buildRouter(
                configuration: configuration,
                database: store,
                library: library,
                recorder: FunnelRecorder(database: store),
                logger: logger
            )
            return try await Application(router: router, logger: logger).test(.router) { client in try await test(client, reloader) }
        }
    }
}
