package io.brainstem.web;

import io.brainstem.BrainstemApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live page in a real browser (Debian's headless Chromium, driven through its chromedriver) against
 * the real service: it loads without a console error, its charts fill, new polls arrive without a
 * reload, an alert appears in its panel, and it is readable at laptop and phone widths (screenshots
 * under {@code target/}).
 */
@SpringBootTest(classes = BrainstemApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"brainstem.poll-interval=200ms", "brainstem.emit-interval=1s",
                // A rule any host breaks at once: some memory is always in use.
                "brainstem.alerts.rules[0].name=" + LivePageBrowserTest.LOW_RULE,
                "brainstem.alerts.rules[0].field=system.memory.actual.used.pct",
                "brainstem.alerts.rules[0].threshold=0.0001",
                "brainstem.alerts.rules[0].severity=info"})
class LivePageBrowserTest {

    static final String LOW_RULE = "page-test-memory-in-use";

    @TempDir
    static Path spool;

    @DynamicPropertySource
    static void spool(DynamicPropertyRegistry registry) {
        registry.add("brainstem.spool.directory", () -> spool.resolve("spool").toString());
    }

    static HeadlessChromium chromium;
    static ChromeDriver browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() {
        chromium = new HeadlessChromium();
        browser = chromium.driver;
    }

    @AfterAll
    static void quitBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void pageLoadsWithoutConsoleErrorsAndItsChartsHoldTheDaemonsSamples() {
        open();
        waitUntil("history loaded", () -> "loaded".equals(js("return document.body.dataset.history;")));
        for (String chart : List.of("chart-cpu", "chart-cores", "chart-memory", "chart-load", "chart-disk",
                "chart-network", "chart-fs")) {
            waitUntil(chart + " has data", () -> points(chart) > 0);
        }
        assertThat(browser.findElement(By.id("conn")).getAttribute("data-state")).isEqualTo("live");
        waitUntil("daemon panel", () -> chromium.text("#panel-daemon").contains("poll p50 / p99"));
        // No Elasticsearch in this test: the emitter panel says so and shows what waits in the spool.
        waitUntil("emitter panel", () -> chromium.text("#panel-emitter").contains("spool depth"));
        assertThat(chromium.text("#panel-emitter")).contains("not configured", "oldest undelivered");
        assertThat(consoleProblems()).isEmpty();
    }

    @Test
    void newPollsAppearWithoutAReload() {
        open();
        waitUntil("a first poll shown", () -> !lastPoll().isEmpty());
        js("window.__sameDocument = true;");
        long first = Long.parseLong(lastPoll());
        int pointsBefore = points("chart-cpu");

        waitUntil("a later poll shown", () -> Long.parseLong(lastPoll()) > first);
        waitUntil("the chart to grow", () -> points("chart-cpu") > pointsBefore);

        assertThat(js("return window.__sameDocument === true;")).isEqualTo(true);
        assertThat(consoleProblems()).isEmpty();
    }

    @Test
    void anAlertRaisedByALowThresholdRuleAppearsInTheAlertsPanel() {
        open();
        chromium.waitUntil("the low-threshold rule's alert in the panel", () -> !browser.findElements(
                By.cssSelector("#panel-alerts .alert[data-rule='" + LOW_RULE + "'][data-state='firing']")).isEmpty());
        WebElement alert = browser.findElement(
                By.cssSelector("#panel-alerts .alert[data-rule='" + LOW_RULE + "'][data-state='firing']"));
        assertThat(alert.getText()).contains(LOW_RULE, "firing", "info");
        assertThat(Integer.parseInt(browser.findElement(By.id("panel-alerts")).getAttribute("data-active")))
                .isGreaterThanOrEqualTo(1);
        assertThat(chromium.text("#panel-alerts")).contains("Recent transitions");
        assertThat(consoleProblems()).isEmpty();
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.observation.ObservationRegistry observations;

    @org.springframework.beans.factory.annotation.Autowired
    io.brainstem.component.QueueRegistry queues;

    @Test
    void theApplicationsComponentsAndQueuesAppearInTheirPanel() {
        for (int i = 0; i < 3; i++) {
            io.micrometer.observation.Observation.createNotStarted("page.stage", observations).observe(() -> { });
        }
        if (queues.window(java.time.Duration.ofMinutes(5)).stream().noneMatch(q -> q.name().equals("page.queue"))) {
            queues.register("page.queue", 10, () -> 7);
        }
        open();
        chromium.waitUntil("the component's row", () -> !browser.findElements(
                By.cssSelector("#panel-components tr[data-component='page.stage']")).isEmpty());
        chromium.waitUntil("the queue's row", () -> !browser.findElements(
                By.cssSelector("#panel-components tr[data-queue='page.queue']")).isEmpty()
                && browser.findElement(By.cssSelector("#panel-components tr[data-queue='page.queue']")).getText()
                .contains("70%"));
        String row = browser.findElement(By.cssSelector("#panel-components tr[data-component='page.stage']")).getText();
        assertThat(row).startsWith("page.stage 3 0");
        assertThat(consoleProblems()).isEmpty();
    }

    @Test
    void screenshotsAtLaptopAndPhoneWidths() throws IOException {
        open();
        waitUntil("history loaded", () -> "loaded".equals(js("return document.body.dataset.history;")));
        waitUntil("charts", () -> points("chart-cpu") > 2 && points("chart-memory") > 2);
        waitUntil("panels", () -> !browser.findElement(By.cssSelector("#panel-requests .body")).getText()
                .startsWith("loading"));
        screenshot(1366, "page-screenshot.png");
        screenshot(390, "page-screenshot-phone.png");
        browser.manage().window().setSize(new Dimension(1366, 900));
        assertThat(consoleProblems()).isEmpty();
    }

    @Test
    void theWindowIsSelectableAndEveryChoiceKeepsTheChartsFilled() {
        open();
        waitUntil("charts", () -> points("chart-cpu") > 0);
        for (String label : List.of("15 min", "1 h", "5 min")) {
            WebElement button = browser.findElement(By.xpath("//header//button[normalize-space()='" + label + "']"));
            button.click();
            assertThat(button.getAttribute("aria-pressed")).isEqualTo("true");
            assertThat(browser.findElements(By.cssSelector("#window button[aria-pressed=true]"))).hasSize(1);
            waitUntil("chart-cpu drawn for " + label, () -> points("chart-cpu") > 0);
        }
        assertThat(consoleProblems()).isEmpty();
    }

    /**
     * What a first visit costs, with the browser's cache off: the page itself (HTML, script, style) and
     * the data it loads (history, panels). Written to {@code target/page-transfer.txt}.
     */
    @Test
    void thePageItselfIsLight() throws IOException {
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        try {
            open();
            waitUntil("charts", () -> points("chart-cpu") > 0);
            waitUntil("panels", () -> !browser.findElement(By.cssSelector("#panel-requests .body")).getText()
                    .startsWith("loading"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> entries = (List<Map<String, Object>>) js("""
                    return performance.getEntriesByType('navigation')
                        .concat(performance.getEntriesByType('resource'))
                        .map(e => ({name: e.name, type: e.initiatorType || 'navigation',
                                    transfer: e.transferSize, body: e.encodedBodySize}));""");
            long page = 0;
            long data = 0;
            StringBuilder report = new StringBuilder();
            for (Map<String, Object> e : entries) {
                long transfer = ((Number) e.get("transfer")).longValue();
                String name = String.valueOf(e.get("name"));
                if (name.contains("/api/")) {
                    data += transfer;
                } else {
                    page += transfer;
                }
                report.append(String.format("%8d B  %-10s %s%n", transfer, e.get("type"), name));
            }
            report.insert(0, String.format("page (html+js+css): %d B, data (api, first load): %d B%n", page, data));
            Files.writeString(Path.of("target", "page-transfer.txt"), report);
            System.out.print(report);
            assertThat(entries).extracting(e -> String.valueOf(e.get("name")))
                    .anySatisfy(n -> assertThat(n).endsWith("/brainstem.js"))
                    .anySatisfy(n -> assertThat(n).endsWith("/brainstem.css"));
            assertThat(page).as("bytes of HTML, script and style on a first visit").isBetween(1_000L, 64_000L);
        } finally {
            browser.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", false));
        }
    }

    private void screenshot(int width, String name) throws IOException {
        browser.manage().window().setSize(new Dimension(width, 900));
        js("window.dispatchEvent(new Event('resize'));");
        long height = ((Number) js("return document.documentElement.scrollHeight;")).longValue();
        browser.manage().window().setSize(new Dimension(width, (int) Math.min(height + 20, 4000)));
        waitUntil("redrawn at " + width, () -> points("chart-cpu") > 0);
        sleepQuietly(400); // two animation frames and a poll: the charts are drawn at the new size
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(target)).isGreaterThan(10_000);
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private void open() {
        chromium.open("http://127.0.0.1:" + port + "/");
    }

    private int points(String chartId) {
        return chromium.points(chartId);
    }

    private String lastPoll() {
        String seq = browser.findElement(By.id("last-poll")).getAttribute("data-seq");
        return seq == null ? "" : seq;
    }

    private Object js(String script) {
        return chromium.js(script);
    }

    private void waitUntil(String what, BooleanSupplier condition) {
        chromium.waitUntil(what, condition);
    }

    private List<String> consoleProblems() {
        return chromium.consoleProblems();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
