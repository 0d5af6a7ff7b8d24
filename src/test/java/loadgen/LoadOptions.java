package loadgen;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the load generator is asked to do. Two ways to say how fast: a fixed hand-over rate, or "one day of the
 * platform compressed into N minutes" (the day's curve with its lunch and dinner peaks, and every delivery's life
 * shortened by the same factor). Either way the run is bounded by a delivery count and a duration.
 *
 * @param deliveries     hand-overs to start (the run ends when all of them have finished their lives)
 * @param rate           hand-overs per second in fixed-rate mode; ignored with {@code dayIn}
 * @param dayIn          compress 24 h of traffic into this; null for fixed-rate mode
 * @param maxDuration    hard stop: nothing new starts after it, and in-flight lives are abandoned after a grace
 * @param stepGap        fixed-rate mode: mean pause between a delivery's steps (its life then takes ~4 gaps)
 * @param cancelShare    share of deliveries cancelled at a random point of their life
 * @param duplicateShare share of changes sent twice, the second after the first answered (a client that timed out
 *                       and retried): must change nothing
 * @param readShare      share of changes followed by another client's read of the delivery
 * @param maxInFlight    requests in flight at most; more wait (the generator never overloads itself silently: the
 *                       wait shows as latency)
 * @param maxLives       deliveries in flight at most, 0 for no bound: with a bound the next hand-over waits until a
 *                       life ends (a closed model, which finds the service's peak without building a backlog)
 * @param maxAttempts    attempts per request that timed out or got a 5xx answer (a service that answers, wrongly)
 * @param retryFor       how long a request is retried while no instance can be reached or all shed load
 *                       (connection refused or reset, 503/429): a restart or an outage, not an error
 * @param journal        where every acknowledged change (delivery id, version) is appended, for the checker
 * @param trustedCertificate PEM file of the CA that signed the service's HTTPS certificate; null: the JDK's
 * @param targets        instances of the service, called in turn as a load balancer would; a request that cannot
 *                       reach one goes to the next
 * @param authorization  the order service's {@code Authorization} header, for hand-overs and changes
 * @param readAuthorization the other clients' header, for their reads (a dashboard's viewer; by default the
 *                       embedded run's viewer token when the order service's credentials came from there too)
 */
public record LoadOptions(List<URI> targets, String authorization, String readAuthorization, long deliveries, double rate,
        @Nullable Duration dayIn, Duration maxDuration, Duration stepGap, int orderServices, double cancelShare,
        double duplicateShare, double readShare, int maxInFlight, int maxLives, Duration requestTimeout,
        int maxAttempts, Duration retryFor, Path journal, @Nullable Path trustedCertificate, Duration progressEvery,
        long seed) {

    public LoadOptions {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("--url needs at least one service URL");
        }
    }

    static final String USAGE = """
            Load generator: drives deliveries through the public HTTP API as order services would.
              --url URL[,URL...]        service base URL(s) (default http://127.0.0.1:8080), called in turn like a load
                                        balancer; a request that cannot connect goes to the next. Loopback only unless
                                        --allow-remote
              --ca-cert FILE            PEM certificate of the CA that signed the service's HTTPS certificate
              --token JWT               bearer token of an ORDER_SERVICE caller (default: the embedded run's minted
                                        order-service token from --data-dir, else its Basic credentials)
              --user NAME:PASSWORD      HTTP Basic credentials instead of a token
              --read-token JWT          bearer token of the other clients that read deliveries back, e.g. a VIEWER
                                        (default: the embedded run's viewer token when --token and --user are not
                                        given and it minted one, else the order service's credentials)
              --read-user NAME:PASSWORD the same with HTTP Basic
              --data-dir DIR            the embedded run's data dir (default ./data), to find the generated credentials
              --deliveries N            hand-overs to start (default 1000)
              --rate R                  hand-overs per second, fixed (default 50)
              --day-in DURATION         instead of --rate: one day of the platform's traffic compressed into DURATION
                                        (e.g. 60m), with the day's curve, and each life shortened by the same factor
              --max-duration DURATION   hard stop (default 1h)
              --step-gap DURATION       fixed rate: mean pause between a delivery's steps (default 200ms)
              --order-services N        distinct order services (default 4)
              --cancel-share X          share cancelled at a random point (default 0.1)
              --duplicate-share X       share of changes sent twice, as a client's retry (default 0.02)
              --read-share X            share of changes followed by a read (default 0.2)
              --max-in-flight N         concurrent requests at most (default 64)
              --max-lives N             deliveries in flight at most; the next hand-over waits for a life to end
                                        (a closed model, to find the peak; default 0 = no bound, --rate alone paces)
              --request-timeout D       per request; a timed-out request is retried (default 10s)
              --max-attempts N          attempts per request for timeouts and 5xx answers (default 20)
              --retry-for DURATION      how long a request is retried while no instance answers (connection refused)
                                        or all answer 503/429 (default 3m): restarts and outages, not errors
              --journal FILE            acknowledged changes (default target/loadgen/journal.csv)
              --progress-every D        progress line interval (default 2s)
              --seed N                  random seed (default: time)
            Durations: 500ms, 10s, 5m, 1h.""";

    public static LoadOptions parse(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (name.equals("--allow-remote")) {
                given.put(name, "true");
                continue;
            }
            if (!name.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Unexpected argument '" + name + "'\n" + USAGE);
            }
            given.put(name, args[++i]);
        }
        List<URI> targets = new ArrayList<>();
        for (String url : given.getOrDefault("--url", "http://127.0.0.1:8080").split(",")) {
            URI base = URI.create(url.trim().replaceAll("/+$", ""));
            if (!given.containsKey("--allow-remote")) {
                requireLoopback(base);
            }
            targets.add(base);
        }
        Path dataDir = Path.of(given.getOrDefault("--data-dir", "./data"));
        String authorization;
        boolean embeddedCredentials = false;
        if (given.containsKey("--token")) {
            authorization = "Bearer " + given.get("--token");
        } else if (given.containsKey("--user")) {
            authorization = basic(given.get("--user"));
        } else {
            // as order services call in production: with a bearer token, when the embedded run minted one
            authorization = EmbeddedCredentials.orderServiceToken(dataDir).map(token -> "Bearer " + token)
                    .orElseGet(() -> basic(EmbeddedCredentials.orderService(dataDir)));
            embeddedCredentials = true;
        }
        String readAuthorization;
        if (given.containsKey("--read-token")) {
            readAuthorization = "Bearer " + given.get("--read-token");
        } else if (given.containsKey("--read-user")) {
            readAuthorization = basic(given.get("--read-user"));
        } else if (embeddedCredentials) {
            // another client reads, as a dashboard would; the viewer's token only where the writer's came from too,
            // never a local data dir's token sent to a service that did not mint it
            readAuthorization = EmbeddedCredentials.viewerToken(dataDir).map(token -> "Bearer " + token)
                    .orElse(authorization);
        } else {
            readAuthorization = authorization;
        }
        String dayIn = given.get("--day-in");
        String caCert = given.get("--ca-cert");
        LoadOptions options = new LoadOptions(targets, authorization, readAuthorization,
                Long.parseLong(given.getOrDefault("--deliveries", "1000")),
                Double.parseDouble(given.getOrDefault("--rate", "50")),
                dayIn == null ? null : duration(dayIn),
                duration(given.getOrDefault("--max-duration", "1h")),
                duration(given.getOrDefault("--step-gap", "200ms")),
                Integer.parseInt(given.getOrDefault("--order-services", "4")),
                Double.parseDouble(given.getOrDefault("--cancel-share", "0.1")),
                Double.parseDouble(given.getOrDefault("--duplicate-share", "0.02")),
                Double.parseDouble(given.getOrDefault("--read-share", "0.2")),
                Integer.parseInt(given.getOrDefault("--max-in-flight", "64")),
                Integer.parseInt(given.getOrDefault("--max-lives", "0")),
                duration(given.getOrDefault("--request-timeout", "10s")),
                Integer.parseInt(given.getOrDefault("--max-attempts", "20")),
                duration(given.getOrDefault("--retry-for", "3m")),
                Path.of(given.getOrDefault("--journal", "target/loadgen/journal.csv")),
                caCert == null ? null : Path.of(caCert),
                duration(given.getOrDefault("--progress-every", "2s")),
                Long.parseLong(given.getOrDefault("--seed", Long.toString(System.nanoTime()))));
        options.validate();
        return options;
    }

    private static String basic(String user) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(user.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    void validate() {
        // written so that NaN fails too ("NaN" parses as a double, and every comparison with it is false)
        if (deliveries < 1 || !(rate > 0 && Double.isFinite(rate)) || orderServices < 1 || maxInFlight < 1
                || maxAttempts < 1 || maxLives < 0) {
            throw new IllegalArgumentException("--deliveries, --rate, --order-services, --max-in-flight and "
                    + "--max-attempts must be positive, --max-lives not negative");
        }
        for (double share : new double[] { cancelShare, duplicateShare, readShare }) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException(
                        "--cancel-share, --duplicate-share and --read-share are between 0 and 1");
            }
        }
        // a zero or negative bound would end the run before it starts, or never time a request out
        if (!maxDuration.isPositive() || !requestTimeout.isPositive() || !progressEvery.isPositive()
                || (dayIn != null && !dayIn.isPositive())) {
            throw new IllegalArgumentException("--max-duration, --request-timeout, --progress-every and --day-in "
                    + "must be positive");
        }
        if (stepGap.isNegative() || retryFor.isNegative()) {
            throw new IllegalArgumentException("--step-gap and --retry-for must not be negative");
        }
    }

    /** Where the load goes, for the first line of a run. */
    String targetsText() {
        return targets.size() == 1 ? targets.get(0).toString() : targets.toString();
    }

    /** The mode in one phrase, for the progress line and the summary. */
    String describe() {
        return dayIn == null
                ? "%d deliveries at %.0f hand-overs/s".formatted(deliveries, rate)
                : "%d deliveries as one day compressed into %s".formatted(deliveries, format(dayIn));
    }

    /** 500ms, 10s, 5m, 1h */
    public static Duration duration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        String unit = t.endsWith("ms") ? "ms" : t.isEmpty() ? "" : t.substring(t.length() - 1);
        String amount = t.substring(0, t.length() - unit.length());
        try {
            return switch (unit) {
                case "ms" -> Duration.ofMillis(Long.parseLong(amount));
                case "s" -> Duration.ofSeconds(Long.parseLong(amount));
                case "m" -> Duration.ofMinutes(Long.parseLong(amount));
                case "h" -> Duration.ofHours(Long.parseLong(amount));
                default -> throw new NumberFormatException("no unit");
            };
        } catch (NumberFormatException | ArithmeticException e) { // not a number, or more than a Duration holds
            throw new IllegalArgumentException("Not a duration: '" + text + "' (e.g. 500ms, 10s, 5m, 1h)", e);
        }
    }

    public static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? "%dh%02dm".formatted(s / 3600, s % 3600 / 60)
                : s >= 60 ? "%dm%02ds".formatted(s / 60, s % 60) : d.toMillis() + "ms";
    }

    private static void requireLoopback(URI base) {
        try {
            InetAddress address = InetAddress.getByName(base.getHost());
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException(base + " is not on this machine; pass --allow-remote to load it");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Unknown host in " + base, e);
        }
    }
}
