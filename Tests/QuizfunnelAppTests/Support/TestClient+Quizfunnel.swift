import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// What a failed request answered: `{"error": {"message": ...}}`.
struct ErrorBody: Decodable {
    struct Detail: Decodable { var message: String }
    var error: Detail
}

struct ResultBody: Decodable {
    struct Segment: Decodable {
        var id: String
        var title: String
        var description: String?
        var image: String?
    }
    var resultId: String
    var segment: Segment
    /// The code the player's shared links carry as their `ref`.
    var shareRef: String
}

extension TestClientProtocol {
    func post(_ uri: String, json: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/json"
        return try await self.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json))
    }

    func post(_ uri: String, object: [String: Any]) async throws -> TestResponse {
        let data = try JSONSerialization.data(withJSONObject: object)
        return try await self.post(uri, json: String(decoding: data, as: UTF8.self))
    }

    /// Plays the golf quiz and returns the result; fails the test unless it answers 201.
    func playGolf(_ answers: [String: String], extra: [String: Any] = [:]) async throws -> ResultBody {
        let response = try await self.post("/api/quizzes/golf-club/results", object: extra.merging(["answers": answers]) { $1 })
        #expect(response.status == .created)
        return try decode(ResultBody.self, from: response)
    }

    /// Leaves `email` with consent on a result; returns the response.
    func subscribe(resultID: String, email: String, name: String? = nil, quiz: String = "golf-club") async throws -> TestResponse {
        var body: [String: Any] = ["resultId": resultID, "email": email, "consent": true]
        body["name"] = name
        return try await self.post("/api/quizzes/\(quiz)/leads", object: body)
    }

    /// The export CSV as text; fails the test unless it answers 200.
    func exportCSV(query: String = "", token: String = TestService.adminToken) async throws -> String {
        let response = try await self.execute(uri: "/api/admin/leads.csv\(query)", method: .get, headers: [.authorization: "Bearer \(token)"])
        #expect(response.status == .ok)
        return String(buffer: response.body)
    }
}

func decode<Value: Decodable>(_ type: Value.Type, from response: TestResponse) throws -> Value {
    try JSONDecoder().decode(Value.self, from: Data(response.body.readableBytesView))
}

func errorMessage(_ response: TestResponse) throws -> String {
    try decode(ErrorBody.self, from: response).error.message
}

/// The lines of a CSV export, without their CRLF ends (the tests' exports hold no quoted line breaks).
func csvLines(_ csv: String) -> [String] {
    csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
}

extension TestClientProtocol {
    /// An admin request with the test token.
    func admin(_ uri: String, method: HTTPRequest.Method = .get) async throws -> TestResponse {
        try await self.execute(uri: uri, method: method, headers: [.authorization: "Bearer \(TestService.adminToken)"])
    }

    /// Plays the golf quiz, leaves `email` on the result and, as the person would, confirms it from the confirmation
    /// mail the service holds (the golf quiz is double opt-in); fails the test unless each step succeeds.
    @discardableResult
    func playAndSubscribe(_ email: String, answers: [String: String] = GolfAnswers.driver, confirming: Bool = true) async throws -> ResultBody {
        let result = try await self.playGolf(answers)
        let response = try await self.subscribe(resultID: result.resultId, email: email)
        #expect(response.status == .created)
        if confirming, String(buffer: response.body).contains("pending") { try await self.confirm(try await self.confirmationLink()) }
        return result
    }

    /// The confirm link of the newest held confirmation mail, as the dashboard's Mail view shows it.
    func confirmationLink() async throws -> String {
        let mails = try decode([MailEntryBody].self, from: try await self.admin("/api/admin/mail?limit=1000"))
        let newest = try #require(mails.first { $0.kind == "confirmation" && $0.state == "held" }, "no held confirmation mail")
        let mail = try decode(HeldMailBody.self, from: try await self.admin("/api/admin/mail/\(newest.id)"))
        return try #require(mail.links["confirm"])
    }

    /// Presses a button of the page behind a confirmation link: `confirm`, `reject` or `resend`.
    @discardableResult
    func confirm(_ link: String, action: String = "confirm") async throws -> TestResponse {
        let path = String(link[try #require(link.range(of: "/c/")).lowerBound...]).replacingOccurrences(of: "#not-me", with: "")
        return try await self.execute(
            uri: path,
            method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "action=\(action)")
        )
    }

    /// The withdrawal token of `email`'s first lead, read from the access-request endpoint.
    func unsubscribeToken(of email: String) async throws -> String {
        let person = try decode(PersonBody.self, from: try await self.admin("/api/admin/leads/\(email)"))
        let url = try #require(person.leads.first?.lead.unsubscribeUrl)
        return String(url.split(separator: "/").last ?? "")
    }
}

/// What `GET /api/admin/leads/{email}` answers, as far as the tests read it.
struct PersonBody: Decodable {
    struct Consent: Decodable {
        var version: String
        var text: String
        var textSha256: String
        var method: String
        var origin: String?
        var locale: String
    }
    struct Lead: Decodable {
        var email: String
        var quiz: String
        var status: String
        var consent: Consent
        var unsubscribeUrl: String?
    }
    struct LeadDetail: Decodable {
        var lead: Lead
        var resultId: String
        var unsubscribedAt: String?
    }
    struct ConsentText: Decodable {
        var version: String
        var sha256: String
        var text: String
    }
    struct Suppression: Decodable {
        var reason: String
    }
    struct Result: Decodable {
        var id: String
    }
    var email: String
    var leads: [LeadDetail]
    var results: [Result]
    var consentTexts: [ConsentText]
    var suppression: Suppression?
}

/// A row of `GET /api/admin/mail`.
struct MailEntryBody: Decodable {
    var id: Int64
    var kind: String
    var quiz: String
    var recipient: String
    var state: String
    var attempts: Int
    var lastReply: String?
}

/// `GET /api/admin/mail/{id}`: a held mail as its recipient would read it.
struct HeldMailBody: Decodable {
    var kind: String
    var to: String
    var subject: String
    var text: String
    var html: String?
    var links: [String: String]
    var source: String
}
