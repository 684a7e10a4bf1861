import Foundation

/// Where the store lives: a SQLite file (the embedded default) or a PostgreSQL database given by URL.
///
/// `--database` takes either; without it `DATABASE_URL` is read, then the default file. A PostgreSQL URL is
/// `postgres://user[:password]@host[:port]/database[?sslmode=…&sslrootcert=…]` (`postgresql://` too); the password may
/// instead come from `PGPASSWORD`, and never appears in `description`.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// The file used when neither `--database` nor `DATABASE_URL` names a store.
    public static let defaultFile = "quizfunnel.sqlite"

    /// `option` (the value of `--database`) when given, else `DATABASE_URL`, else `defaultFile`.
    public static func resolve(option: String?, environment: [String: String]) throws(DatabaseLocationError) -> DatabaseLocation {
        let text = option ?? environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultFile
        return try DatabaseLocation(parsing: text, environment: environment)
    }

    /// A PostgreSQL URL, or else a file path.
    public init(parsing text: String, environment: [String: String]) throws(DatabaseLocationError) {
        guard let scheme = text.range(of: "://").map({ text[..<$0.lowerBound].lowercased() }) else {
            self = .sqlite(path: text)
            return
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw DatabaseLocationError("\(scheme):// is not a database this service keeps: give a file path or a postgres:// URL")
        }
        self = .postgres(try PostgresLocation(url: text, environment: environment))
    }

    /// The file path, or the URL without its password: safe to log.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let location): location.description
        }
    }
}

/// A PostgreSQL server and database, from a URL.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is protected.
    public enum TLS: Sendable, Equatable {
        /// Plain TCP (`sslmode=disable`), for a server on the same host or a private network.
        case disable
        /// TLS with the server's certificate verified against the system's trust roots, or against the CA in
        /// `rootCertificate` (`sslrootcert=`), and its name checked. libpq's `require` encrypts without verifying;
        /// this is libpq's `verify-full`.
        case require(rootCertificate: String?)
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLS

    init(url text: String, environment: [String: String]) throws(DatabaseLocationError) {
        guard let url = URLComponents(string: text), let host = url.host, !host.isEmpty else {
            throw DatabaseLocationError("a PostgreSQL URL needs a host: postgres://user@host:5432/database")
        }
        guard let user = url.user, !user.isEmpty else {
            throw DatabaseLocationError("a PostgreSQL URL needs a user: postgres://user@\(host)/database")
        }
        self.host = host
        self.port = url.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = url.password.map { $0.removingPercentEncoding ?? $0 } ?? environment["PGPASSWORD"]
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        self.database = path.isEmpty ? self.user : (path.removingPercentEncoding ?? path)
        var options: [String: String] = [:]
        for item in url.queryItems ?? [] { options[item.name] = item.value ?? "" }
        let rootCertificate = options.removeValue(forKey: "sslrootcert")
        switch options.removeValue(forKey: "sslmode") ?? "require" {
        case "disable":
            guard rootCertificate == nil else { throw DatabaseLocationError("sslrootcert= needs TLS: drop it or use sslmode=require") }
            self.tls = .disable
        case "require", "verify-ca", "verify-full":
            self.tls = .require(rootCertificate: rootCertificate)
        case let mode:
            throw DatabaseLocationError(
                "sslmode=\(mode) is not supported: use sslmode=require (TLS, certificate verified) or sslmode=disable (no TLS)"
            )
        }
        if let unknown = options.keys.sorted().first {
            throw DatabaseLocationError("\(unknown)= is not an option this service reads from a PostgreSQL URL (sslmode, sslrootcert)")
        }
    }

    /// `postgres://user@host:port/database?sslmode=…`, never with the password.
    public var description: String {
        let mode =
            switch self.tls {
            case .disable: "disable"
            case .require(let root?): "require&sslrootcert=\(root)"
            case .require(nil): "require"
            }
        return "postgres://\(self.user)@\(self.host):\(self.port)/\(self.database)?sslmode=\(mode)"
    }
}

/// Why `--database` or `DATABASE_URL` names no usable store.
public struct DatabaseLocationError: Error, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
