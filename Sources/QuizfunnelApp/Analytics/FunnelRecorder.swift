import Foundation
import Logging
import QuizfunnelDomain
import ServiceLifecycle
import Synchronization

/// Counts funnel events in memory and writes them to the database in one transaction a second, so recording an event
/// costs a dictionary update and never waits for, slows down or fails a play or a lead.
public final class FunnelRecorder: Sendable {
    private let pending = Mutex<[FunnelKey: Int]>([:])
    let database: any FunnelRepository

    public init(database: any FunnelRepository) {
        self.database = database
    }

    func record(_ key: FunnelKey, count: Int = 1) {
        self.pending.withLock { $0[key, default: 0] += count }
    }

    /// Writes what was counted since the last flush. The counts are taken inside the write transaction, so a flush
    /// waits for any earlier one and then sees what it wrote; on failure they are put back for the next flush.
    public func flush() async throws {
        let taken = TakenCounts()
        do {
            try await self.database.addFunnelCounts {
                let counts = self.pending.withLock { pending in
                    defer { pending.removeAll() }
                    return pending
                }
                taken.counts.withLock { $0 = counts }
                return counts
            }
        } catch {
            let counts = taken.counts.withLock { $0 }
            self.pending.withLock { pending in pending.merge(counts, uniquingKeysWith: +) }
            throw error
        }
    }

    /// Today in UTC, the day events are counted under.
    ///
    /// Formatted once a day, not once an event: every result and lead asks for it.
    static func today(now: Date = Date()) -> String {
        let dayNumber = Int((now.timeIntervalSince1970 / 86_400).rounded(.down))
        return self.formattedDay.withLock { cached in
            if cached?.number != dayNumber { cached = (dayNumber, Timestamp.day(now)) }
            return cached!.text
        }
    }

    private static let formattedDay = Mutex<(number: Int, text: String)?>(nil)
}

/// The counts one flush took, to put back if its transaction fails.
private final class TakenCounts: Sendable {
    let counts = Mutex<[FunnelKey: Int]>([:])
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
        // The last write found the database unreachable: a flush would only wait out the stop's time for it.
        guard self.recorder.database.health.currentFault != .unreachable else {
            self.logger.error("Funnel counters of the last second not written at the stop: the database cannot be reached")
            return
        }
        do {
            try await self.recorder.flush()
        } catch {
            self.logger.error("Funnel counters of the last second not written at the stop", metadata: ["error": "\(type(of: error))"])
        }
    }
}
