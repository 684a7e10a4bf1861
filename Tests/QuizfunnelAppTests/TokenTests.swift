import Foundation
import Testing

@testable import QuizfunnelApp

/// Result ids and withdrawal tokens travel in URLs: base64url without padding, unguessable, and for tokens ordered by
/// the time they were issued.
@Suite struct TokenTests {
    @Test func base64URLIsFoundationsBase64WithTheURLAlphabetAndNoPadding() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...40 {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let expected = Data(bytes).base64EncodedString()
                    .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
                #expect(Digest.base64URL(bytes) == expected)
            }
        }
    }

    @Test func tokensAreWellFormedAndDifferEvenInTheSameMillisecond() {
        let now = Date()
        let tokens = (0..<1000).map { _ in UnsubscribeToken.make(at: now) }
        #expect(tokens.allSatisfy(UnsubscribeToken.isWellFormed))
        #expect(Set(tokens).count == 1000)
        // The first six bytes (eight characters) are the time; the other 144 bits are random.
        #expect(Set(tokens.map { $0.prefix(8) }).count == 1)
        #expect(Set(tokens.map { $0.dropFirst(8) }).count == 1000)
    }

    @Test func tokensOfOneMomentShareTheirFirstCharacters() {
        let issued = Date(timeIntervalSince1970: 1_795_000_000)
        let soon = UnsubscribeToken.make(at: issued.addingTimeInterval(0.001))
        let later = UnsubscribeToken.make(at: issued.addingTimeInterval(86_400))
        let token = UnsubscribeToken.make(at: issued)
        #expect(token.prefix(7) == soon.prefix(7), "a millisecond apart: neighbours in the token index")
        #expect(token.prefix(4) != later.prefix(4))
    }

    @Test(arguments: [
        ("abcdefghijklmnopqrstuv", true), ("ABCDEFGHIJKLMNOPQRS-_9", true), ("abcdefghijklmnopqrstu", false),
        ("abcdefghijklmnopqrstuvw", false), ("abcdefghijklmnopqrstu=", false), ("abcdefghijklmnopqrstué", false),
        ("abcdefghijklmnopqrst u", false), ("abcdefghijklmnopqrst/u", false),
    ])
    func resultIDsAreTwentyTwoBase64URLCharacters(text: String, isWellFormed: Bool) {
        #expect(ResultID.isWellFormed(text) == isWellFormed)
        #expect(ResultID.isWellFormed(ResultID.make()))
    }

    @Test func aResultIDNeverStartsLikeASpreadsheetFormula() {
        // One random id in 64 would start with "-"; among 5,000, about 78 would.
        #expect((0..<5_000).map { _ in ResultID.make() }.allSatisfy { !$0.hasPrefix("-") })
    }

    @Test func shareRefsAreTwelveLettersAndDigitsAllEquallyLikely() {
        let refs = (0..<10_000).map { _ in ResultID.makeShareRef() }
        #expect(refs.allSatisfy { $0.utf8.count == 12 })
        #expect(Set(refs).count == refs.count)
        var counts: [Character: Int] = [:]
        for character in refs.joined() { counts[character, default: 0] += 1 }
        #expect(Set(counts.keys) == Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"))
        // 120,000 letters, 1,935 of each expected (σ ≈ 44): within 12% is 5σ, while taking every byte modulo 62 would
        // make the first eight letters 25% likelier.
        let expected = 120_000.0 / 62
        for (character, count) in counts {
            #expect(abs(Double(count) - expected) < 0.12 * expected, "\(character): \(count)")
        }
    }

    @Test func exactlyTheSixtyFourCharactersOfBase64URLAreTaken() {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".unicodeScalars)
        for scalar in (0..<128).compactMap(Unicode.Scalar.init) {
            let text = String(repeating: "a", count: 21) + String(Character(scalar))
            #expect(ResultID.isWellFormed(text) == alphabet.contains(scalar), "\(scalar.value)")
        }
    }
}
