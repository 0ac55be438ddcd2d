import CCurl
import LegdayNotify

/// What a failed transfer means for the delivery machinery: try again later, or stop and tell the runner.
enum SMTPFailure {
    static func classify(code: CURLcode, reply: Int, detail: String, lastReply: String,
                         settings: SMTPServerSettings) -> NotifierError {
        let server = "\(settings.host):\(settings.port)"
        let said = lastReply.isEmpty ? "" : " (server said: \(lastReply))"
        let why = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail

        switch code {
        case CURLE_USE_SSL_FAILED:
            return .permanent("\(server) does not offer STARTTLS, so nothing was sent and no password went out. "
                + "This is a configuration problem: check host and port, use security = \"tls\" for port 465, "
                + "or security = \"none\" for a server on this machine")
        case CURLE_LOGIN_DENIED:
            // 454 is "temporary authentication failure"; 535 and friends mean the credentials are wrong.
            if (400..<500).contains(reply) { return .temporary("\(server) could not log in for now: \(why)\(said)") }
            return .permanent("\(server) refused the login: check username and password or token: \(why)\(said)")
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM, CURLE_SSL_ISSUER_ERROR:
            return .permanent("\(server): the TLS certificate could not be verified (set ca_file for a private CA): \(why)")
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_NOT_BUILT_IN:
            return .permanent("\(server): \(why)")
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_GOT_NOTHING,
             CURLE_SSL_CONNECT_ERROR, CURLE_ABORTED_BY_CALLBACK:
            return .temporary("\(server): \(why)")
        default:
            break
        }
        switch reply {
        case 400..<500: return .temporary("\(server) deferred the message (\(reply)): \(why)\(said)")
        case 500..<600: return .permanent("\(server) rejected the message (\(reply)): \(why)\(said)")
        default: return .temporary("\(server): \(why)\(said)")
        }
    }
}
