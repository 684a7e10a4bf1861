import ArgumentParser
import Foundation
import QuizfunnelApp
import QuizfunnelDomain

/// Answers an erasure request from the command line, the same as `DELETE /api/admin/leads/{email}`.
struct EraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase everything held about an email address, keeping only its hash on the suppression list.",
        discussion: """
            Removes the address's leads in every quiz, the results they came from and webhook events about it. \
            Webhook endpoints that were sent data about the person, and those given with --webhook, get lead.erased \
            (delivered by serve).
            """
    )

    @Option(help: "The email address to erase.")
    var email: String

    @Option(name: .customLong("webhook"), help: "An endpoint to tell as well (repeatable; pass serve's --webhook values).")
    var webhooks: [String] = []

    @OptionGroup var storage: DatabaseOptions

    func validate() throws {
        do {
            _ = try EmailAddress(validating: self.email)
        } catch {
            throw ValidationError("--email \(error.description).")
        }
        try self.storage.requireExisting()
    }

    func run() async throws {
        let address = try EmailAddress(validating: self.email)
        let webhooks = self.webhooks
        let erasure = try await self.storage.withStore { database in
            try await database.erase(emailKey: address.key, notifying: webhooks)
        }
        print(
            "Erased \(address.key): \(erasure.leads) leads, \(erasure.results) results, \(erasure.webhookEvents) webhook events; its hash stays on the suppression list."
        )
    }
}
