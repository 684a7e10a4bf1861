import Foundation
import Logging
import Synchronization

/// A write that failed for a reason outside the request: the store cannot take writes now. Requests answer it with
/// 503 and `Retry-After` (never 201), `/readyz` turns 503 until a write succeeds again, and the log names it once.
public enum StorageFault: Error, Equatable, Sendable, CustomStringConvertible {
    case diskFull
    case ioError
    case readOnly
    case unreachable

    /// The fault in words, for the log.
    public var description: String {
        switch self {
        case .diskFull: "database disk is full"
        case .ioError: "database I/O error"
        case .readOnly: "database is read-only"
        case .unreachable: "database cannot be reached"
        }
    }

    /// Seconds a client should wait before trying again.
    static let retryAfterSeconds = 5
}

/// Whether the store's last write failed with a `StorageFault`, logged once when a fault begins and once when it ends.
public final class StorageHealth: Sendable {
    private let fault = Mutex<StorageFault?>(nil)
    /// Read on every write; the mutex is taken only when the state may change.
    private let isFaulted = Atomic<Bool>(false)
    private let logger: Logger

    init(logger: Logger = Logger(label: "quizfunnel.storage")) {
        self.logger = logger
    }

    /// The fault of the last failed write, or `nil` once a write has succeeded since.
    public var currentFault: StorageFault? {
        self.isFaulted.load(ordering: .acquiring) ? self.fault.withLock { $0 } : nil
    }

    /// A write failed with `fault`: logged unless it is the fault already known.
    func record(_ fault: StorageFault) {
        let isNew = self.fault.withLock { current in
            defer { current = fault }
            return current != fault
        }
        self.isFaulted.store(true, ordering: .releasing)
        if isNew {
            self.logger.error("Storage fault: \(fault.description); writes answer 503 until one succeeds", metadata: ["fault": "\(fault)"])
        }
    }

    /// A write succeeded: a fault, if there was one, is over.
    func recordSuccess() {
        guard self.isFaulted.load(ordering: .acquiring) else { return }
        let ended = self.fault.withLock { current in
            defer { current = nil }
            return current
        }
        self.isFaulted.store(false, ordering: .releasing)
        if let ended { self.logger.notice("Storage recovered: writes succeed again", metadata: ["fault": "\(ended)"]) }
    }
}
