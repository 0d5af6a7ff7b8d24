package platform.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * An {@code If-Match} header as RFC 9110 (13.1.1) defines it, with one meaning for every API of this service:
 * {@code *} matches any current representation; otherwise a list of entity tags matches when one of them equals
 * the current ETag by <em>strong</em> comparison, so a weak tag ({@code W/"3"}) never matches. A header that is
 * not {@code *} or a list of entity tags is malformed ({@link MalformedIfMatchException}, answered with 400).
 *
 * <p>Resources here are versioned: their ETag is the version as a strong tag, {@code "7"} ({@link #etag}).
 * Spring's {@code ServletWebRequest.checkNotModified} implements the same comparison, but only to answer 412 by
 * itself, after reading the current ETag; the APIs here compare inside their own transaction (the delivery API
 * answers 409, the admin API 412), so they need the parsed tags rather than a yes/no.
 */
public final class IfMatch {

    /** a canonical version number as this service writes it in an ETag: no sign, no leading zeros */
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}");

    private final boolean any;
    private final List<EntityTag> tags;

    private IfMatch(boolean any, List<EntityTag> tags) {
        this.any = any;
        this.tags = List.copyOf(tags);
    }

    /** The strong ETag of a version: {@code "7"}. */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Parses the header; {@code null} when there is none (or it is empty).
     *
     * @throws MalformedIfMatchException if it is neither {@code *} nor a list of entity tags
     */
    public static @Nullable IfMatch parse(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (value.equals("*")) {
            return new IfMatch(true, List.of());
        }
        List<EntityTag> tags = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            i = skipWhitespace(value, i);
            if (i < n && value.charAt(i) == ',') {
                i++; // an empty list element, which RFC 9110 (5.6.1) tells recipients to accept
                continue;
            }
            if (i >= n) {
                break;
            }
            boolean weak = value.startsWith("W/", i);
            if (weak) {
                i += 2;
            }
            if (i >= n || value.charAt(i) != '"') {
                throw new MalformedIfMatchException(header);
            }
            int close = i + 1;
            while (close < n && value.charAt(close) != '"') {
                char c = value.charAt(close);
                // etagc = %x21 / %x23-7E / obs-text
                if (c < 0x21 || c == 0x7F || c > 0xFF) {
                    throw new MalformedIfMatchException(header);
                }
                close++;
            }
            if (close >= n) {
                throw new MalformedIfMatchException(header);
            }
            tags.add(new EntityTag(weak, value.substring(i + 1, close)));
            i = skipWhitespace(value, close + 1);
            if (i < n && value.charAt(i) != ',') {
                throw new MalformedIfMatchException(header);
            }
        }
        if (tags.isEmpty()) {
            throw new MalformedIfMatchException(header);
        }
        return new IfMatch(false, tags);
    }

    private static int skipWhitespace(String value, int i) {
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** {@code *}: any current representation matches. */
    public boolean any() {
        return any;
    }

    /** Strong comparison with the current ETag (as {@link #etag} writes it). */
    public boolean matches(String currentETag) {
        return any || tags.stream().anyMatch(tag -> !tag.weak() && ("\"" + tag.opaque() + "\"").equals(currentETag));
    }

    /**
     * The versions a strong tag of this header names. Weak tags and tags that are not a version this service
     * could have written are left out: they can never match. Empty for {@code *} (see {@link #any()}).
     */
    public Set<Long> versions() {
        Set<Long> versions = new LinkedHashSet<>();
        for (EntityTag tag : tags) {
            if (!tag.weak() && VERSION.matcher(tag.opaque()).matches()) {
                versions.add(Long.parseLong(tag.opaque()));
            }
        }
        return versions;
    }

    @Override
    public String toString() {
        return any ? "*" : String.join(", ", tags.stream().map(EntityTag::toString).toList());
    }

    private record EntityTag(boolean weak, String opaque) {
        @Override
        public String toString() {
            return (weak ? "W/" : "") + "\"" + opaque + "\"";
        }
    }

    /** Answered as 400 {@code malformed-if-match} by every API. */
    public static class MalformedIfMatchException extends RuntimeException {
        public MalformedIfMatchException(String value) {
            super("If-Match must be * or a list of entity tags such as \"7\" (the ETag a read answered with); got "
                    + Problems.printable(value));
        }
    }
}
