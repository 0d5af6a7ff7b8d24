package analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import analytics.domain.IntegratedDelivery;

/**
 * Feeds {@code delivery.integrated} of a running service with the records of whole delivery lives spread over the
 * last days, as the Kafka Streams step will publish them: a way to try the archive before that step is in the
 * build. Arguments: bootstrap servers, deliveries (default 2000), days (default 3).
 */
public final class ProduceIntegratedDeliveries {

    private ProduceIntegratedDeliveries() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int deliveries = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Random random = new Random(2026);
        // handed over during the last days, the last ones about two hours ago (so that all of them have finished)
        Instant first = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(days));
        long spacing = Duration.ofDays(days).minusHours(2).toMillis() / deliveries;
        int records = 0;
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (int i = 0; i < deliveries; i++) {
                Instant start = first.plusMillis(i * spacing + random.nextInt(1000)).truncatedTo(ChronoUnit.MICROS);
                for (IntegratedDelivery record : IntegratedDeliveries.typicalLife(UUID.randomUUID(), start, random)) {
                    producer.send(new ProducerRecord<>(ArchiveTopic.TOPIC, ArchiveTopic.key(record.deliveryId()),
                            IntegratedDeliveries.json(record)));
                    records++;
                }
            }
        }
        System.out.println("sent " + records + " records of " + deliveries + " deliveries");
    }
}
