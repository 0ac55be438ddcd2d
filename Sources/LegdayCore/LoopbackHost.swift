/// The one rule for "this machine", where plain http or SMTP without TLS may go because nothing crosses a
/// network: an IP address, parsed, in 127.0.0.0/8 or `::1`; or the name `localhost`, which RFC 6761
/// reserves for loopback. A prefix test is not enough: `127.evil.example` and `127.0.0.1.example.org` are
/// names anyone can point anywhere. Webhooks, SMTP, feed URLs in config and feed redirects all ask here.
public enum LoopbackHost {
    /// `host` as a URL or config gives it, with or without IPv6 brackets.
    public static func contains(_ host: String) -> Bool {
        var bare = host.lowercased()
        if bare.hasPrefix("[") && bare.hasSuffix("]") { bare = String(bare.dropFirst().dropLast()) }
        if bare == "localhost" || bare == "localhost." { return true }
        if let octets = ipv4(bare) { return octets[0] == 127 }
        if let groups = ipv6(bare) { return groups == [0, 0, 0, 0, 0, 0, 0, 1] }
        return false
    }

    /// Four decimal numbers 0…255, without leading zeros (which some resolvers read as octal).
    static func ipv4(_ text: String) -> [Int]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [Int] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  part == "0" || !part.hasPrefix("0"), let value = Int(part), value <= 255 else { return nil }
            octets.append(value)
        }
        return octets
    }

    /// Eight 16-bit groups, `::` expanded. No zone index and no embedded IPv4 (neither is loopback's form).
    static func ipv6(_ text: String) -> [Int]? {
        func groups(_ part: Substring) -> [Int]? {
            if part.isEmpty { return [] }
            var values: [Int] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = Int(group, radix: 16) else { return nil }
                values.append(value)
            }
            return values
        }
        // Split at the one `::`, if any (a second one is not an address).
        let characters = Array(text)
        var gap: Int?
        for index in characters.indices.dropLast() where characters[index] == ":" && characters[index + 1] == ":" {
            if let first = gap, index > first + 1 { return nil }
            if gap == nil { gap = index }
        }
        guard let gap else {
            guard let all = groups(Substring(text)), all.count == 8 else { return nil }
            return all
        }
        let head = String(characters[..<gap]), tail = String(characters[(gap + 2)...])
        guard let before = groups(Substring(head)), let after = groups(Substring(tail)),
              before.count + after.count < 8 else { return nil }
        return before + Array(repeating: 0, count: 8 - before.count - after.count) + after
    }
}
