package hexagonfixture.adapter.bus;

/** Neither inbound nor outbound: the layout HexagonalArchitectureTests must refuse. */
public class StrayBusAdapter {
}
