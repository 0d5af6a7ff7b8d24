package outbox.adapter.in.cdc;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Where and as whom the binlog readers connect: {@code relay.cdc.*} where set, else the host, port and database of
 * {@code spring.datasource.url}, so that a production run pointed at its database reads that database's binlog
 * rather than one on 127.0.0.1. The user's password has no default: without one the readers could only fail.
 */
record CdcConnection(String hostname, int port, String database, String username, String password) {

    static final int DEFAULT_PORT = 3306;

    /** {@code jdbc:mysql:…//} or {@code jdbc:mariadb:…//}, with an optional sub-protocol such as {@code replication}. */
    private static final Pattern JDBC_URL = Pattern.compile(
            "jdbc:(?:mysql|mariadb)(?::[a-z]+)?://(?<hosts>[^/?]*)(?:/(?<database>[^?;]*))?.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern ADDRESS_HOST = Pattern.compile("\\(host=(?<host>[^)]+)\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ADDRESS_PORT = Pattern.compile("\\(port=(?<port>\\d+)\\)", Pattern.CASE_INSENSITIVE);

    static CdcConnection resolve(CdcProperties cdc, @Nullable String datasourceUrl) {
        @Nullable Endpoint fromUrl = datasourceUrl == null ? null : Endpoint.parse(datasourceUrl);
        String hostname = cdc.hostname() != null ? cdc.hostname() : fromUrl != null ? fromUrl.hostname() : null;
        if (hostname == null || hostname.isBlank()) {
            throw new CdcConnectionMisconfiguredException("The binlog readers have no database host: "
                    + "relay.cdc.hostname is not set and " + describe(datasourceUrl) + ".",
                    "Set relay.cdc.hostname (and relay.cdc.port) to the database server whose binary log holds the "
                            + "outbox tables, or a spring.datasource.url of the form jdbc:mysql://host:port/db or "
                            + "jdbc:mariadb://host:port/db.");
        }
        int port = cdc.port() != null ? cdc.port()
                : fromUrl != null && hostname.equals(fromUrl.hostname()) ? fromUrl.port() : DEFAULT_PORT;
        String database = cdc.database() != null ? cdc.database()
                : fromUrl != null && fromUrl.database() != null ? fromUrl.database() : null;
        if (database == null || database.isBlank()) {
            throw new CdcConnectionMisconfiguredException("The binlog readers do not know the database of the outbox "
                    + "tables: relay.cdc.database is not set and " + describe(datasourceUrl) + " names none.",
                    "Set relay.cdc.database, or name the database in spring.datasource.url (jdbc:mysql://host:port/db).");
        }
        String password = cdc.password();
        if (password == null || password.isBlank()) {
            throw new CdcConnectionMisconfiguredException("The binlog readers have no password for database user '"
                    + cdc.username() + "' (relay.cdc.password is not set): they could not read the binary log, and "
                    + "every change would wait in the outbox tables while the service accepted writes.",
                    "Set relay.cdc.username and relay.cdc.password (e.g. RELAY_CDC_USERNAME and RELAY_CDC_PASSWORD) to a "
                            + "user with SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT on *.* and "
                            + "LOCK TABLES on the database (see README, prod profile), or set relay.outbox.enabled=false on an instance that must "
                            + "not relay.");
        }
        return new CdcConnection(hostname, port, database, cdc.username(), password);
    }

    private static String describe(@Nullable String datasourceUrl) {
        return datasourceUrl == null ? "spring.datasource.url is not set"
                : "spring.datasource.url (" + withoutQuery(datasourceUrl) + ") is not a jdbc:mysql:// or "
                        + "jdbc:mariadb:// URL with a host";
    }

    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** The first host of a MySQL or MariaDB JDBC URL (the primary in a replication URL), its port and database. */
    record Endpoint(String hostname, int port, @Nullable String database) {

        static @Nullable Endpoint parse(String jdbcUrl) {
            Matcher url = JDBC_URL.matcher(jdbcUrl.trim());
            if (!url.matches()) {
                return null;
            }
            String hosts = url.group("hosts");
            String database = url.group("database");
            database = database == null || database.isBlank() ? null : database;
            String first = firstHost(hosts);
            if (first.isBlank()) {
                return null;
            }
            if (first.toLowerCase(java.util.Locale.ROOT).startsWith("address=")) {
                Matcher host = ADDRESS_HOST.matcher(first);
                if (!host.find()) {
                    return null;
                }
                Matcher port = ADDRESS_PORT.matcher(first);
                return new Endpoint(host.group("host"), port.find() ? Integer.parseInt(port.group("port")) : DEFAULT_PORT,
                        database);
            }
            // host, host:port, [v6], [v6]:port, user:secret@host:port; URI knows all of them
            URI authority;
            try {
                authority = URI.create("mysql://" + first);
            } catch (IllegalArgumentException notAnAuthority) {
                return null;
            }
            String host = authority.getHost();
            if (host == null) {
                return null;
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new Endpoint(host, authority.getPort() < 0 ? DEFAULT_PORT : authority.getPort(), database);
        }

        /** Hosts are separated by commas, except inside the parentheses of the {@code address=(…)} form. */
        private static String firstHost(String hosts) {
            int depth = 0;
            for (int i = 0; i < hosts.length(); i++) {
                char c = hosts.charAt(i);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    return hosts.substring(0, i);
                }
            }
            return hosts;
        }
    }
}
