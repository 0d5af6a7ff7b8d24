package routing.adapter.in.bus;

import java.util.Collection;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.bus.BusConstants;
import org.springframework.cloud.stream.binder.kafka.KafkaBindingRebalanceListener;
import org.springframework.stereotype.Component;

import routing.application.port.in.ReloadRoutingRulesUseCase;

/**
 * Closes the gap between loading the rule set at start-up and the bus consumer's first assignment. The bus reads
 * from the latest offset once its anonymous group is assigned the partition, so an announcement sent in between
 * would only be found by the next periodic check; checking the stored version at assignment finds it at once.
 */
@Component
class BusSubscriptionCatchUp implements KafkaBindingRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(BusSubscriptionCatchUp.class);

    private final ReloadRoutingRulesUseCase rules;

    BusSubscriptionCatchUp(ReloadRoutingRulesUseCase rules) {
        this.rules = rules;
    }

    @Override
    public void onPartitionsAssigned(String bindingName, Consumer<?, ?> consumer,
            Collection<TopicPartition> partitions, boolean initial) {
        if (!bindingName.startsWith(BusConstants.INPUT)) {
            return;
        }
        log.info("Event bus subscribed ({}); checking the stored routing rule set version", partitions);
        try {
            rules.catchUp();
        } catch (RuntimeException e) {
            log.warn("Routing version check on bus subscription failed; the periodic check will retry", e);
        }
    }
}
