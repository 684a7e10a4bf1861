import Testing

@testable import QuizfunnelApp

/// `--database` names a SQLite file or a PostgreSQL URL; `DATABASE_URL` and `PGPASSWORD` fill in what it leaves out.
@Suite struct DatabaseLocationTests {
    @Test func withoutTheOptionDatabaseURLIsReadThenTheDefaultFile() throws {
        #expect(try DatabaseLocation.resolve(option: nil, environment: [:]) == .sqlite(path: "quizfunnel.sqlite"))
        #expect(try DatabaseLocation.resolve(option: nil, environment: ["DATABASE_URL": ""]) == .sqlite(path: "quizfunnel.sqlite"))
        let fromEnvironment = try DatabaseLocation.resolve(option: nil, environment: ["DATABASE_URL": "postgres://app@db.internal/leads"])
        #expect(fromEnvironment.description == "postgres://app@db.internal:5432/leads?sslmode=require")
        let option = try DatabaseLocation.resolve(
            option: "/var/lib/quizfunnel/leads.sqlite",
            environment: ["DATABASE_URL": "postgres://app@db/leads"]
        )
        #expect(option == .sqlite(path: "/var/lib/quizfunnel/leads.sqlite"), "the option wins over the environment")
    }

    @Test func aURLGivesEveryPartAndItsPasswordNeverShows() throws {
        let location = try Self.postgres("postgresql://quiz%40fun:s3cr%2Ft@127.0.0.1:6543/quizfunnel?sslmode=disable")

        #expect(location.host == "127.0.0.1")
        #expect(location.port == 6543)
        #expect(location.user == "quiz@fun")
        #expect(location.password == "s3cr/t")
        #expect(location.database == "quizfunnel")
        #expect(location.tls == .disable)
        #expect(!DatabaseLocation.postgres(location).description.contains("s3cr"))
    }

    @Test func thePasswordMayComeFromPGPASSWORDAndTheDatabaseDefaultsToTheUser() throws {
        let location = try Self.postgres("postgres://app@db.internal", environment: ["PGPASSWORD": "from-env"])

        #expect(location.password == "from-env")
        #expect(location.database == "app")
        #expect(location.port == 5432)
        #expect(try Self.postgres("postgres://app:in-url@db/x", environment: ["PGPASSWORD": "from-env"]).password == "in-url")
    }

    @Test func requireVerifiesTheCertificateAgainstAPrivateCAWhenGiven() throws {
        #expect(try Self.postgres("postgres://app@db/x").tls == .require(rootCertificate: nil), "TLS unless told otherwise")
        #expect(try Self.postgres("postgres://app@db/x?sslmode=verify-full").tls == .require(rootCertificate: nil))
        let location = try Self.postgres("postgres://app@db/x?sslmode=require&sslrootcert=/etc/ssl/private-ca.pem")
        #expect(location.tls == .require(rootCertificate: "/etc/ssl/private-ca.pem"))
    }

    @Test(arguments: [
        ("mysql://app@db/x", "mysql:// is not a database"),
        ("postgres:///x", "needs a host"),
        ("postgres://db/x", "needs a user"),
        ("postgres://app@db/x?sslmode=prefer", "sslmode=prefer is not supported"),
        ("postgres://app@db/x?sslmode=disable&sslrootcert=/ca.pem", "sslrootcert= needs TLS"),
        ("postgres://app@db/x?connect_timeout=3", "connect_timeout= is not an option"),
    ])
    func refusesWhatItCannotHonour(url: String, message: String) {
        #expect {
            try DatabaseLocation(parsing: url, environment: [:])
        } throws: { error in
            (error as? DatabaseLocationError)?.description.contains(message) == true
        }
    }

    private static func postgres(_ url: String, environment: [String: String] = [:]) throws -> PostgresLocation {
        guard case .postgres(let location) = try DatabaseLocation(parsing: url, environment: environment) else {
            Issue.record("\(url) was not read as PostgreSQL")
            throw DatabaseLocationError("not PostgreSQL")
        }
        return location
    }
}
