import Foundation
import PostgresNIO

/// The records a person look-up and the outboxes read, decoded from PostgreSQL rows by column name.
extension ResultRecord {
    static let postgresColumns = """
        id, "quizID", "segmentID", answers::text AS answers, locale, "utmSource", "utmMedium", "utmCampaign", "utmTerm", \
        "utmContent", ref, "createdAt", "shareRef", texts::text AS texts, "quizVersion", variant, fbclid, gclid
        """

    init(postgresRow row: PostgresRow) throws {
        let columns = row.makeRandomAccess()
        let answers = try columns["answers"].decode(String.self)
        let texts = try columns["texts"].decode(String?.self)
        self.init(
            id: try columns["id"].decode(String.self),
            quizID: try columns["quizID"].decode(String.self),
            segmentID: try columns["segmentID"].decode(String.self),
            answers: try JSONDecoder().decode([String: String].self, from: Data(answers.utf8)),
            locale: try columns["locale"].decode(String.self),
            utmSource: try columns["utmSource"].decode(String?.self),
            utmMedium: try columns["utmMedium"].decode(String?.self),
            utmCampaign: try columns["utmCampaign"].decode(String?.self),
            utmTerm: try columns["utmTerm"].decode(String?.self),
            utmContent: try columns["utmContent"].decode(String?.self),
            ref: try columns["ref"].decode(String?.self),
            createdAt: try columns["createdAt"].decode(Date.self),
            shareRef: try columns["shareRef"].decode(String?.self),
            texts: try texts.map { try JSONDecoder().decode([String: String].self, from: Data($0.utf8)) },
            quizVersion: try columns["quizVersion"].decode(String?.self),
            variant: try columns["variant"].decode(String?.self),
            fbclid: try columns["fbclid"].decode(String?.self),
            gclid: try columns["gclid"].decode(String?.self)
        )
    }
}

extension WebhookEventRecord {
    static let postgresColumns = #"id, endpoint, type, body, subject, status, attempts, "createdAt", "nextAttemptAt", "deliveredAt""#

    init(postgresRow row: PostgresRow) throws {
        let columns = row.makeRandomAccess()
        let status = try columns["status"].decode(String.self)
        guard let known = Status(rawValue: status) else { throw PostgresRowError(message: "unknown webhook event status \"\(status)\"") }
        var body = try columns["body"].decode(ByteBuffer.self)
        self.init(
            id: try columns["id"].decode(String.self),
            endpoint: try columns["endpoint"].decode(String.self),
            type: try columns["type"].decode(String.self),
            body: body.readData(length: body.readableBytes) ?? Data(),
            subject: try columns["subject"].decode(String?.self),
            status: known,
            attempts: try columns["attempts"].decode(Int.self),
            createdAt: try columns["createdAt"].decode(Date.self),
            nextAttemptAt: try columns["nextAttemptAt"].decode(Date.self),
            deliveredAt: try columns["deliveredAt"].decode(Date?.self)
        )
    }
}

extension MailRecord {
    static let postgresColumns = """
        id, "messageID", kind, "quizID", "leadID", "confirmationToken", state, attempts, "createdAt", "nextAttemptAt", \
        "giveUpAt", "updatedAt", "sentAt", "lastReply"
        """

    init(postgresRow row: PostgresRow) throws {
        let columns = row.makeRandomAccess()
        let kind = try columns["kind"].decode(String.self)
        let state = try columns["state"].decode(String.self)
        guard let knownKind = Kind(rawValue: kind), let knownState = State(rawValue: state) else {
            throw PostgresRowError(message: "unknown mail kind \"\(kind)\" or state \"\(state)\"")
        }
        self.init(
            id: try columns["id"].decode(Int64.self),
            messageID: try columns["messageID"].decode(String.self),
            kind: knownKind,
            quizID: try columns["quizID"].decode(String.self),
            leadID: try columns["leadID"].decode(Int64.self),
            confirmationToken: try columns["confirmationToken"].decode(String?.self),
            state: knownState,
            attempts: try columns["attempts"].decode(Int.self),
            createdAt: try columns["createdAt"].decode(Date.self),
            nextAttemptAt: try columns["nextAttemptAt"].decode(Date.self),
            giveUpAt: try columns["giveUpAt"].decode(Date.self),
            updatedAt: try columns["updatedAt"].decode(Date.self),
            sentAt: try columns["sentAt"].decode(Date?.self),
            lastReply: try columns["lastReply"].decode(String?.self)
        )
    }
}

extension ConsentTextRecord {
    init(postgresRow row: PostgresRow) throws {
        let (quizID, version, locale, sha256, text, firstSeenAt) = try row.decode((String, String, String, String, String, Date).self)
        self.init(quizID: quizID, version: version, locale: locale, sha256: sha256, text: text, firstSeenAt: firstSeenAt)
    }
}
