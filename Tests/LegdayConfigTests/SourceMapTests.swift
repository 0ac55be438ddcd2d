import LegdayConfig
import LegdayCore
import Testing

@Suite struct SourceMapTests {
    let text = """
    title = "x"                       # 1
    [athlete]                         # 2
    timezone = "Europe/Berlin"        # 3
      "quoted key" = 1                # 4
    [[races]]                         # 5
    date = 2027-04-25                 # 6
    [[races]]                         # 7
      date = "bad"                    # 8
    [notifiers.mail]                  # 9
    port = 587                        # 10
    to = [                            # 11
      "a@example.org",                # 12
      "b@example.org",                # 13
    ]                                 # 14
    note = \"\"\"
    port = "not a key"
    \"\"\"                                # 17
    tls.ca = 'ca.pem'                 # 18
    [notifiers.phone]                 # 19
    options = { topic = "t", 'token_file' = "x", nested = { deep = 1 } }
    [notifiers."my.hook"]             # 21
    url = "https://example.org"       # 22
    """

    var map: TOMLSourceMap { TOMLSourceMap(path: "c.toml", text: text) }

    func at(_ location: SourceLocation) -> [Int] { [location.line, location.column] }

    @Test func tablesAndKeys() {
        #expect(at(map.keyLocation("athlete")) == [2, 2])
        #expect(at(map.keyLocation("athlete.timezone")) == [3, 1])
        #expect(at(map.valueLocation("athlete.timezone")) == [3, 12])
        #expect(at(map.keyLocation("athlete.\"quoted key\"")) == [4, 3])
        #expect(at(map.keyLocation("title")) == [1, 1])
    }

    @Test func arraysOfTablesAreCounted() {
        #expect(at(map.keyLocation("races[0]")) == [5, 3])
        #expect(at(map.keyLocation("races[1]")) == [7, 3])
        #expect(at(map.valueLocation("races[1].date")) == [8, 10])
        #expect(at(map.valueLocation("races[0].date")) == [6, 8])
    }

    @Test func arrayElementsAcrossLines() {
        #expect(at(map.valueLocation("notifiers.mail.to")) == [11, 6])
        #expect(at(map.valueLocation("notifiers.mail.to[0]")) == [12, 3])
        #expect(at(map.valueLocation("notifiers.mail.to[1]")) == [13, 3])
    }

    @Test func multilineStringsHideWhatLooksLikeKeys() {
        // `port = "not a key"` on line 16 is inside a string; the real port stays on line 10.
        #expect(at(map.valueLocation("notifiers.mail.port")) == [10, 8])
        #expect(at(map.keyLocation("notifiers.mail.tls.ca")) == [18, 5])
        #expect(at(map.valueLocation("notifiers.mail.tls.ca")) == [18, 10])
    }

    @Test func inlineTablesAndQuotedKeys() {
        #expect(at(map.valueLocation("notifiers.phone.options.topic")) == [20, 21])
        #expect(at(map.keyLocation("notifiers.phone.options.token_file")) == [20, 26])
        #expect(at(map.valueLocation("notifiers.phone.options.nested.deep")) == [20, 64])
        #expect(at(map.keyLocation("notifiers.\"my.hook\"")) == [21, 12])
        #expect(at(map.valueLocation("notifiers.\"my.hook\".url")) == [22, 7])
    }

    @Test func unknownPathsFallBackToTheirTable() {
        #expect(at(map.keyLocation("notifiers.mail.nothing")) == [9, 12])
        #expect(at(map.keyLocation("nowhere.at.all")) == [1, 1])
    }

    @Test func keyPathsPrintAsWritten() {
        #expect(ConfigKeyPath("races[1].date").description == "races[1].date")
        #expect(ConfigKeyPath("notifiers.\"my.hook\".url").components == [.key("notifiers"), .key("my.hook"), .key("url")])
        #expect(ConfigKeyPath([.key("notifiers"), .key("my hook")]).description == "notifiers.\"my hook\"")
    }
}
