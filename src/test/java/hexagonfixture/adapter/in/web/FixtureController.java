package hexagonfixture.adapter.in.web;

/** Where an inbound adapter belongs. */
public class FixtureController {
}
