import Foundation
import QuizfunnelSMTP
import SMTPTestSupport
import Testing

@Suite("The SMTP client against a scripted server")
struct SMTPClientTests {
    let envelope = SMTPEnvelope(from: "hello@fairway.example", to: "anna@example.com", message: message)

    @Test func aMailIsSentWithEveryLineStartingWithADotStuffed() async throws {
        let script = ESMTPScript()
        let server = try await ScriptedSMTPServer(script: script.answer)
        defer { Task { await server.stop() } }

        let reply = try await SMTPClient(settings: settings(port: server.port)).send(self.envelope)

        #expect(reply.code == 250)
        #expect(reply.description == "250 2.0.0 Ok: queued as ABC123")
        let lines = server.lines
        #expect(lines.first == "EHLO localhost")
        #expect(lines.contains("MAIL FROM:<hello@fairway.example>"))
        #expect(lines.contains("RCPT TO:<anna@example.com>"))
        // The server sees the stuffed lines; it removes one dot from each.
        #expect(lines.contains("..hidden line"))
        #expect(lines.contains("...two dots"))
        #expect(lines.suffix(2) == [".", "QUIT"])
    }

    @Test(arguments: ["MAIL", "RCPT", "DATA", "."], [451, 550])
    func aRefusalAtEachStepSaysWhetherToTryAgain(step: String, code: Int) async throws {
        let script = ESMTPScript(overrides: [step: .reply("\(code) \(code / 100).1.1 refused here")])
        let server = try await ScriptedSMTPServer(script: script.answer)
        defer { Task { await server.stop() } }

        let error = await #expect(throws: SMTPError.self) { try await SMTPClient(settings: settings(port: server.port)).send(self.envelope) }

        #expect(error?.reply?.code == code)
        #expect(error?.isTransient == (code == 451))
        #expect(error?.reply?.enhancedCode == "\(code / 100).1.1")
    }

    @Test(arguments: [421, 554])
    func aRefusedGreetingOrEHLOEndsTheSession(code: Int) async throws {
        let greetingServer = try await ScriptedSMTPServer(greeting: "\(code) go away", script: ESMTPScript().answer)
        let ehloServer = try await ScriptedSMTPServer(script: ESMTPScript(overrides: ["EHLO": .reply("\(code) no")]).answer)
        defer {
            Task {
                await greetingServer.stop()
                await ehloServer.stop()
            }
        }

        for server in [greetingServer, ehloServer] {
            let error = await #expect(throws: SMTPError.self) { try await SMTPClient(settings: settings(port: server.port)).send(self.envelope) }
            #expect(error?.reply?.code == code)
            #expect(!server.lines.contains { $0.hasPrefix("MAIL") })
        }
    }

    @Test func startTLSThatIsNotOfferedIsNeverSkipped() async throws {
        let server = try await ScriptedSMTPServer(script: ESMTPScript(offers: ["AUTH PLAIN"]).answer)
        defer { Task { await server.stop() } }

        let error = await #expect(throws: SMTPError.self) {
            try await SMTPClient(settings: settings(port: server.port, security: .startTLS, user: "shop")).send(self.envelope)
        }

        guard case .startTLSNotOffered? = error else {
            Issue.record("expected startTLSNotOffered, got \(String(describing: error))")
            return
        }
        #expect(server.lines == ["EHLO localhost"])
    }

    @Test func bytesBetweenTheStartTLSReplyAndTheHandshakeAbort() async throws {
        let certificate = try TestCertificate.make()
        let script = ESMTPScript(offers: ["STARTTLS"], overrides: ["STARTTLS": .raw("220 2.0.0 Ready\r\n250-injected\r\n250 AUTH PLAIN\r\n")])
        let server = try await ScriptedSMTPServer(tls: try certificate.serverContext(), script: script.answer)
        defer { Task { await server.stop() } }

        let error = await #expect(throws: SMTPError.self) {
            try await SMTPClient(settings: settings(port: server.port, security: .startTLS, caFile: certificate.certificateFile)).send(self.envelope)
        }

        guard case .bytesInjectedBeforeTLS? = error else {
            Issue.record("expected an injection error, got \(String(describing: error))")
            return
        }
        #expect(server.lines == ["EHLO localhost", "STARTTLS"])
    }

    @Test func aServerThatStopsAnsweringTimesOut() async throws {
        let server = try await ScriptedSMTPServer(script: ESMTPScript(overrides: ["RCPT": .silence]).answer)
        defer { Task { await server.stop() } }
        let started = ContinuousClock.now

        let error = await #expect(throws: SMTPError.self) { try await SMTPClient(settings: settings(port: server.port)).send(self.envelope) }

        guard case .timedOut(let step)? = error else {
            Issue.record("expected a time-out, got \(String(describing: error))")
            return
        }
        #expect(step == "RCPT TO")
        // The configured half-second, not the 60-second default: a bound far from both, so a busy machine (CI runs
        // every suite at once on two cores; this took 10 s there once) cannot fail it.
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func aSilentGreetingTimesOut() async throws {
        let server = try await ScriptedSMTPServer(greeting: nil, script: ESMTPScript().answer)
        defer { Task { await server.stop() } }

        let error = await #expect(throws: SMTPError.self) { try await SMTPClient(settings: settings(port: server.port)).send(self.envelope) }

        guard case .timedOut("the greeting")? = error else {
            Issue.record("expected a greeting time-out, got \(String(describing: error))")
            return
        }
    }
}
