import Foundation
import NIOSSL
import Synchronization

/// A well-behaved ESMTP dialogue, with one step's reply replaced: `override("RCPT", "550 5.1.1 No such user")`.
public final class ESMTPScript: Sendable {
    private let inData = Mutex(false)
    public let offers: [String]
    public let overrides: [String: ScriptedSMTPServer.Action]

    public init(offers: [String] = [], overrides: [String: ScriptedSMTPServer.Action] = [:]) {
        self.offers = offers
        self.overrides = overrides
    }

    public func answer(_ line: String) -> ScriptedSMTPServer.Action {
        if self.inData.withLock({ $0 }) {
            guard line == "." else { return .silence }
            self.inData.withLock { $0 = false }
            return self.overrides["."] ?? .reply("250 2.0.0 Ok: queued as ABC123")
        }
        let verb = String(line.split(separator: " ").first ?? "").uppercased().split(separator: ":").first.map(String.init) ?? ""
        if let action = self.overrides[verb] { return action }
        switch verb {
        case "EHLO":
            let lines = ["scripted.test"] + self.offers + ["8BITMIME"]
            return .raw(lines.enumerated().map { "250\($0.offset == lines.count - 1 ? " " : "-")\($0.element)\r\n" }.joined())
        case "STARTTLS": return .startTLS
        case "MAIL", "RCPT", "RSET": return .reply("250 2.1.0 Ok")
        case "DATA":
            self.inData.withLock { $0 = true }
            return .reply("354 End data with <CR><LF>.<CR><LF>")
        case "QUIT": return .reply("221 2.0.0 Bye")
        case "AUTH": return .reply("235 2.7.0 Authentication successful")
        default: return .reply("502 5.5.2 Command not recognized")
        }
    }
}

/// A self-signed certificate for `localhost` and 127.0.0.1, made by the openssl command for this run.
public struct TestCertificate: Sendable {
    public let certificateFile: String
    public let keyFile: String

    public static func make() throws -> TestCertificate {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-cert-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let certificate = TestCertificate(certificateFile: folder + "/cert.pem", keyFile: folder + "/key.pem")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", certificate.keyFile, "-out", certificate.certificateFile,
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return certificate
    }

    public func serverContext() throws -> NIOSSLContext {
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(self.certificateFile).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: self.keyFile, format: .pem))
        )
        return try NIOSSLContext(configuration: configuration)
    }
}

/// Every line of a client's dialogue, as `mail test` prints it.
public final class Transcript: Sendable {
    private let lines = Mutex<[String]>([])
    public init() {}
    public var all: [String] { self.lines.withLock { $0 } }
    public var record: @Sendable (String) -> Void { { line in self.lines.withLock { $0.append(line) } } }
}
