import Foundation
import LegdayConfig
import LegdayCore
import LegdayNotifierRegistry

extension CheckCommand {
    /// Every notifier built exactly as `legday run` and a reload build it (through `NotifierRegistry`), without
    /// sending anything: plugin safety, secrets, TLS settings, timeouts. So `check` refuses what `run`
    /// refuses. Two things are left out: problems already reported (the secrets `LoadedSetup` read), and
    /// systemd credentials when `check` runs outside the service, where they cannot exist.
    static func notifierProblems(_ configuration: LegdayConfiguration, alreadyReported: [Diagnostic],
                                 environment: [String: String] = ProcessInfo.processInfo.environment) -> [Diagnostic] {
        let problems: [Diagnostic]
        do {
            _ = try NotifierRegistry.makeNotifiers(configuration)
            return []
        } catch {
            problems = error.diagnostics
        }
        let seen = Set(alreadyReported.map(\.description))
        let outsideService = (environment["CREDENTIALS_DIRECTORY"] ?? "").isEmpty
        return problems.filter { problem in
            !seen.contains(problem.description)
                && !(outsideService && problem.message.contains(SecretReader.noCredentialsDirectory))
        }
    }
}
