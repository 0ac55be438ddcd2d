import LegdayCore

/// Plain text or ANSI colours. The caller decides (colours only on a terminal); this module never looks.
public struct TextStyle: Sendable, Hashable {
    public var colour: Bool

    public init(colour: Bool) { self.colour = colour }

    public static let plain = TextStyle(colour: false)
    public static let ansi = TextStyle(colour: true)

    /// `text` in the colour of a day kind: heavy red, light yellow, recovery cyan, rest dim, race magenta.
    public func paint(_ text: String, _ kind: DayKind) -> String {
        guard colour else { return text }
        let code = switch kind {
        case .heavyLift: "1;31"
        case .lightLift: "33"
        case .recovery: "36"
        case .rest: "2"
        case .race: "1;35"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    public func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    public func dim(_ text: String) -> String { colour ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
}

/// Small text helpers shared by the views.
enum Text {
    /// Pads with spaces to `width` characters (never cuts).
    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// "intervals 8 km, easy 5 km", or "—" without runs.
    static func runs(_ runs: some Collection<Run>) -> String {
        guard !runs.isEmpty else { return "—" }
        return runs.map { run in
            run.distanceKm.map { "\(run.type.rawValue) \(km($0)) km" } ?? run.type.rawValue
        }.joined(separator: ", ")
    }

    /// "8", "6.5": whole kilometres without a decimal point, others to one decimal.
    static func km(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }

    /// The deciding reason of a day: the first one the planner gave.
    static func firstWhy(_ day: DayPlan) -> String { day.reasons.first?.text ?? "" }
}
