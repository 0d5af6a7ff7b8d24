package platform.security;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The header values Spring Security's {@link StrictHttpFirewall} lets through by default: every character assigned in
 * Unicode and not a control character, tab excepted. Spring checks them with the regular expression
 * {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*} on every {@code getHeader} call; the {@code Authorization} header
 * of an order service is a signed token of ~600 characters, read three times per request (Basic, DPoP and Bearer
 * each look at it), and that expression took 4.1 % of the whole JVM's CPU samples in a profile of a day-of-traffic run
 * (docs/benchmarks.md, "Regular expressions in the security chain"). This is the same set, checked character by
 * character in a loop; a unit test compares it with Spring's predicate on every code point. Plugged in with the
 * firewall's own setter, the supported way to change what it allows.
 */
final class AllowedHeaderValues {

    private AllowedHeaderValues() {
    }

    static boolean allowed(String value) {
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            // printable ASCII, nearly every character of a real header, is allowed without asking Unicode's tables
            if (codePoint < 0x20 || codePoint > 0x7e) {
                int type = Character.getType(codePoint);
                if (type == Character.UNASSIGNED || (type == Character.CONTROL && codePoint != '\t')) {
                    return false;
                }
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
