import ArgumentParser
import Foundation
import QuizfunnelApp
import QuizfunnelDomain
import QuizfunnelSMTP

/// The options that point the service at an SMTP server and set the clocks of double opt-in.
struct MailOptions: ParsableArguments {
    @Option(
        help: """
            The SMTP server: smtps://user@host:465 (implicit TLS), smtp://user@host:587 (STARTTLS required) or \
            smtp://127.0.0.1:25?tls=none (this machine only). Default: QUIZFUNNEL_SMTP_URL. The password comes from \
            QUIZFUNNEL_SMTP_PASSWORD. Without a server, mails are held and shown in the dashboard's Mail view.
            """
    )
    var smtp: String?

    @Option(help: "A PEM file of the CA certificates to trust for the SMTP server (a private CA).")
    var smtpCAFile: String?

    @Option(help: "The sender of quizzes without emails.from, such as \"Fairway Golf <hello@fairway.example>\".")
    var mailFrom: String?

    @Option(help: "How long a confirmation link works: seconds, or with s, m, h or d (7d).")
    var confirmationTTL = "7d"

    @Option(help: "How long an unconfirmed lead is kept after its last confirmation mail (30d).")
    var pendingRetention = "30d"

    @Option(help: "Seconds before a failed mail is tried again; each later try waits about twice as long, up to an hour.")
    var mailRetryBase = 60.0

    @Option(help: "Mails the whole service sends at most, like 1000/hour, or off.")
    var mailRateLimit = "1000/hour"

    @Flag(help: "Keep the confirming IP address and User-Agent with the consent proof (personal data).")
    var recordConfirmationClient = false

    /// The `--smtp` URL, or `QUIZFUNNEL_SMTP_URL`, with the password from `QUIZFUNNEL_SMTP_PASSWORD`.
    var smtpSettings: SMTPSettings? {
        get throws {
            let environment = ProcessInfo.processInfo.environment
            guard let url = self.smtp ?? environment["QUIZFUNNEL_SMTP_URL"], !url.isEmpty else { return nil }
            do {
                var settings = try SMTPSettings(url: url, password: environment["QUIZFUNNEL_SMTP_PASSWORD"])
                settings.caFile = self.smtpCAFile
                settings.heloName = ProcessInfo.processInfo.hostName
                return settings
            } catch {
                throw ValidationError("--smtp: \(error.description).")
            }
        }
    }

    var settings: MailSettings {
        get throws {
            var sender: Mailbox?
            if let mailFrom {
                guard let mailbox = Mailbox(parsing: mailFrom) else {
                    throw ValidationError("--mail-from must be an address such as \"Fairway Golf <hello@fairway.example>\".")
                }
                sender = mailbox
            }
            let rateLimit: RateLimit?
            do {
                rateLimit = try RateLimit.parse(self.mailRateLimit)
            } catch {
                throw ValidationError("--mail-rate-limit \(error.message).")
            }
            guard self.mailRetryBase > 0 else { throw ValidationError("--mail-retry-base must be more than 0.") }
            return MailSettings(
                smtp: try self.smtpSettings,
                from: sender,
                confirmationTTL: try Self.seconds(self.confirmationTTL, option: "confirmation-ttl"),
                pendingRetention: try Self.seconds(self.pendingRetention, option: "pending-retention"),
                retryBase: self.mailRetryBase,
                rateLimit: rateLimit,
                recordsConfirmationClient: self.recordConfirmationClient
            )
        }
    }

    /// `90`, `90s`, `15m`, `24h` or `7d` as seconds.
    static func seconds(_ text: String, option: String) throws -> Double {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        let unit = text.last.flatMap { units[$0] }
        guard let number = Double(unit == nil ? text : String(text.dropLast())), number > 0 else {
            throw ValidationError("--\(option) must be a duration such as 600s, 30m, 24h or 7d.")
        }
        return number * (unit ?? 1)
    }
}
