package outbox.adapter.in.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import outbox.adapter.in.cdc.CdcConnection.Endpoint;

class CdcConnectionUnitTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:mysql://db.example:3310/relay?connectionTimeZone=UTC&rewriteBatchedStatements=true | db.example | 3310 | relay",
            "jdbc:mariadb://db.example:3306/relay                                        | db.example | 3306 | relay",
            "jdbc:mysql://db.example/relay                                               | db.example | 3306 | relay",
            "jdbc:mariadb://10.0.0.7/orders?sslMode=verify-full                          | 10.0.0.7   | 3306 | orders",
            "jdbc:mysql://[2001:db8::1]:3307/relay                                       | 2001:db8::1 | 3307 | relay",
            "jdbc:mysql:replication://primary:3306,replica:3307/relay                    | primary    | 3306 | relay",
            "jdbc:mariadb:sequential://first:3311,second:3312/relay                      | first      | 3311 | relay",
            "jdbc:mysql://address=(host=db.example)(port=3320)(user=x),other:3306/relay  | db.example | 3320 | relay",
            "jdbc:mariadb://app:secret@db.example:3308/relay                             | db.example | 3308 | relay",
            "JDBC:MariaDB://DB.example:3306/relay                                        | DB.example | 3306 | relay"})
    void aDatasourceUrlGivesHostPortAndDatabase(String url, String host, int port, String database) {
        assertThat(Endpoint.parse(url)).isEqualTo(new Endpoint(host, port, database));
    }

    @Test
    void aUrlWithoutDatabaseGivesHostAndPortOnly() {
        assertThat(Endpoint.parse("jdbc:mysql://db.example:3310")).isEqualTo(new Endpoint("db.example", 3310, null));
        assertThat(Endpoint.parse("jdbc:mysql://db.example:3310/?x=1")).isEqualTo(new Endpoint("db.example", 3310, null));
    }

    @Test
    void urlsOfOtherDatabasesOrWithoutHostAreNotGuessed() {
        assertThat(Endpoint.parse("jdbc:postgresql://db.example:5432/relay")).isNull();
        assertThat(Endpoint.parse("jdbc:mysql:///relay")).isNull();
        assertThat(Endpoint.parse("jdbc:h2:mem:relay")).isNull();
    }

    @Test
    void theReadersFollowTheDatasourceWhenNothingElseIsSet() {
        CdcConnection connection = CdcConnection.resolve(cdc(null, null, null, "secret"),
                "jdbc:mariadb://db.example:3310/shop?sslMode=trust");

        assertThat(connection).isEqualTo(new CdcConnection("db.example", 3310, "shop", "relay_cdc", "secret"));
    }

    @Test
    void explicitSettingsWin() {
        CdcConnection connection = CdcConnection.resolve(cdc("binlog.example", 3399, "other", "secret"),
                "jdbc:mysql://db.example:3310/shop");

        assertThat(connection).isEqualTo(new CdcConnection("binlog.example", 3399, "other", "relay_cdc", "secret"));
    }

    @Test
    void anotherHostWithoutPortGetsTheDefaultPortNotTheDatasourcesPort() {
        CdcConnection connection = CdcConnection.resolve(cdc("replica.example", null, null, "secret"),
                "jdbc:mysql://db.example:3310/shop");

        assertThat(connection.port()).isEqualTo(3306);
        assertThat(connection.database()).isEqualTo("shop");
    }

    @Test
    void withoutPasswordTheStartIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> CdcConnection.resolve(cdc(null, null, null, null), "jdbc:mysql://db:3306/relay"))
                .isInstanceOfSatisfying(CdcConnectionMisconfiguredException.class, e -> {
                    assertThat(e.getMessage()).contains("relay.cdc.password is not set").contains("relay_cdc");
                    assertThat(e.action()).contains("RELAY_CDC_PASSWORD").contains("REPLICATION SLAVE");
                });
        assertThatThrownBy(() -> CdcConnection.resolve(cdc(null, null, null, " "), "jdbc:mysql://db:3306/relay"))
                .isInstanceOf(CdcConnectionMisconfiguredException.class);
    }

    @Test
    void withoutHostAnywhereTheStartIsRefused() {
        assertThatThrownBy(() -> CdcConnection.resolve(cdc(null, null, null, "secret"), "jdbc:h2:mem:relay"))
                .isInstanceOfSatisfying(CdcConnectionMisconfiguredException.class, e -> {
                    assertThat(e.getMessage()).contains("relay.cdc.hostname is not set").contains("jdbc:h2:mem:relay");
                    assertThat(e.action()).contains("relay.cdc.hostname");
                });
        assertThatThrownBy(() -> CdcConnection.resolve(cdc(null, null, null, "secret"), null))
                .hasMessageContaining("spring.datasource.url is not set");
    }

    @Test
    void theUrlsQueryWithItsSecretsIsNotRepeatedInTheMessage() {
        assertThatThrownBy(() -> CdcConnection.resolve(cdc(null, null, null, "secret"),
                "jdbc:mysql://db:3306?password=hunter2"))
                .isInstanceOf(CdcConnectionMisconfiguredException.class)
                .message().doesNotContain("hunter2");
    }

    @Test
    void theFailureAnalyzerReportsMessageAndAction() {
        var failure = new CdcConnectionMisconfiguredException("no password", "set one");
        var analysis = new CdcConnectionFailureAnalyzer().analyze(new IllegalStateException("wrapped", failure));

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).isEqualTo("no password");
        assertThat(analysis.getAction()).isEqualTo("set one");
    }

    static CdcProperties cdc(@Nullable String host, @Nullable Integer port, @Nullable String database,
            @Nullable String password) {
        return new CdcProperties(CdcProperties.Connector.MARIADB, host, port, database, "relay_cdc", password, 184000,
                "when_needed", "relay.debezium.offsets", "relay.debezium.schema-history.", Duration.ofSeconds(1),
                Duration.ofMillis(100), 2048, 8192, Duration.ofSeconds(10), Duration.ofSeconds(2), Map.of());
    }
}
