import Foundation
import LegdayCore

/// Drawn figures kept for the life of the process, so each exercise's picture is drawn and PNG-compressed
/// once, not in every email: drawing a day's figures costs far more than everything else in sending the
/// email. The key is the exercise's positions themselves (names and poses), so a library reloaded with a
/// changed pose draws the new one. The whole bundled library is a few hundred positions; the cache only
/// ever holds the exercises that were mailed, about 10 KB each.
final class FigureCache: @unchecked Sendable {
    private let lock = NSLock()
    private var pngs: [[Position]: [UInt8]?] = [:]
    private let draw: @Sendable (Exercise) -> [UInt8]?

    init(draw: @escaping @Sendable (Exercise) -> [UInt8]?) {
        self.draw = draw
    }

    func png(for exercise: Exercise) -> [UInt8]? {
        if let known = lock.withLock({ pngs[exercise.positions] }) { return known }
        // Drawn outside the lock: two sends may both draw a new exercise once, which is harmless.
        let drawn = draw(exercise)
        lock.withLock { pngs[exercise.positions] = drawn }
        return drawn
    }
}
