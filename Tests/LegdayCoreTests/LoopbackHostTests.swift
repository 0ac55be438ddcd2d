import LegdayCore
import Testing

/// Loopback is a parsed address, never a prefix: `127.evil.example` is a name anyone can point anywhere.
@Suite struct LoopbackHostTests {
    @Test(arguments: ["localhost", "LOCALHOST", "localhost.", "127.0.0.1", "127.1.2.3", "127.255.255.255", "::1",
                      "[::1]", "0:0:0:0:0:0:0:1", "0000:0000::0001"])
    func loopback(host: String) {
        #expect(LoopbackHost.contains(host))
    }

    @Test(arguments: ["127.evil.example", "127.0.0.1.example.org", "127.1", "0127.0.0.1", "127.0.0.01", "127.0.0.256",
                      "128.0.0.1", "10.0.0.2", "::2", "::", "::ffff:127.0.0.1", "localhost.example.org", "", "127.0.0.1:80",
                      "::1::", "1::1", "12345::1", "[::1"])
    func notLoopback(host: String) {
        #expect(!LoopbackHost.contains(host))
    }
}
