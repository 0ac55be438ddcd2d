import Foundation
import LegdayCore

/// Drawn figures kept for the life of the process, so each position is drawn and PNG-compressed once, not
/// in every email: drawing a day's figures costs far more than everything else in sending the email (about
/// 100 ms of the 130 ms a heavy-lift email took before this cache). The key is the position itself (name
/// and pose), so a library reloaded with a changed pose draws the new one. The whole bundled library is
/// a few hundred positions of a few KiB each; the cache only ever holds those that were mailed.
final class FigureCache: @unchecked Sendable {
    private let lock = NSLock()
    private var pngs: [Position: [UInt8]?] = [:]
    private let draw: @Sendable (Position) -> [UInt8]?

    init(draw: @escaping @Sendable (Position) -> [UInt8]?) {
        self.draw = draw
    }

    func png(for position: Position) -> [UInt8]? {
        if let known = lock.withLock({ pngs[position] }) { return known }
        // Drawn outside the lock: two sends may both draw a new position once, which is harmless.
        let drawn = draw(position)
        lock.withLock { pngs[position] = drawn }
        return drawn
    }
}
