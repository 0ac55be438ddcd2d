import Foundation

/// A seeded mutation fuzzer for the seed corpus: the same seed gives the same inputs on every machine, so a
/// failure found in CI can be reproduced by number.
///
/// libFuzzer (`make fuzz`) explores further because it follows coverage; this one needs no special build and
/// runs inside `swift test`. Its mutations are the ones that have broken readers before: bit flips, cut-offs,
/// pieces of one file spliced into another, and lines and tokens that mean something to the formats.
public struct Mutator {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// SplitMix64: tiny, fast and good enough to pick mutations.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func below(_ bound: Int) -> Int {
        bound <= 1 ? 0 : Int(next() % UInt64(bound))
    }

    /// Tokens that mean something to iCalendar, CSV or TOML, or to the numbers and dates inside them.
    public static let tokens: [String] = [
        "BEGIN:VEVENT\r\n", "END:VEVENT\r\n", "BEGIN:VCALENDAR\r\n", "END:VCALENDAR\r\n", "BEGIN:VTIMEZONE\r\n",
        "BEGIN:VALARM\r\n", "END:VALARM\r\n", "BEGIN:STANDARD\r\nTZOFFSETTO:+9999\r\nEND:STANDARD\r\n",
        "DTSTART:99991231T235959Z\r\n", "DTSTART;VALUE=DATE:19000101\r\n", "DTEND:00010101\r\n",
        "DTSTART;TZID=Nowhere/Else:20261124T070000\r\n", "DURATION:P99999999W99999999D\r\n", "DURATION:-PT1S\r\n",
        "RRULE:FREQ=DAILY\r\n", "RRULE:FREQ=WEEKLY;INTERVAL=9223372036854775807\r\n",
        "RRULE:FREQ=DAILY;COUNT=9223372036854775807;INTERVAL=1\r\n", "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU\r\n",
        "EXDATE:20261124,20261125\r\n", "RDATE;VALUE=DATE:99991231\r\n", "RECURRENCE-ID:20261124\r\n",
        "STATUS:CANCELLED\r\n", "SUMMARY:Long run 1e308 km\r\n", "SUMMARY:99999999999999999999 km\r\n",
        " ", "\t", "\r", "\n", "\r\n", "\0", "\u{FEFF}", "\\", "\\n", ",", ";", ":", "=", "\"", "\"\"", "'", "#",
        "[[runs]]\n", "[weekly]\n", "[[strength]]\n", "[[notes]]\n", "[athlete]\n", "[schedule]\n", "[notifiers.x]\n",
        "date = 2026-11-24\n", "date = 9999-12-31\n", "date = 0001-01-01\n", "from = 0001-01-01\nuntil = 9999-12-31\n",
        "distance_km = 1e308\n", "distance_km = 99999999999999999999\n", "distance_km = nan\n", "distance_km = -inf\n",
        "mon = [\"easy 5 km\", \"easy 5 km\", \"easy 5 km\"]\n", "a.b.c.d.e.f.g.h = 1\n", "x = [[[[[[[[1]]]]]]]]\n",
        "2026-11-24,easy,5,Easy\n", "9999-12-31,long,1e308,\"a\nb\"\n", "date,type,distance_km,title\n",
        "timezone = \"Mars/Olympus_Mons\"\n", "daily_at = \"25:61\"\n", "files = [\"/dev/zero\", \"\"]\n",
        "99999999999999999999", "-1", "1e308", "nan", "\u{00FF}", "\u{10FFFF}", "\u{202E}",
    ]

    /// One mutated input made from `input`, with `others` (the rest of the corpus) for splicing.
    public mutating func mutate(_ input: [UInt8], others: [[UInt8]]) -> [UInt8] {
        var bytes = input
        for _ in 0...below(4) {
            bytes = mutateOnce(bytes, others: others)
        }
        return bytes
    }

    private mutating func mutateOnce(_ input: [UInt8], others: [[UInt8]]) -> [UInt8] {
        var bytes = input
        switch below(9) {
        case 0 where !bytes.isEmpty:
            let index = below(bytes.count)
            bytes[index] ^= UInt8(1 << below(8))
        case 1 where !bytes.isEmpty:
            bytes[below(bytes.count)] = UInt8(truncatingIfNeeded: next())
        case 2 where !bytes.isEmpty:
            bytes.removeSubrange(below(bytes.count)...)
        case 3 where !bytes.isEmpty:
            let start = below(bytes.count)
            let end = min(bytes.count, start + 1 + below(64))
            bytes.removeSubrange(start..<end)
        case 4 where !bytes.isEmpty:
            // Repeat a piece: long lines, many events, deep nesting.
            let start = below(bytes.count)
            let piece = bytes[start..<min(bytes.count, start + 1 + below(128))]
            let copies = 1 + below(32)
            bytes.insert(contentsOf: Array(repeating: Array(piece), count: copies).joined(), at: start)
        case 5 where !others.isEmpty:
            let other = others[below(others.count)]
            let cut = below(bytes.count + 1)
            let from = below(other.count + 1)
            bytes = Array(bytes[..<cut]) + Array(other[from...])
        case 6:
            let token = Mutator.tokens[below(Mutator.tokens.count)]
            bytes.insert(contentsOf: Array(token.utf8), at: lineStart(in: bytes, near: below(bytes.count + 1)))
        case 7:
            let token = Mutator.tokens[below(Mutator.tokens.count)]
            bytes.insert(contentsOf: Array(token.utf8), at: below(bytes.count + 1))
        default:
            // Bytes that are not UTF-8: a lone continuation byte, a truncated sequence, an overlong form.
            let bad: [[UInt8]] = [[0x80], [0xC3], [0xE2, 0x82], [0xC0, 0xAF], [0xFF, 0xFE], [0xED, 0xA0, 0x80]]
            bytes.insert(contentsOf: bad[below(bad.count)], at: below(bytes.count + 1))
        }
        return bytes
    }

    /// The start of the line holding `index`, so whole lines land where the format expects lines.
    private func lineStart(in bytes: [UInt8], near index: Int) -> Int {
        var position = min(index, bytes.count)
        while position > 0, bytes[position - 1] != 0x0A { position -= 1 }
        return position
    }
}
