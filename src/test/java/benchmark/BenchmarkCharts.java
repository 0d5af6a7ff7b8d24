package benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The HTTP scenario over time, as PNG plots for docs/benchmarks.md (XChart, headless). */
final class BenchmarkCharts {

    private BenchmarkCharts() {
    }

    /** Writes {@code http-throughput.png}, {@code http-latency.png} and {@code http-memory.png} into {@code dir}. */
    static List<Path> write(Path dir, HttpEndToEnd.Result result) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<HttpEndToEnd.Sample> samples = result.samples();
        String phases = " (peak, then half load from " + result.halfLoadStartsAt().toSeconds() + " s)";

        XYChart throughput = chart("HTTP end to end: throughput" + phases, "changes or events per second");
        add(throughput, "changes acknowledged over HTTP /s", samples, HttpEndToEnd.Sample::acknowledgedPerSecond);
        add(throughput, "events consumed from delivery.events /s", samples, HttpEndToEnd.Sample::consumedPerSecond);

        XYChart latency = chart("HTTP end to end: request latency per second" + phases, "ms");
        add(latency, "p50", samples, HttpEndToEnd.Sample::p50Millis);
        add(latency, "p99", samples, HttpEndToEnd.Sample::p99Millis);

        XYChart memory = chart("HTTP end to end: resident memory of the stack (JVM + mariadbd)", "MiB");
        add(memory, "RSS", samples, HttpEndToEnd.Sample::stackRssMiB);

        Path throughputFile = dir.resolve("http-throughput.png");
        Path latencyFile = dir.resolve("http-latency.png");
        Path memoryFile = dir.resolve("http-memory.png");
        BitmapEncoder.saveBitmap(throughput, throughputFile.toString(), BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(latency, latencyFile.toString(), BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(memory, memoryFile.toString(), BitmapFormat.PNG);
        return List.of(throughputFile, latencyFile, memoryFile);
    }

    private static XYChart chart(String title, String yAxis) {
        XYChart chart = new XYChartBuilder().width(900).height(360).title(title).xAxisTitle("seconds")
                .yAxisTitle(yAxis).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        return chart;
    }

    /** Seconds without a value (a phase boundary, no progress line yet) are left out rather than drawn as 0. */
    private static void add(XYChart chart, String name, List<HttpEndToEnd.Sample> samples,
            ToDoubleFunction<HttpEndToEnd.Sample> value) {
        List<HttpEndToEnd.Sample> present = samples.stream().filter(s -> !Double.isNaN(value.applyAsDouble(s))).toList();
        double[] x = present.stream().mapToDouble(HttpEndToEnd.Sample::atSeconds).toArray();
        double[] y = present.stream().mapToDouble(value).toArray();
        if (x.length == 0) {
            x = new double[] { 0 };
            y = new double[] { 0 };
        }
        chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
    }
}
