package analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import platform.DeliveryDriver;
import platform.HttpApi;
import platform.InstalledTool;
import platform.RelayIntegrationTest;
import platform.TestUsers;

/**
 * The live board in a real browser (Debian's headless Chromium through chromedriver): an operator opens it, a
 * delivery gets its rider through the API, and the page shows the count of assigned deliveries go up by exactly
 * one without being reloaded, through its server-sent events. Keeps a screenshot for the README.
 */
@RelayIntegrationTest
@TestPropertySource(properties = "relay.alarms.evaluation-interval=1s")
class LiveBoardBrowserIntegrationTest {

    static final Path SCREENSHOT = Path.of("docs", "live-board.png");

    @LocalServerPort
    int port;

    @TempDir
    Path profile;

    @Test
    void theBoardShowsAnAssignmentWithoutAReload() throws Exception {
        Path chromium = InstalledTool.require("/usr/bin/chromium", "chromium");
        Path chromedriver = InstalledTool.require("/usr/bin/chromedriver", "chromium-driver");
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            browser.manage().window().setSize(new Dimension(1400, 1000));
            // HTTP Basic: the browser keeps the credentials for the origin, and the page's EventSource sends them
            browser.get("http://" + TestUsers.OPERATOR.user() + ":" + TestUsers.OPERATOR.password() + "@127.0.0.1:"
                    + port + "/board/index.html");
            await().atMost(Duration.ofSeconds(90)).until(() -> isNumber(text(browser, "count-RIDER_ASSIGNED")));
            ((JavascriptExecutor) browser).executeScript("window.sameDocument = 'not reloaded';");
            long before = Long.parseLong(text(browser, "count-RIDER_ASSIGNED"));

            DeliveryDriver driver = new DeliveryDriver(new HttpApi(port));
            String id = driver.create();
            // the integration step publishes the delivery's records; the board counts them
            driver.step(id, "assign-rider");

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(text(browser, "count-RIDER_ASSIGNED")).isEqualTo(Long.toString(before + 1)));
            assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument;"))
                    .as("the page was updated in place, not reloaded").isEqualTo("not reloaded");
            assertThat(text(browser, "connection")).isEqualTo("live");
            assertThat(text(browser, "gate-state")).isEqualTo("OPEN");

            Files.createDirectories(SCREENSHOT.getParent());
            Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
            service.stop();
        }
    }

    static String text(WebDriver browser, String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }

    static boolean isNumber(String text) {
        return text.matches("\\d+");
    }
}
