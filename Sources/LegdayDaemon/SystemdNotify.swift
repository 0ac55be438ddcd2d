import CSystemd
import Foundation

/// The daemon's side of systemd's notify protocol (sd_notify(3)): readiness, status, watchdog, stopping.
public struct SystemdNotify: Sendable {
    private let send: @Sendable (String) -> Void

    /// Sends through libsystemd to `$NOTIFY_SOCKET`; does nothing when it is unset.
    public static let live = SystemdNotify { state in _ = sd_notify(0, state) }

    /// Sends nowhere: for running outside systemd in tests.
    public static let none = SystemdNotify { _ in }

    public init(send: @escaping @Sendable (String) -> Void) { self.send = send }

    public func ready(status: String) { send("READY=1\nSTATUS=\(Self.oneLine(status))") }
    public func status(_ text: String) { send("STATUS=\(Self.oneLine(text))") }

    /// The notify protocol is one assignment a line: a line break in a status (which quotes notifier errors,
    /// text from servers and plugins) would add an assignment of its own (`WATCHDOG=1`, `MAINPID=…`), and
    /// other control characters would reach `systemctl status` raw. Each becomes a space.
    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? " " : $0
        }))
    }
    public func watchdog() { send("WATCHDOG=1") }
    public func stopping() { send("STOPPING=1") }

    /// `RELOADING=1` with the monotonic timestamp newer managers want.
    public func reloading(monotonicMicroseconds: UInt64) {
        send("RELOADING=1\nMONOTONIC_USEC=\(monotonicMicroseconds)")
    }

    /// Half of the watchdog interval systemd asked for, or nil when it asked for none (or not of us).
    public static func watchdogPingInterval(environment: [String: String] = ProcessInfo.processInfo.environment,
                                            pid: Int32 = getpid()) -> Duration? {
        guard let usecText = environment["WATCHDOG_USEC"], let usec = UInt64(usecText), usec > 0 else { return nil }
        if let pidText = environment["WATCHDOG_PID"], let target = Int32(pidText), target != pid { return nil }
        return .microseconds(Int64(usec / 2))
    }
}
