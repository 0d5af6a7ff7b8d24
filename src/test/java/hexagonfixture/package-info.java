/**
 * A module-shaped fixture for {@code delivery.HexagonalArchitectureTests}: mostly well laid out, with one stray
 * package ({@code adapter.bus}) that the package rule must refuse. Never part of the application.
 */
package hexagonfixture;
