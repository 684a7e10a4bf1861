import QuizfunnelDomain
import Testing

@Suite struct EmailAddressTests {
    @Test(arguments: ["anna@example.com", "Anna.Virtanen+golf@mail.example.fi", "o'brien@example.ie", "jürgen@beispiel.de", "a@b.co"])
    func acceptsAddressesMailSystemsAccept(text: String) throws {
        #expect(try EmailAddress(validating: text).address == text)
    }

    @Test(arguments: [
        ("", EmailAddress.ValidationError.empty),
        ("anna.example.com", .notExactlyOneAt),
        ("anna@@example.com", .notExactlyOneAt),
        ("anna@golf@example.com", .notExactlyOneAt),
        ("jürgen@@beispiel.de", .notExactlyOneAt),
        ("anna@example", .invalidDomain),
        ("anna@-example.com", .invalidDomain),
        ("anna@example.123", .invalidDomain),
        ("anna@exa mple.com", .invalidDomain),
        ("=cmd@example.com", .forbiddenLeadingCharacter("=")),
        ("+cmd@example.com", .forbiddenLeadingCharacter("+")),
        ("-cmd@example.com", .forbiddenLeadingCharacter("-")),
        ("@example.com", .forbiddenLeadingCharacter("@")),
        ("an..na@example.com", .invalidLocalPart),
        ("an<na>@example.com", .invalidLocalPart),
        (String(repeating: "a", count: 65) + "@example.com", .localPartTooLong),
        ("a@" + String(repeating: "b", count: 250) + ".com", .tooLong),
    ])
    func refusesWhatMailSystemsOrSpreadsheetsWouldNot(text: String, error: EmailAddress.ValidationError) {
        #expect(throws: error) { try EmailAddress(validating: text) }
    }

    @Test func addressesCompareCaseInsensitivelyAndKeepTheirSpelling() throws {
        let typed = try EmailAddress(validating: "  Anna@Example.COM ")

        #expect(typed.address == "Anna@Example.COM")
        #expect(typed.key == (try EmailAddress(validating: "anna@example.com")).key)
    }

    @Test func theRFC5321LimitsAreInclusive() throws {
        let local = String(repeating: "a", count: 64)
        let domain = String(repeating: "b", count: 63) + "." + String(repeating: "c", count: 63) + "." + String(repeating: "d", count: 58) + ".fi"

        #expect(throws: Never.self) { try EmailAddress(validating: "\(local)@example.com") }
        #expect("\(local)@\(domain)".utf8.count == 254)
        #expect(throws: Never.self) { try EmailAddress(validating: "\(local)@\(domain)") }
    }
}
