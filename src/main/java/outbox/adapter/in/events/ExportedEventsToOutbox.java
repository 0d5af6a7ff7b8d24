package outbox.adapter.in.events;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import outbox.ExportedEvent;
import outbox.application.RelayProperties;
import outbox.application.port.in.AppendToOutboxUseCase;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes every externalized {@link ExportedEvent}, of whichever module, into the outbox, inside the transaction
 * that published it.
 *
 * <p>A plain synchronous {@link EventListener} on purpose. An {@code @ApplicationModuleListener} runs after the
 * commit, asynchronously, in a transaction of its own, and Spring Modulith's own externalizer sends after the
 * commit from its event publication registry: in both the change and its event commit separately. The outbox's
 * whole point is that they commit or roll back together, and that events are relayed in commit order per key;
 * {@link AppendToOutboxUseCase} refuses to run without the caller's transaction.
 *
 * <p>What is exported and where it goes is Spring Modulith's {@link EventExternalizationConfiguration}: the
 * application's bean if it declares one, else every {@code @Externalized} event routed by its annotation.
 *
 * <p>The change's W3C trace context (the HTTP request's {@code traceparent}, or the trace started for it) is
 * stored with the event, so the relay puts it on the Kafka record.
 */
@Component
class ExportedEventsToOutbox {

    private static final Logger log = LoggerFactory.getLogger(ExportedEventsToOutbox.class);

    private final AppendToOutboxUseCase outbox;
    private final ExportedEventMessages messages;
    // resolved once: ObjectProvider.getIfAvailable looks the bean up again on every call (1 % of the request threads)
    private final SingletonSupplier<@Nullable Tracer> tracer;
    private final boolean writeEvents;

    ExportedEventsToOutbox(AppendToOutboxUseCase outbox, ObjectProvider<EventExternalizationConfiguration> configuration,
            JsonMapper json, BeanFactory beans, ObjectProvider<Tracer> tracer,
            RelayProperties properties) {
        this.outbox = outbox;
        // the same evaluation context Spring Modulith's broker externalizers use: the event as root, beans by @name
        StandardEvaluationContext evaluation = new StandardEvaluationContext();
        evaluation.setBeanResolver(new BeanFactoryResolver(beans));
        this.messages = new ExportedEventMessages(configuration.getIfUnique(ExportedEventMessages::annotatedEvents),
                json, evaluation);
        this.tracer = SingletonSupplier.of(tracer::getIfAvailable);
        this.writeEvents = properties.writeEvents();
    }

    @EventListener
    void on(ExportedEvent event) {
        if (!writeEvents) {
            return;
        }
        if (!messages.supports(event)) {
            log.debug("{} is not selected for externalization; not written to the outbox", event.getClass().getName());
            return;
        }
        outbox.append(messages.toMessage(event, traceparent()));
    }

    /**
     * {@code 00-<trace id>-<span id>-<flags>}: the W3C format, whatever propagation the HTTP side uses. An unsampled
     * span (Boot samples 10 % by default) still has its ids and carries them on, flagged as not sampled, so logs
     * of one change correlate whether or not its spans are exported; only the no-op tracer has none.
     */
    private @Nullable String traceparent() {
        Tracer current = tracer.get();
        Span span = current == null ? null : current.currentSpan();
        if (span == null) {
            return null;
        }
        TraceContext context = span.context();
        if (context.traceId().isEmpty() || context.spanId().isEmpty()) {
            return null;
        }
        return "00-" + context.traceId() + "-" + context.spanId() + "-"
                + (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
    }
}
