import Foundation
import QuizfunnelSMTP
import SMTPTestSupport
import Testing

@Suite("TLS and AUTH")
struct SMTPSecurityTests {
    let envelope = SMTPEnvelope(from: "hello@fairway.example", to: "anna@example.com", message: message)

    @Test func aRefusedPasswordIsReportedAndNeverLogged() async throws {
        let certificate = try TestCertificate.make()
        let script = ESMTPScript(offers: ["AUTH PLAIN LOGIN"], overrides: ["AUTH": .reply("535 5.7.8 Authentication credentials invalid")])
        let server = try await ScriptedSMTPServer(tls: try certificate.serverContext(), implicitTLS: true, script: script.answer)
        defer { Task { await server.stop() } }
        let transcript = Transcript()

        let error = await #expect(throws: SMTPError.self) {
            try await SMTPClient(settings: settings(port: server.port, security: .implicitTLS, user: "shop", caFile: certificate.certificateFile))
                .send(self.envelope, transcript: transcript.record)
        }

        guard case .authenticationFailed(let reply)? = error else {
            Issue.record("expected an AUTH failure, got \(String(describing: error))")
            return
        }
        #expect(reply.code == 535)
        #expect(transcript.all.contains("C: AUTH PLAIN <redacted>"))
        let secret = Data("\0shop\0s3cret".utf8).base64EncodedString()
        #expect(!transcript.all.joined().contains(secret))
        #expect(server.lines.contains("AUTH PLAIN \(secret)"))
        #expect(!server.lines.contains { $0.hasPrefix("MAIL") })
    }

    @Test func authLoginIsUsedWhenPlainIsNotOffered() async throws {
        let certificate = try TestCertificate.make()
        let script = ESMTPScript(offers: ["AUTH LOGIN"], overrides: ["AUTH": .reply("334 VXNlcm5hbWU6")])
        let server = try await ScriptedSMTPServer(tls: try certificate.serverContext(), implicitTLS: true) { line in
            if line == Data("shop".utf8).base64EncodedString() { return .reply("334 UGFzc3dvcmQ6") }
            if line == Data("s3cret".utf8).base64EncodedString() { return .reply("235 2.7.0 Authentication successful") }
            return script.answer(line)
        }
        defer { Task { await server.stop() } }

        let reply = try await SMTPClient(
            settings: settings(port: server.port, security: .implicitTLS, user: "shop", caFile: certificate.certificateFile)
        )
        .send(self.envelope)

        #expect(reply.code == 250)
        #expect(server.lines.prefix(4) == ["EHLO localhost", "AUTH LOGIN", "c2hvcA==", "czNjcmV0"])
    }

    @Test func anUntrustedCertificateSendsNothing() async throws {
        let certificate = try TestCertificate.make()
        let server = try await ScriptedSMTPServer(tls: try certificate.serverContext(), implicitTLS: true, script: ESMTPScript().answer)
        defer { Task { await server.stop() } }

        // The system's CAs do not know this certificate.
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPClient(settings: settings(port: server.port, security: .implicitTLS, user: "shop")).send(self.envelope)
        }

        guard case .tls? = error else {
            Issue.record("expected a TLS error, got \(String(describing: error))")
            return
        }
        #expect(server.lines.isEmpty)
    }

    @Test func aUserWithoutTLSIsRefusedBeforeAnyPasswordIsSent() async throws {
        let server = try await ScriptedSMTPServer(script: ESMTPScript(offers: ["AUTH PLAIN"]).answer)
        defer { Task { await server.stop() } }

        let error = await #expect(throws: SMTPError.self) {
            try await SMTPClient(settings: settings(port: server.port, security: .none, user: "shop")).send(self.envelope)
        }

        guard case .authenticationNeedsTLS? = error else {
            Issue.record("expected authenticationNeedsTLS, got \(String(describing: error))")
            return
        }
        #expect(!server.lines.contains { $0.hasPrefix("AUTH") })
    }

    @Test func smtpURLsNameTheirSecurity() throws {
        let submission = try SMTPSettings(url: "smtp://shop%40fairway.example@mail.example.com:587", password: "pw")
        #expect(submission.security == .startTLS)
        #expect(submission.user == "shop@fairway.example")
        #expect(submission.port == 587)
        #expect(try SMTPSettings(url: "smtps://shop@mail.example.com").port == 465)
        #expect(try SMTPSettings(url: "smtp://127.0.0.1:2525?tls=none").security == .none)
        #expect(throws: SMTPSettings.URLError.self) { try SMTPSettings(url: "smtp://mail.example.com:25?tls=none") }
        #expect(throws: SMTPSettings.URLError.self) { try SMTPSettings(url: "smtps://shop:pw@mail.example.com") }
        #expect(throws: SMTPSettings.URLError.self) { try SMTPSettings(url: "http://mail.example.com") }
    }
}
