import Foundation
import LegdayCore

/// Prints reminders to standard output: for demos, `legday today`, and machines without a journal.
public struct StdoutNotifier: Notifier {
    public let name: String
    private let write: @Sendable (String) -> Void

    public init(name: String = "stdout", write: @escaping @Sendable (String) -> Void = { text in
        FileHandle.standardOutput.write(Data(text.utf8))
    }) {
        self.name = name
        self.write = write
    }

    public func send(_ reminder: Reminder, context: DeliveryContext) async throws {
        write(StdoutNotifier.render(reminder))
    }

    /// Exactly what is printed: the title, a rule under it, then the body.
    public static func render(_ reminder: Reminder) -> String {
        let title = reminder.late ? "\(reminder.title) (late)" : reminder.title
        let rule = String(repeating: "=", count: min(title.count, 78))
        return "\(title)\n\(rule)\n\(reminder.body)\n"
    }
}
