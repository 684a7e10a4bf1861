import Foundation
import Logging
import QuizfunnelDomain
import ServiceLifecycle
import Synchronization

/// Counts funnel events in memory and writes them to the database in one transaction a second, so recording an event
/// costs a dictionary update and never waits for, slows down or fails a play or a lead.
public final class FunnelRecorder: Sendable {
    private let pending = Mutex<[FunnelKey: Int]>([:])
    let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    func record(_ key: FunnelKey, count: Int = 1) {
        self.pending.withLock { $0[key, default: 0] += count }
    }

    /// Writes what was counted since the last flush. On failure the counts are put back for the next flush.
    public func flush() async throws {
        let counts = self.pending.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
        do {
            try await self.database.addFunnelCounts(counts)
        } catch {
            self.pending.withLock { pending in pending.merge(counts, uniquingKeysWith: +) }
            throw error
        }
    }

    /// Today in UTC, the day events are counted under.
    static func today() -> String { Timestamp.day(Date()) }
}

/// Flushes the recorder every second, and once more when the service shuts down.
struct FunnelFlushService: Service {
    let recorder: FunnelRecorder
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(1))
                do {
                    try await self.recorder.flush()
                } catch {
                    self.logger.warning("Funnel counters not written yet", metadata: ["error": "\(type(of: error))"])
                }
            }
        }
        try? await self.recorder.flush()
    }
}
