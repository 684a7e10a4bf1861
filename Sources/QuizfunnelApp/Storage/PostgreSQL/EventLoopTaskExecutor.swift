import NIOCore

/// Runs a task's jobs on one NIO event loop, for `withTaskExecutorPreference`.
///
/// A shared transaction sends one statement after another on one connection. By default each `await` on postgres-nio
/// crosses threads twice: the query is handed to the connection's event loop, and its answer resumes the task on the
/// cooperative pool. A profile of leads on PostgreSQL spent a fifth of the service's CPU switching threads. With this
/// executor preferred while a batch runs on its connection, the task stays on that connection's event loop thread.
final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        self.eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
