import Dispatch
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// Runs `service` (the application) until SIGTERM or SIGINT, then stops it within `timeout`: the server stops
/// accepting, requests in flight finish (or answer 503 once `onStop` has cut their storage waits short), delivery
/// passes finish the send in flight and release their claims, and the funnel counts are flushed. Returns once all of
/// it has ended. Past `timeout` the process logs what it was still waiting for, by name, and exits with status 1:
/// nothing may keep it past the time its orchestrator allows (Kubernetes kills it after its grace period).
public func runUntilStopped(
    _ service: some Service,
    timeout: Duration,
    work: RunningWork,
    logger: Logger,
    onStop: @escaping @Sendable () -> Void = {}
) async throws {
    let began = StopMoment()
    let watch = StopWatch(timeout: timeout, work: work, logger: logger) {
        began.instant.withLock { $0 = .now }
        onStop()
    }
    // The watch comes last: a group stops its services in reverse order, so the watch hears of the stop first.
    let group = ServiceGroup(
        configuration: .init(
            services: [.init(service: service), .init(service: watch)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
    )
    try await group.run()
    if let began = began.instant.withLock({ $0 }) {
        let took = ContinuousClock.now - began
        let seconds = Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
        logger.notice("Stopped", metadata: ["stop_s": "\((seconds * 1000).rounded() / 1000)"])
    }
}

/// Waits for the stop, says it has begun, and ends the process if the stop outlasts its time.
private struct StopWatch: Service {
    let timeout: Duration
    let work: RunningWork
    let logger: Logger
    let onStop: @Sendable () -> Void

    func run() async throws {
        // Returns at the stop; throws when the group is cancelled instead (a service failed), which is a stop too.
        try? await gracefulShutdown()
        let seconds = Double(self.timeout.components.seconds) + Double(self.timeout.components.attoseconds) / 1e18
        self.logger.notice(
            "Stopping: no new connections; requests in flight, deliveries and the funnel flush have \(seconds.formatted()) s",
            metadata: ["timeout_s": "\(seconds)"]
        )
        self.onStop()
        // A thread of Dispatch's, not a task: whatever holds the cooperative pool cannot hold this.
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [work, logger] in
            let waiting = work.summary
            logger.critical(
                "Stop took longer than \(seconds.formatted()) s; exiting with work unfinished",
                metadata: ["waitingFor": "\(waiting.isEmpty ? "nothing named" : waiting.joined(separator: ", "))"]
            )
            exit(1)
        }
    }
}

/// When the stop began.
private final class StopMoment: Sendable {
    let instant = Mutex<ContinuousClock.Instant?>(nil)
}
