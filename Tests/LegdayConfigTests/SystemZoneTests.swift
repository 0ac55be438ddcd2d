import Foundation
import LegdayConfig
import Testing

/// `[athlete] timezone`: a named zone is fixed; "system" or no key follows the machine's zone.
@Suite struct SystemZoneTests {
    func configuration(_ athlete: String) throws -> LegdayConfiguration {
        let folder = TempFolder()
        return try load("[athlete]\n\(athlete)\n\n[schedule]\nfiles = []\n", in: folder).get()
    }

    @Test func aNamedZoneIsFixed() throws {
        let config = try configuration(#"timezone = "Asia/Kolkata""#)
        #expect(config.athlete.timezone == "Asia/Kolkata")
        #expect(config.timezoneFollowsSystem == false)
    }

    @Test func systemFollowsTheMachine() throws {
        let config = try configuration(#"timezone = "system""#)
        #expect(config.athlete.timezone == TimeZone.current.identifier)
        #expect(config.timezoneFollowsSystem)
    }

    @Test func leavingItOutFollowsTheMachine() throws {
        let config = try configuration(#"policy = "stack""#)
        #expect(config.athlete.timezone == TimeZone.current.identifier)
        #expect(config.timezoneFollowsSystem)
    }
}
