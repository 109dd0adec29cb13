package io.brainstem.boot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which applications brainstem refuses at start-up, and that it says why; and its health components. */
class BootCompatibilityTest {

    private static final Set<String> BOOT3 = Set.of(BootCompatibility.ACTUATOR, BootCompatibility.ACTUATE_HEALTH);
    private static final Set<String> BOOT4 = Set.of(BootCompatibility.ACTUATOR, BootCompatibility.CONTRIBUTOR_HEALTH);

    @TempDir
    Path spool;

    private ApplicationContextRunner brainstem() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BrainstemAutoConfiguration.class))
                .withPropertyValues("brainstem.spool.directory=" + spool, "brainstem.poll-interval=200ms",
                        "brainstem.emit-interval=1s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.5.0", "3.5.16", "4.0.7", "4.1.2", "4.9.0-SNAPSHOT"})
    void shouldAcceptTheSupportedSpringBootLines(String version) {
        assertThatCode(() -> BootCompatibility.check(version, BOOT3::contains)).doesNotThrowAnyException();
        assertThatCode(() -> BootCompatibility.check(version, BOOT4::contains)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.7.18", "3.0.0", "3.4.9", "5.0.0", "5.1.0-M1"})
    void shouldRefuseOtherSpringBootLinesNamingTheVersionAndTheRemedy(String version) {
        assertThatThrownBy(() -> BootCompatibility.check(version, BOOT3::contains))
                .isInstanceOf(BootCompatibility.IncompatibleException.class)
                .hasMessageContaining("Spring Boot " + version)
                .hasMessageContaining("supports Spring Boot 3.5.x and 4.x")
                .hasMessageContaining("brainstem.enabled=false");
    }

    @Test
    void shouldNotHoldAnUnknownVersionAgainstTheApplication() {
        assertThatCode(() -> BootCompatibility.check(null, BOOT4::contains)).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAnActuatorWithoutAHealthApiNamingTheModule() {
        BootCompatibility.IncompatibleException e = (BootCompatibility.IncompatibleException) org.assertj.core.api.Assertions
                .catchThrowable(() -> BootCompatibility.check("4.0.7", BootCompatibility.ACTUATOR::equals));

        assertThat(e).hasMessageContaining("without a health API")
                .hasMessageContaining("brainstemDaemon and brainstemElasticsearch")
                .hasMessageContaining("org.springframework.boot:spring-boot-health");
        FailureAnalysis analysis = new IncompatibleFailureAnalyzer().analyze(e);
        assertThat(analysis.getDescription()).startsWith("brainstem cannot run in this application")
                .doesNotContain("spring-boot-health (");
        assertThat(analysis.getAction()).contains("spring-boot-health");
        assertThatCode(() -> BootCompatibility.check("4.0.7", Set.of()::contains))
                .as("no actuator at all: nothing to report health to").doesNotThrowAnyException();
    }

    @Test
    void shouldFailToStartWhenTheApplicationHasTheActuatorButNoHealthApi() {
        brainstem().withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate.health"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable t = context.getStartupFailure();
                    while (t != null && !(t instanceof BootCompatibility.IncompatibleException)) {
                        t = t.getCause();
                    }
                    assertThat(t).as("the start-up failure or one of its causes").isNotNull()
                            .hasMessageContaining("without a health API");
                });
    }

    @Test
    void shouldCheckNothingWhenBrainstemIsDisabled() {
        brainstem().withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate.health"))
                .withPropertyValues("brainstem.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ElasticsearchConnection.class));
    }

    @Test
    void shouldRegisterBothHealthComponentsOnSpringBoot3sHealthApi() {
        brainstem().run(context -> {
            assertThat(context).hasNotFailed()
                    .hasBean("brainstemDaemonHealthIndicator").hasBean("brainstemElasticsearchHealthIndicator")
                    .doesNotHaveBean(ContributorHealthIndicators.class);
            var daemon = context.getBean("brainstemDaemonHealthIndicator",
                    org.springframework.boot.actuate.health.HealthIndicator.class);
            var elasticsearch = context.getBean("brainstemElasticsearchHealthIndicator",
                    org.springframework.boot.actuate.health.HealthIndicator.class);
            assertThat(daemon.health().getDetails()).containsKeys("running", "polls", "bufferSize");
            assertThat(elasticsearch.health().getStatus().getCode()).isEqualTo("UP");
            assertThat(elasticsearch.health().getDetails()).containsEntry("configured", false);
        });
    }
}
