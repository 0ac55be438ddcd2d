import ArgumentParser
import Foundation
import LegdayConfig

/// `legday install`: the binary and the user unit under the user's XDG folders, then systemctl --user.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "install", abstract: "Install legday as a systemd user service.")

    @Flag(help: "Install and enable, but do not start now.") var noStart = false
    @Flag(help: "Copy the files only; do not call systemctl.") var noSystemctl = false

    func run() throws {
        let dirs = XDGDirectories()
        let fm = FileManager.default
        let binary = dirs.bin + "/legday"
        let unitPath = dirs.systemdUser + "/legday.service"
        do {
            try fm.createDirectory(atPath: dirs.bin, withIntermediateDirectories: true)
            try fm.createDirectory(atPath: dirs.systemdUser, withIntermediateDirectories: true)
            let me = try Self.executablePath()
            if me != binary {
                if fm.fileExists(atPath: binary) { try fm.removeItem(atPath: binary) }
                // The binary is all there is to copy: the exercise library is compiled into it.
                try fm.copyItem(atPath: me, toPath: binary)
            }
            try UnitFile.text.write(toFile: unitPath, atomically: true, encoding: .utf8)
        } catch {
            printError("install failed: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        print("installed \(binary)")
        print("installed \(unitPath)")
        if let warning = Self.pathWarning(bin: dirs.bin, path: ProcessInfo.processInfo.environment["PATH"] ?? "") {
            print(warning)
        }
        if !noSystemctl {
            try Systemctl.run(["daemon-reload"])
            try Systemctl.run(noStart ? ["enable", "legday.service"] : ["enable", "--now", "legday.service"])
            print(noStart ? "enabled legday.service (start it with: systemctl --user start legday)" : "legday.service is running")
            if !Systemctl.lingerEnabled() {
                print("""
                note: lingering is off for this user, so reminders run only while you are logged in.
                      To keep legday running when you are logged out: loginctl enable-linger \(NSUserName())
                """)
            }
        }
        print(Self.nextReminderLine(configPath: ConfigLocator.path(explicit: nil)))
    }

    /// The line the daemon logs when it starts, computed the same way (`DaemonSetup.nextReminderLine`): the
    /// next reminder and what it will be. A configuration that does not load says so instead.
    static func nextReminderLine(configPath: String, now: Date = Date()) -> String {
        do {
            let context = try AppContext.loadChecked(configPath: configPath)
            return context.daemonSetup(dispatcher: NoDispatch()).nextReminderLine(at: now)
        } catch {
            return "next reminder: none until the configuration loads (\(error.diagnostics.count) problem(s); "
                + "run legday check)"
        }
    }

    /// What to tell a user whose shell will not find the installed binary: the folder is not on `PATH`.
    static func pathWarning(bin: String, path: String) -> String? {
        let folders = path.split(separator: ":").map { String($0).hasSuffix("/") ? String($0.dropLast()) : String($0) }
        guard !folders.contains(bin) else { return nil }
        return """
            warning: \(bin) is not on your PATH, so your shell will not find `legday`.
                     Add it for new shells (then log out and in, or run the line once now):
                       echo 'export PATH="\(bin):$PATH"' >> ~/.profile
            """
    }

    static func executablePath() throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    }
}

/// `legday uninstall`: stop, disable and remove what install put in place. Config and state stay.
struct UninstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "uninstall", abstract: "Remove the systemd user service and the installed binary.")

    @Flag(help: "Remove the files only; do not call systemctl.") var noSystemctl = false

    func run() throws {
        let dirs = XDGDirectories()
        if !noSystemctl { try? Systemctl.run(["disable", "--now", "legday.service"]) }
        // The data folder is what an older legday kept beside its binary.
        for path in [dirs.systemdUser + "/legday.service", dirs.bin + "/legday",
                     dirs.bin + "/legday_LegdayExercises.resources"] where FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.removeItem(atPath: path)
            print("removed \(path)")
        }
        if !noSystemctl { try? Systemctl.run(["daemon-reload"]) }
        print("config (\(dirs.config)) and state (\(dirs.state)) are kept; remove them by hand if you want")
    }
}

/// The user unit `legday install` writes. systemd/legday.service in the source tree is the same text
/// (a test holds them equal), so packagers can ship that file directly.
enum UnitFile {
    static let template = #"""
    [Unit]
    Description=legday: strength-training reminders for runners
    After=network-online.target

    [Service]
    Type=notify
    ExecStart=%h/.local/bin/legday run
    ExecReload=%h/.local/bin/legday reload --pid $MAINPID
    Restart=on-failure
    RestartSec=5s
    WatchdogSec=60s
    TimeoutStopSec=10s
    UMask=0077
    NoNewPrivileges=yes
    SystemCallArchitectures=native
    SystemCallFilter=@system-service
    SystemCallErrorNumber=EPERM
    LockPersonality=yes
    RestrictRealtime=yes
    RestrictSUIDSGID=yes
    MemoryDenyWriteExecute=yes

    [Install]
    WantedBy=default.target
    """#

    static var text: String { template + "\n" }
}

enum Systemctl {
    static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["systemctl", "--user"] + arguments
        do {
            try process.run()
        } catch {
            printError("cannot run systemctl: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            printError("systemctl --user \(arguments.joined(separator: " ")) failed (exit \(process.terminationStatus))")
            throw ExitCode(1)
        }
    }

    static func lingerEnabled() -> Bool {
        FileManager.default.fileExists(atPath: "/var/lib/systemd/linger/\(NSUserName())")
    }
}
