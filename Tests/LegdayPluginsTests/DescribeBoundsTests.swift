import Foundation
import LegdayCore
import Testing
@testable import LegdayPlugins

/// What a plugin prints is input from outside: numbers in it are checked, never converted with a trap.
@Suite struct DescribeBoundsTests {
    func describe(_ protocols: String) -> Result<[Int], PluginError> {
        let output = #"{"name":"odd","version":"1","protocols":"# + protocols + "}"
        do throws(PluginError) {
            return .success(try PluginProtocol.Description.parse(Array(output.utf8)).protocols)
        } catch {
            return .failure(error)
        }
    }

    @Test(arguments: ["[1e300]", "[-1e300]", "[1.5]", "[0]", "[1001]", "[1, 1e19]"])
    func aProtocolThatIsNotASmallWholeNumberIsAnError(protocols: String) {
        guard case .failure(let error) = describe(protocols) else {
            Issue.record("\(protocols) was accepted"); return
        }
        #expect(error.message.contains("not a whole number from 1 to 1000"))
    }

    @Test func wholeProtocolNumbersAreRead() throws {
        #expect(try describe("[1, 2]").get() == [1, 2])
    }

    @Test(arguments: ["1e300", "1e19", "604800.0004"])
    func aHugeRetryAfterIsCutToAWeek(seconds: String) throws {
        let result = try #require(PluginProtocol.Result.parse(Array(#"{"status":"try-later","retry_after":\#(seconds)}"#.utf8)))
        #expect(result.retryAfter == .seconds(604_800))
    }
}
