package analytics.adapter.in.streams;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The W3C trace context an event carries ({@code traceparent}: version-traceid-parentid-flags), put into the
 * logging MDC under the keys Spring Boot's correlation pattern and Micrometer Tracing use ({@code traceId},
 * {@code spanId}) while the event is processed, so the step's log lines can be followed back to the HTTP request.
 */
final class TraceContext implements AutoCloseable {

    static final String TRACE_ID = "traceId";
    static final String SPAN_ID = "spanId";

    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
    private static final TraceContext NONE = new TraceContext(false);

    private final boolean set;

    private TraceContext(boolean set) {
        this.set = set;
    }

    /** The value if it is a well-formed traceparent (an invalid one is ignored, as W3C asks), else null. */
    static @Nullable String valid(@Nullable String traceparent) {
        return traceparent != null && TRACEPARENT.matcher(traceparent).matches()
                && !traceparent.startsWith("ff") && !traceparent.regionMatches(3, "0".repeat(32), 0, 32)
                ? traceparent : null;
    }

    static TraceContext open(@Nullable String traceparent) {
        if (traceparent == null) {
            return NONE;
        }
        MDC.put(TRACE_ID, traceparent.substring(3, 35));
        MDC.put(SPAN_ID, traceparent.substring(36, 52));
        return new TraceContext(true);
    }

    @Override
    public void close() {
        if (set) {
            MDC.remove(TRACE_ID);
            MDC.remove(SPAN_ID);
        }
    }
}
