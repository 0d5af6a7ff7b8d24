package hexagonfixture.application.port.out;

/** Where an outbound port belongs. */
public interface LoadFixturePort {
}
