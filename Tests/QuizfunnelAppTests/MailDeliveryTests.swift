import Foundation
import HummingbirdTesting
import Logging
import QuizfunnelDomain
import QuizfunnelSMTP
import SMTPTestSupport
import Testing

@testable import QuizfunnelApp

/// The outbox against a scripted SMTP server: what each of the server's answers does to a mail.
@Suite struct MailDeliveryTests {
    @Test func aMailTheServerTakesIsMarkedSentWithItsReply() async throws {
        let server = try await ScriptedSMTPServer(script: ESMTPScript().answer)
        defer { Task { await server.stop() } }
        let service = try TestService(optIn: .single)

        let mail = try await self.deliverOneResultMail(service: service, port: server.port)

        #expect(mail.state == .sent)
        #expect(mail.attempts == 1)
        #expect(mail.lastReply == "250 2.0.0 Ok: queued as ABC123")
        #expect(server.lines.contains("RCPT TO:<anna@example.com>"))
        #expect(server.lines.contains("Message-ID: <\(mail.messageID)>"))
        #expect(server.lines.contains { $0.hasPrefix("List-Unsubscribe: <https://quiz.example.com/u/") })
    }

    @Test func aTemporaryRefusalIsTriedAgainLaterWithTheSameMessageID() async throws {
        let server = try await ScriptedSMTPServer(script: ESMTPScript(overrides: ["RCPT": .reply("451 4.7.1 Greylisted, try later")]).answer)
        defer { Task { await server.stop() } }
        let service = try TestService(optIn: .single)

        let mail = try await self.deliverOneResultMail(service: service, port: server.port)

        #expect(mail.state == .queued)
        #expect(mail.attempts == 1)
        #expect(mail.lastReply?.contains("451 4.7.1 Greylisted") == true)
        #expect(mail.nextAttemptAt > Date())
    }

    @Test func noSuchMailboxFailsTheMailAndSuppressesTheAddress() async throws {
        let server = try await ScriptedSMTPServer(script: ESMTPScript(overrides: ["RCPT": .reply("550 5.1.1 No such user")]).answer)
        defer { Task { await server.stop() } }
        let service = try TestService(optIn: .single)

        let mail = try await self.deliverOneResultMail(service: service, port: server.port)

        #expect(mail.state == .failed)
        #expect(mail.lastReply?.contains("550 5.1.1") == true)
        #expect(try await service.texts("SELECT reason FROM suppression") == ["bounced"])
    }

    @Test func aServerThatIsDownLeavesTheMailQueuedWithTheReason() async throws {
        let server = try await ScriptedSMTPServer(script: ESMTPScript().answer)
        let port = server.port
        await server.stop()
        let service = try TestService(optIn: .single)

        let mail = try await self.deliverOneResultMail(service: service, port: port)

        #expect(mail.state == .queued)
        #expect(mail.lastReply?.hasPrefix("cannot connect to 127.0.0.1:\(port)") == true)
    }

    /// Saves a single opt-in lead with the service pointed at the scripted server on `port`, runs one pass of the
    /// outbox, and returns the mail as it was recorded.
    private func deliverOneResultMail(service: TestService, port: Int) async throws -> MailRecord {
        let settings = MailSettings(
            smtp: SMTPSettings(host: "127.0.0.1", port: port, security: .none, timeouts: .all(.seconds(2))),
            from: Mailbox(parsing: "Fairway Golf <hello@fairway.example>")
        )
        try await service.withClient(mail: settings, backgroundWork: false) { client in
            try await client.playAndSubscribe("anna@example.com")
        }
        let configuration = AppConfiguration(
            publicFolder: repositoryRoot.appendingPathComponent("Public").path,
            publicURL: "https://quiz.example.com",
            mail: settings
        )
        let library = try QuizLibrary(catalog: service.catalog, configuration: configuration)
        let attempted = try await service.withStore { store in
            try await MailDeliveryService(database: store, library: library, settings: settings, logger: Logger(label: "test")).deliverDueMails()
        }

        #expect(attempted == 1)
        return try #require(try await service.storedMails().first)
    }
}
