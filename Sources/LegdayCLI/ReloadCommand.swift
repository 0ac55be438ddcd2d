import ArgumentParser
import Foundation
import Logging

/// `legday reload --pid PID`: systemd's ExecReload=. Checks the new configuration first, so a broken one
/// makes `systemctl --user reload legday` fail while the daemon keeps running on the old one; then asks
/// the daemon to reload (SIGHUP) and waits until it has.
struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reload", abstract: "Check the configuration and tell the running daemon to reload it.")

    @OptionGroup var config: ConfigOption
    @Option(help: "The daemon's process id (systemd passes $MAINPID).") var pid: Int32
    @Option(help: "Seconds to wait for the daemon to finish reloading.") var timeout: Double = 10

    func run() throws {
        if case .failure(let error) = RunCommand.load(configPath: config.path, logger: Logger(label: "legday")) {
            printError("the new configuration has problems; the daemon keeps the old one")
            throw fail(with: error.lines)
        }
        let acknowledgement = ReloadAcknowledgement()
        let before = acknowledgement.read()?.count ?? 0
        guard kill(pid, SIGHUP) == 0 else {
            printError("cannot signal process \(pid): \(String(cString: strerror(errno)))")
            throw ExitCode(1)
        }
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let now = acknowledgement.read(), now.count > before {
                if now.ok { return }
                printError("the daemon could not load the configuration; see journalctl --user -u legday")
                throw ExitCode(1)
            }
            usleep(20_000)
        }
        printError("the daemon did not confirm the reload within \(Int(timeout)) s")
        throw ExitCode(1)
    }
}
