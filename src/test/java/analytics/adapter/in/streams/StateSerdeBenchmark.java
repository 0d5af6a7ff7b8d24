package analytics.adapter.in.streams;

import java.nio.charset.StandardCharsets;

import analytics.domain.IntegratedDelivery;

/**
 * What reading and writing a state store's value costs with ISO-8601 instants (the topics' form) and with numbers
 * (the stores' form, {@link JsonSerde#state}), on one integrated delivery with six instants set, one thread, after
 * warm-up rounds. Prints microseconds per value and the ratio. Run:
 * {@code scripts/test-main analytics.adapter.in.streams.StateSerdeBenchmark [values per round]}.
 */
public final class StateSerdeBenchmark {

    private StateSerdeBenchmark() {
    }

    public static void main(String[] args) {
        int values = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        JsonSerde<IntegratedDelivery> iso = new JsonSerde<>(IntegratedDelivery.class);
        JsonSerde<IntegratedDelivery> numbers = JsonSerde.state(IntegratedDelivery.class);
        IntegratedDelivery delivery = iso.deserializer().deserialize("t",
                JsonSerdeUnitTest.INTEGRATED_AS_PUBLISHED.getBytes(StandardCharsets.UTF_8));
        byte[] isoBytes = iso.serializer().serialize("t", delivery);
        byte[] numberBytes = numbers.serializer().serialize("t", delivery);
        System.out.printf("one value: %d bytes with ISO instants, %d with numbers%n", isoBytes.length,
                numberBytes.length);
        System.out.println("round  read ISO µs  read numbers µs  ratio  write ISO µs  write numbers µs  ratio");
        long sink = 0;
        for (int round = 1; round <= 6; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < values; i++) {
                sink += iso.deserializer().deserialize("t", isoBytes).lastSequence();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < values; i++) {
                sink += numbers.deserializer().deserialize("t", numberBytes).lastSequence();
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < values; i++) {
                sink += iso.serializer().serialize("t", delivery).length;
            }
            long t3 = System.nanoTime();
            for (int i = 0; i < values; i++) {
                sink += numbers.serializer().serialize("t", delivery).length;
            }
            long t4 = System.nanoTime();
            double readIso = (t1 - t0) / 1e3 / values;
            double readNumbers = (t2 - t1) / 1e3 / values;
            double writeIso = (t3 - t2) / 1e3 / values;
            double writeNumbers = (t4 - t3) / 1e3 / values;
            System.out.printf("%s  %11.2f  %15.2f  %5.2f  %12.2f  %16.2f  %5.2f%n",
                    round <= 2 ? "warm " + round : "    " + round, readIso, readNumbers, readNumbers / readIso,
                    writeIso, writeNumbers, writeNumbers / writeIso);
        }
        System.out.println("(checksum " + sink + ")");
    }
}
