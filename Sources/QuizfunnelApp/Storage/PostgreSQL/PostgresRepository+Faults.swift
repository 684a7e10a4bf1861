import PostgresNIO

extension StorageFault {
    /// The fault a PostgreSQL error stands for, or `nil` for an error of the request's own (a constraint, say): the
    /// server unreachable or gone mid-transaction, its disk full (53100), an I/O error (58030), or a read-only server
    /// such as a standby after a failover (25006).
    init?(_ error: any Error) {
        if let fault = error as? StorageFault {
            self = fault
            return
        }
        if let error = error as? PostgresTransactionError, let cause = error.closureError ?? error.beginError ?? error.commitError {
            self.init(cause)
            return
        }
        guard let error = error as? PSQLError else { return nil }
        switch error.code {
        case .server:
            switch error.serverInfo?[.sqlState] {
            case "53100": self = .diskFull
            case "58030": self = .ioError
            case "25006": self = .readOnly
            case let state? where state.hasPrefix("08") || state.hasPrefix("57P"): self = .unreachable
            default: return nil
            }
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed:
            self = .unreachable
        default:
            return nil
        }
    }
}

extension PostgresRepository {
    /// Runs `work` in a shared transaction; a storage fault is recorded and thrown as `StorageFault`.
    func sharedWrite<Value: Sendable>(_ work: @escaping @Sendable (PostgresConnection) async throws -> Value) async throws -> Value {
        try await self.mappingFaults { try await self.commits.write(work) }
    }

    /// `write` in a shared transaction, written together with the others of its kind (`PostgresBatchedWrite`), faults
    /// mapped as `sharedWrite(_:)` maps them.
    func sharedWrite<Write: PostgresBatchedWrite>(batched write: Write) async throws -> Write.Value {
        try await self.mappingFaults { try await self.commits.write(batched: write) }
    }

    private func mappingFaults<Value: Sendable>(of committing: () async throws -> Value) async throws -> Value {
        // Before `serve`'s start-up has migrated the schema there is nothing to write to.
        guard self.readiness.isReady else { throw StorageFault.unreachable }
        do {
            let value = try await committing()
            self.health.recordSuccess()
            return value
        } catch {
            guard let fault = StorageFault(error) else { throw error }
            self.health.record(fault)
            throw fault
        }
    }

    /// A write that needs new space (a row of 8 KiB, deleted in the same transaction), to learn whether writes succeed
    /// again while a fault lasts.
    func probeWrite() async -> Bool {
        let written = try? await self.sharedWrite { connection in
            try await connection.query(
                #"INSERT INTO "storageProbe" (id, payload) VALUES (1, decode(repeat('00', 8192), 'hex'))"#,
                logger: self.logger
            )
            try await connection.query(#"DELETE FROM "storageProbe""#, logger: self.logger)
        }
        return written != nil
    }
}
