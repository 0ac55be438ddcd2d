import LegdayOutput
import ArgumentParser
import Foundation
import LegdayConfig

/// `--config PATH`, shared by every command that reads config.toml.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: "The config file (default: $LEGDAY_CONFIG, else $XDG_CONFIG_HOME/legday/config.toml).")
    var config: String?

    var path: String { ConfigLocator.path(explicit: config) }
}

/// Writes problems to standard error, one `path:line:column: message` per line, and fails the command.
func fail(with diagnostics: [String]) -> ExitCode {
    for line in diagnostics { FileHandle.standardError.write(Data((TerminalText.safe(line) + "\n").utf8)) }
    return ExitCode(1)
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("legday: \(TerminalText.safe(message))\n".utf8))
}
