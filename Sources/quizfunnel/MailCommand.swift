import ArgumentParser
import Foundation
import QuizfunnelDomain
import QuizfunnelSMTP

/// `quizfunnel mail …`: tools for the mail set-up.
struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "Check the mail set-up.",
        subcommands: [MailTestCommand.self]
    )
}

/// Sends one test mail and prints the SMTP dialogue, with AUTH's secrets redacted.
struct MailTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Send one test mail through the SMTP server and print the dialogue.",
        discussion: "The password comes from QUIZFUNNEL_SMTP_PASSWORD; it is never printed."
    )

    @Option(help: "smtps://user@host:465, smtp://user@host:587 (STARTTLS) or smtp://127.0.0.1:25?tls=none. Default: QUIZFUNNEL_SMTP_URL.")
    var smtp: String?

    @Option(help: "A PEM file of the CA certificates to trust for the SMTP server.")
    var smtpCAFile: String?

    @Option(help: "The recipient.")
    var to: String

    @Option(help: "The sender, such as \"Fairway Golf <hello@fairway.example>\"; default: the recipient.")
    var from: String?

    @Option(help: "Seconds each step of the dialogue may take.")
    var timeout = 30.0

    func run() async throws {
        var options = MailOptions()
        options.smtp = self.smtp
        options.smtpCAFile = self.smtpCAFile
        guard var settings = try options.smtpSettings else {
            throw ValidationError("Pass --smtp URL or set QUIZFUNNEL_SMTP_URL.")
        }
        settings.timeouts = .all(.milliseconds(Int(self.timeout * 1000)))
        guard let recipient = Mailbox(parsing: self.to) else { throw ValidationError("--to must be an email address.") }
        guard let sender = Mailbox(parsing: self.from ?? self.to) else { throw ValidationError("--from must be an address.") }
        let message = MailMessage(
            from: sender,
            to: recipient,
            subject: "quizfunnel test mail",
            date: Date(),
            messageID: "\(UUID().uuidString.lowercased())@\(sender.domain)",
            language: "en",
            text: "This is a test mail from quizfunnel's `mail test`, sent through \(settings.displayURL).\nIf you read it, mail works.",
            extraHeaders: [("Auto-Submitted", "auto-generated")]
        )
        do {
            let reply = try await SMTPClient(settings: settings).send(
                SMTPEnvelope(from: sender.address, to: recipient.address, message: message.rendered),
                transcript: { print($0) }
            )
            print("Sent: \(reply)")
        } catch let error as SMTPError {
            printToStandardError("Not sent: \(error.description)")
            throw ExitCode.failure
        }
    }
}
