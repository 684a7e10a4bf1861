extension QuizReader {
    /// `"optIn"`: `"double"` (also when missing) or `"single"`.
    mutating func readOptIn(_ value: JSONValue?, at path: JSONPath) -> OptInMode {
        guard let text = self.string(value, at: path) else { return .double }
        guard let mode = OptInMode(rawValue: text) else {
            self.report(path, "\"\(text)\" must be \"double\" or \"single\"")
            return .double
        }
        return mode
    }

    /// `"emails"`: the sender and the texts of the confirmation and result mails (templates are checked where they are
    /// rendered, see `MailTemplates`).
    mutating func readEmails(_ value: JSONValue?, at path: JSONPath, segmentIDs: Set<String>) -> QuizEmails? {
        guard let value else { return nil }
        let keys: Set = ["from", "replyTo", "confirmation", "result", "segments"]
        guard let fields = self.object(value, at: path, allowedKeys: keys) else { return nil }
        var emails = QuizEmails()
        emails.from = self.readMailbox(self.field("from", in: fields, at: path, isRequired: false), at: path.appending("from"))
        emails.replyTo = self.readMailbox(self.field("replyTo", in: fields, at: path, isRequired: false), at: path.appending("replyTo"))
        emails.confirmation = self.readMailTexts(fields["confirmation"], at: path.appending("confirmation"))
        emails.result = self.readMailTexts(fields["result"], at: path.appending("result"))
        if let segments = fields["segments"], let overrides = self.object(segments, at: path.appending("segments"), allowedKeys: nil) {
            for (id, override) in overrides.sorted(by: { $0.key < $1.key }) {
                guard segmentIDs.contains(id) else {
                    self.report(path.appending("segments").appending(id), "unknown segment \"\(id)\"")
                    continue
                }
                let overridePath = path.appending("segments").appending(id)
                guard let parts = self.object(override, at: overridePath, allowedKeys: ["subject", "text", "html"]) else { continue }
                emails.segments[id] = MailTextOverrides(
                    subject: self.text(parts["subject"], at: overridePath.appending("subject")),
                    text: self.text(parts["text"], at: overridePath.appending("text")),
                    html: self.text(parts["html"], at: overridePath.appending("html"))
                )
            }
        }
        return emails
    }

    private mutating func readMailbox(_ value: JSONValue?, at path: JSONPath) -> Mailbox? {
        guard let text = self.string(value, at: path) else { return nil }
        guard let mailbox = Mailbox(parsing: text) else {
            self.report(path, "\"\(text)\" must be an address such as \"Fairway Golf <hello@fairway.example>\"")
            return nil
        }
        return mailbox
    }

    private mutating func readMailTexts(_ value: JSONValue?, at path: JSONPath) -> MailTexts? {
        guard let value, let fields = self.object(value, at: path, allowedKeys: ["subject", "text", "html"]) else { return nil }
        let subject = self.text(self.field("subject", in: fields, at: path), at: path.appending("subject"))
        let text = self.text(self.field("text", in: fields, at: path), at: path.appending("text"))
        let html = self.text(fields["html"], at: path.appending("html"))
        guard let subject, let text else { return nil }
        return MailTexts(subject: subject, text: text, html: html)
    }
}
