import Foundation
import QuizfunnelApp
import QuizfunnelDomain
import Testing

/// `quizfunnel check` reads the mail templates too, and names each problem by file and JSON path.
@Suite struct MailTemplateCheckTests {
    @Test func unknownPlaceholdersAndAConfirmationWithoutItsLinkAreNamed() throws {
        var quiz = try #require(try QuizCatalog.load(folder: repositoryRoot.appendingPathComponent("Quizzes").path).quiz(id: "golf-club"))
        quiz.emails = QuizEmails(
            confirmation: MailTexts(subject: .universal("Confirm {{quiz.titel}}"), text: .perLocale(["en": "Hi {{name}}", "fi": "{{confirmUrl}}"])),
            result: MailTexts(
                subject: .universal("{{segment.title}}"),
                text: .universal("{{#segment.cta}}{{label}} {{url}} {{name}}{{/segment.cta}} {{confirmUrl}}")
            ),
            segments: ["driver": MailTextOverrides(html: .universal("<p>{{segment.description}} {{#broken}}</p>"))]
        )

        let problems = MailTemplateCheck.problems(in: quiz, file: "Quizzes/golf-club.json").map(\.description)

        #expect(problems.count == 4, "\(problems)")
        #expect(problems[0].hasPrefix("Quizzes/golf-club.json: emails.confirmation.subject: unknown placeholder {{quiz.titel}}"))
        #expect(
            problems[1] == "Quizzes/golf-club.json: emails.confirmation.text.en: must contain {{confirmUrl}}: the confirmation mail is for its link"
        )
        #expect(problems[2].hasPrefix("Quizzes/golf-club.json: emails.result.text: unknown placeholder {{confirmUrl}}"))
        // Inside {{#segment.cta}}, {{label}} and {{url}} are the call to action's, and {{name}} is found further up.
        #expect(problems.last?.hasPrefix("Quizzes/golf-club.json: emails.segments.driver.html: not a valid Mustache template") == true)
    }

    @Test func theShippedQuizzesHaveNoProblems() throws {
        let catalog = try QuizCatalog.load(folder: repositoryRoot.appendingPathComponent("Quizzes").path)
        #expect(catalog.quizzes.flatMap { MailTemplateCheck.problems(in: $0, file: $0.id) }.isEmpty)
    }
}
