import GRDB

extension StorageFault {
    /// The fault a SQLite error stands for, or `nil` for an error of the request's own (a constraint, say).
    init?(_ error: DatabaseError) {
        switch error.resultCode {
        case .SQLITE_FULL: self = .diskFull
        case .SQLITE_IOERR: self = .ioError
        case .SQLITE_READONLY: self = .readOnly
        case .SQLITE_CANTOPEN: self = .unreachable
        default: return nil
        }
    }
}

extension AppDatabase {
    /// Runs `work` in a shared transaction of the group commit; a storage fault is recorded and thrown as `StorageFault`.
    func sharedWrite<Value: Sendable>(_ work: @escaping @Sendable (Database) throws -> Value) async throws -> Value {
        try await self.recordingFaults { try await self.commits.write(work) }
    }

    /// Runs `work` in a transaction of its own on the writer, recording faults the same way.
    func write<Value: Sendable>(_ work: @escaping @Sendable (Database) throws -> Value) async throws -> Value {
        try await self.recordingFaults { try await self.writer.write(work) }
    }

    private func recordingFaults<Value>(_ body: () async throws -> Value) async throws -> Value {
        do {
            let value = try await body()
            self.health.recordSuccess()
            return value
        } catch let error as DatabaseError {
            guard let fault = StorageFault(error) else { throw error }
            self.health.record(fault)
            throw fault
        }
    }

    /// A write that needs new space (a row of 8 KiB, gone again when its transaction commits), so that a fault such as
    /// a full disk shows while it lasts and its end shows without waiting for a request.
    public func probeWrite() async -> Bool {
        let written = try? await self.write { db in
            try db.execute(sql: "INSERT INTO storageProbe (id, payload) VALUES (1, zeroblob(8192))")
            try db.execute(sql: "DELETE FROM storageProbe")
        }
        return written != nil
    }
}
