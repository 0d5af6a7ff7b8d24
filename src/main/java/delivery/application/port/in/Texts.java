package delivery.application.port.in;

/**
 * What text the API stores. Identifiers are compared byte for byte (nothing is trimmed, case-folded or
 * Unicode-normalised), so characters that cannot be seen would make two ids that look the same different orders:
 * control characters, format characters such as zero-width spaces and bidirectional marks, and line separators
 * are refused in them. Free text (a cancel reason) may hold line breaks and tabs, but no other control character.
 */
final class Texts {

    static final String VISIBLE = "[^\\p{Cc}\\p{Cf}\\p{Cs}\\p{Co}\\p{Cn}\\p{Zl}\\p{Zp}]*";
    static final String VISIBLE_MESSAGE = "must not contain control, format or unassigned characters";
    static final String LINE = "[^\\p{Cc}\\p{Cs}\\p{Cn}]*";
    static final String LINE_MESSAGE = "must be one line without control characters";
    static final String TEXT = "(?:[\\n\\t]|[^\\p{Cc}\\p{Cs}\\p{Cn}])*";
    static final String TEXT_MESSAGE = "must not contain control characters other than line breaks and tabs";

    private Texts() {
    }
}
