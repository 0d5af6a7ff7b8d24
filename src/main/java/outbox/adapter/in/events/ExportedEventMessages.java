package outbox.adapter.in.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.common.TemplateParserContext;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.Externalized;
import org.springframework.modulith.events.RoutingTarget;

import outbox.EventEnvelope;
import outbox.ExportedEvent;
import outbox.domain.OutboxMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an exported event into the message the outbox stores, through Spring Modulith's externalization API:
 * an {@link EventExternalizationConfiguration} selects the event, maps it to its payload and routes it to a
 * {@link RoutingTarget} (topic and key, by default from {@link Externalized @Externalized}); the envelope comes
 * from the event itself ({@link ExportedEvent}).
 *
 * <p>The key is evaluated the way Spring Modulith's broker externalizers evaluate it ({@code BrokerRouting}): a key
 * or target written as {@code #{...}} is a SpEL template expression with the mapped event as root object. That
 * class lives in {@code spring-modulith-events-core}, whose auto-configuration also turns on the event publication
 * registry's machinery (async listeners, the persistent multicaster), which the outbox replaces; the evaluation
 * itself is the parser call below.
 *
 * <p>The payload is the mapped event's JSON object under two envelope fields, {@code eventType} and
 * {@code schemaVersion}, so that a consumer can tell which shape it holds without the headers. Public, so that the
 * contract tests serialize events exactly as the outbox does.
 */
public final class ExportedEventMessages {

    static final String CONTENT_TYPE = "application/json";
    private static final SpelExpressionParser PARSER = new SpelExpressionParser();
    private static final TemplateParserContext TEMPLATE = new TemplateParserContext();

    private final EventExternalizationConfiguration configuration;
    private final JsonMapper json;
    private final EvaluationContext evaluation;
    private final Map<ExpressionKey, Expression> expressions = new ConcurrentHashMap<>();

    private record ExpressionKey(String text, Class<?> rootType) {
    }

    public ExportedEventMessages(EventExternalizationConfiguration configuration, JsonMapper json,
            EvaluationContext evaluation) {
        this.configuration = configuration;
        this.json = json;
        this.evaluation = evaluation;
    }

    /**
     * Spring Modulith's default selection and routing without its package restriction: every event whose type (or
     * a supertype) is annotated {@code @Externalized}, routed by that annotation.
     */
    public static EventExternalizationConfiguration annotatedEvents() {
        EventExternalizationConfiguration byAnnotation = EventExternalizationConfiguration.externalizing()
                .select(EventExternalizationConfiguration.annotatedAsExternalized())
                .build();
        // Spring Modulith resolves the merged @Externalized annotation again for every event (AnnotationTargetLookup
        // has no cache of its result): 3 % of the request threads' CPU under load. Here selection and target depend
        // on the event's type only, so Modulith's own answer is kept per type.
        Map<Class<?>, Boolean> selected = new ConcurrentHashMap<>();
        Map<Class<?>, RoutingTarget> targets = new ConcurrentHashMap<>();
        return EventExternalizationConfiguration.externalizing()
                .select(event -> selected.computeIfAbsent(event.getClass(), type -> byAnnotation.supports(event)))
                .routeAll(event -> targets.computeIfAbsent(event.getClass(),
                        type -> byAnnotation.determineTarget(event)))
                .build();
    }

    public boolean supports(ExportedEvent event) {
        return configuration.supports(event);
    }

    /**
     * @param traceparent W3C trace context of the change, or null when it was not traced
     * @throws IllegalStateException if the event's routing has no key or its payload is not a JSON object
     */
    public OutboxMessage toMessage(ExportedEvent event, @Nullable String traceparent) {
        RoutingTarget target = configuration.determineTarget(event);
        Object mapped = configuration.map(event);
        String topic = evaluate(target.getTarget(), mapped);
        String rawKey = target.getKey();
        if (rawKey == null) {
            throw new IllegalStateException(event.getClass().getName() + " is externalized to " + topic
                    + " without a key; the outbox needs one to keep an aggregate's events in order: "
                    + "@Externalized(\"" + topic + "::#{<key expression>}\")");
        }
        String key = evaluate(rawKey, mapped);
        return new OutboxMessage(topic, event.aggregateType(), key, event.eventId(), event.eventType(),
                event.sequence(), event.occurredAt(), payload(event, mapped), headers(event, traceparent));
    }

    private String evaluate(String value, Object root) {
        if (!value.startsWith("#{")) {
            return value;
        }
        // one parsed expression per root type: a SpEL method reference caches the method it resolved for the type it
        // last saw, so one expression shared by the six event types resolved it again by reflection on most events
        Object result = expressions.computeIfAbsent(new ExpressionKey(value, root.getClass()),
                key -> PARSER.parseExpression(key.text(), TEMPLATE)).getValue(evaluation, root);
        if (result == null || result.toString().isBlank()) {
            throw new IllegalStateException("Routing expression " + value + " gave no value for " + root);
        }
        return result.toString();
    }

    private String payload(ExportedEvent event, Object mapped) {
        JsonNode fields = json.valueToTree(mapped);
        if (!(fields instanceof ObjectNode object)) {
            throw new IllegalStateException("The payload of " + event.getClass().getName()
                    + " must be a JSON object, not " + fields.getNodeType());
        }
        if (object.has(EventEnvelope.EVENT_TYPE) || object.has(EventEnvelope.SCHEMA_VERSION)) {
            throw new IllegalStateException("The payload of " + event.getClass().getName() + " must not have fields "
                    + EventEnvelope.EVENT_TYPE + " or " + EventEnvelope.SCHEMA_VERSION + ": the envelope sets them");
        }
        ObjectNode payload = json.createObjectNode()
                .put(EventEnvelope.EVENT_TYPE, event.eventType())
                .put(EventEnvelope.SCHEMA_VERSION, event.schemaVersion());
        payload.setAll(object);
        return json.writeValueAsString(payload);
    }

    /** Stored in the row's {@code headers} column; the relay copies them onto the Kafka record. */
    private Map<String, String> headers(ExportedEvent event, @Nullable String traceparent) {
        Map<String, String> headers = new LinkedHashMap<>();
        configuration.getHeadersFor(event).forEach((name, value) -> headers.put(name, String.valueOf(value)));
        headers.put(EventEnvelope.SCHEMA_VERSION, Integer.toString(event.schemaVersion()));
        headers.put(EventEnvelope.CONTENT_TYPE, CONTENT_TYPE);
        if (traceparent != null) {
            headers.put(EventEnvelope.TRACEPARENT, traceparent);
        }
        return headers;
    }
}
