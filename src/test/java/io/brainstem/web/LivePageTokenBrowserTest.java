package io.brainstem.web;

import io.brainstem.BrainstemApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live page of a service with {@code brainstem.api-token} set, in headless Chromium: the page
 * itself loads without the token, and its requests (history, stream, panels) carry the token it was
 * given once, as {@code ?token=} or typed in, kept for the browser tab only.
 */
@SpringBootTest(classes = BrainstemApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"brainstem.poll-interval=200ms", "brainstem.emit-interval=1s",
                "brainstem.api-token=" + LivePageTokenBrowserTest.TOKEN})
class LivePageTokenBrowserTest {

    static final String TOKEN = "page-browser-token-0123456789";

    @TempDir
    static Path spool;

    @DynamicPropertySource
    static void spool(DynamicPropertyRegistry registry) {
        registry.add("brainstem.spool.directory", () -> spool.resolve("spool").toString());
    }

    static HeadlessChromium chromium;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() {
        chromium = new HeadlessChromium();
    }

    @AfterAll
    static void quitBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aTokenGivenInTheAddressIsUsedForEveryRequestAndLeavesTheAddressBar() {
        chromium.open(base() + "/");
        chromium.js("sessionStorage.clear();"); // no token from an earlier test
        chromium.open(base() + "/?token=" + TOKEN);

        chromium.waitUntil("charts with data", () -> chromium.points("chart-cpu") > 0 && chromium.points("chart-memory") > 0);
        chromium.waitUntil("daemon panel", () -> chromium.text("#panel-daemon .body").contains("polls"));
        chromium.waitUntil("live stream", () -> "live".equals(
                chromium.driver.findElement(By.id("conn")).getAttribute("data-state")));
        assertThat(chromium.driver.getCurrentUrl()).doesNotContain("token").isEqualTo(base() + "/");
        assertThat(chromium.driver.findElement(By.id("notice")).isDisplayed()).isFalse();
        assertThat(chromium.consoleProblems()).isEmpty();
    }

    @Test
    void withoutATokenThePageLoadsAndAsksForIt() {
        chromium.open(base() + "/");
        chromium.js("sessionStorage.clear();");
        chromium.open(base() + "/");

        chromium.waitUntil("the token notice", () -> chromium.driver.findElement(By.id("notice")).isDisplayed());
        assertThat(chromium.text("#notice")).contains("requires its API token");
        assertThat(chromium.consoleProblems()).allSatisfy(p -> assertThat(p).contains("401"));

        WebElement input = chromium.driver.findElement(By.cssSelector("#notice input"));
        input.sendKeys(TOKEN);
        input.submit();

        chromium.waitUntil("charts with data after the token was typed", () -> chromium.points("chart-cpu") > 0);
        chromium.waitUntil("daemon panel", () -> chromium.text("#panel-daemon .body").contains("polls"));
        assertThat(chromium.driver.findElement(By.id("notice")).isDisplayed()).isFalse();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
