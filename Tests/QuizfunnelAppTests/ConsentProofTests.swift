import Foundation
import Hummingbird
import HummingbirdTesting
import QuizfunnelDomain
import Testing

@testable import QuizfunnelApp

/// Each lead can prove its consent years later: which words (version and SHA-256), how, when, where, in which language.
@Suite struct ConsentProofTests {
    /// `sha256sum` of the golf quiz's Finnish consent text, computed outside Swift.
    static let finnishTextSHA256 = "55fb026f5db2baf247b9615a4dda8ed836777f55405ccdd51f5cf47bc26341f9"

    @Test func aLeadKeepsTheWordsShownHowAndOnWhichSite() async throws {
        try await TestService().withClient { client in
            let result = try await client.playGolf(GolfAnswers.driver, extra: ["lang": "fi"])
            let body: [String: Any] = [
                "resultId": result.resultId, "email": "anna@example.fi", "consent": true, "consentVersion": "2026-11-23",
                "embedOrigin": "https://shop.example.com",
            ]
            #expect(try await client.post("/api/quizzes/golf-club/leads", object: body).status == .created)

            let person = try decode(PersonBody.self, from: try await client.admin("/api/admin/leads/Anna@Example.fi"))

            let consent = try #require(person.leads.first?.lead.consent)
            #expect(consent.version == "2026-11-23")
            #expect(consent.textSha256 == Self.finnishTextSHA256)
            #expect(consent.method == "checkbox")
            #expect(consent.origin == "https://shop.example.com")
            #expect(consent.locale == "fi")
            #expect(person.consentTexts.map(\.sha256) == [Self.finnishTextSHA256])
            #expect(person.consentTexts.first?.text == consent.text)
            #expect(person.results.map(\.id) == [result.resultId])
        }
    }

    @Test func anUnlistedEmbeddingSiteIsNotTakenAtItsWord() async throws {
        try await TestService().withClient { client in
            let result = try await client.playGolf(GolfAnswers.driver)
            let body: [String: Any] = [
                "resultId": result.resultId, "email": "anna@example.com", "consent": true, "embedOrigin": "https://evil.example",
            ]
            #expect(try await client.post("/api/quizzes/golf-club/leads", object: body).status == .created)

            let person = try decode(PersonBody.self, from: try await client.admin("/api/admin/leads/anna@example.com"))

            #expect(person.leads.first?.lead.consent.origin == "https://quiz.example.com")
        }
    }

    @Test func aLeadAgainstAnOlderConsentVersionIsRefused() async throws {
        let service = try TestService()
        try await service.withClient { client in
            let result = try await client.playGolf(GolfAnswers.driver)
            let body: [String: Any] = ["resultId": result.resultId, "email": "anna@example.com", "consent": true, "consentVersion": "2025-01-01"]

            let response = try await client.post("/api/quizzes/golf-club/leads", object: body)

            #expect(response.status == .conflict)
            #expect(try errorMessage(response).hasPrefix("consentVersion: the consent text has changed"))
        }
        #expect(try await service.everyStoredValue().contains("anna@example.com") == false)
    }

    @Test func theTextAPersonSawIsKeptAfterTheQuizChanges() async throws {
        let service = try TestService()
        let oldText = try await service.withClient { client in
            try await client.playAndSubscribe("anna@example.com")
            return try decode(PersonBody.self, from: try await client.admin("/api/admin/leads/anna@example.com")).leads[0].lead.consent.text
        }
        // The marketer rewrites the consent text and bumps its version; the service restarts with the new file.
        let changed = try Self.catalog(consentVersion: "2027-01-01", englishText: "Yes, send me everything.", in: service.folder)
        let texts = try await service.withStore { store in
            try await store.keepConsentTexts(of: changed)
            return try await store.consentTexts(quizID: "golf-club").filter { $0.locale == "en" }
        }
        #expect(texts.map(\.version) == ["2026-11-23", "2027-01-01"])
        #expect(texts.map(\.text) == [oldText, "Yes, send me everything."])
        try await service.withClient { client in
            let person = try decode(PersonBody.self, from: try await client.admin("/api/admin/leads/anna@example.com"))
            #expect(person.consentTexts.map(\.text) == [oldText])
        }
    }

    /// A text kept at start-up is not inserted again by each lead; one that was not kept still is, by the lead itself.
    @Test func everyLeadsTextIsKeptOnceWhetherKeptAtStartUpOrNot() async throws {
        let service = try TestService()
        let startUp = Date(timeIntervalSince1970: 1_790_000_000)
        let catalog = try QuizCatalog.load(folder: repositoryRoot.appendingPathComponent("Quizzes").path)
        try await service.withStore { store in try await store.keepConsentTexts(of: catalog, at: startUp) }
        let changed = try Self.catalog(consentVersion: "2027-01-01", englishText: "Yes, send me everything.", in: service.folder)
        let unkept = try #require(changed.quizzes.first { $0.id == "golf-club" })
        let keptKey = KeptConsentTexts.Key(
            quizID: "golf-club",
            version: "2026-11-23",
            locale: "en",
            sha256: Digest.sha256(try #require(catalog.quizzes.first { $0.id == "golf-club" }).consentText(locale: "en"))
        )
        if !TestService.runsOnPostgreSQL {
            // The SQLite store is the service's own instance; on PostgreSQL each client of the test service is a new one.
            #expect(service.database.keptConsentTexts.contains(keptKey))
        }

        try await service.withClient { client in
            try await client.playAndSubscribe("anna@example.com")
            try await client.playAndSubscribe("ben@example.com")
        }
        // A quiz whose text changed since start-up (a lead built from it, as the lead route would).
        let result = try await service.withClient { client in try await client.playGolf(GolfAnswers.driver) }
        let optIn = LeadOptIn(
            quiz: unkept,
            email: try EmailAddress(validating: "cleo@example.com"),
            name: nil,
            consentOrigin: "https://quiz.example.com",
            consentDigests: nil,
            receivedAt: Date(),
            emailHash: Digest.emailHash(key: "cleo@example.com"),
            unsubscribeToken: UnsubscribeToken.make()
        )
        let (saved, texts) = try await service.withStore { store in
            let saved = try await store.saveLead(fromResult: result.resultId, quizID: "golf-club", mail: nil) { optIn.lead(from: $0) }
            return (saved, try await store.consentTexts(quizID: "golf-club").filter { $0.locale == "en" })
        }
        #expect(saved?.isNew == true)

        #expect(texts.map(\.version) == ["2026-11-23", "2027-01-01"])
        #expect(texts.first?.firstSeenAt == startUp)
        #expect(texts.last?.text == "Yes, send me everything.")
    }

    /// The shipped quizzes with the golf quiz's consent changed, loaded from a copy in `folder`.
    static func catalog(consentVersion: String, englishText: String, in folder: URL) throws -> QuizCatalog {
        let quizzes = folder.appendingPathComponent("changed-quizzes")
        try FileManager.default.createDirectory(at: quizzes, withIntermediateDirectories: true)
        let original = repositoryRoot.appendingPathComponent("Quizzes/golf-club.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: original)) as? [String: Any])
        json.removeValue(forKey: "$schema")
        var consent = try #require(json["consent"] as? [String: Any])
        var text = try #require(consent["text"] as? [String: String])
        text["en"] = englishText
        consent["text"] = text
        consent["version"] = consentVersion
        json["consent"] = consent
        try JSONSerialization.data(withJSONObject: json).write(to: quizzes.appendingPathComponent("golf-club.json"))
        return try QuizCatalog.load(folder: quizzes.path)
    }
}
