package io.brainstem.boot;

import io.brainstem.BrainstemApplication;
import io.brainstem.alert.AlertEvaluator;
import io.brainstem.alert.AlertRule;
import io.brainstem.alert.BuiltInRules;
import io.brainstem.alert.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * A bad alert rule or alert setting stops start-up of the real application naming the key, the rule and
 * the problem; good rules bind, including {@code for}, and override built-ins by name.
 */
@ExtendWith(OutputCaptureExtension.class)
class AlertsStartupValidationTest {

    @TempDir
    Path spool;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "rules[0].name=hot,rules[0].field=system.cpu.totl.norm.pct,rules[0].threshold=0.9"
                    + "|brainstem.alerts.rules[0].field|alert rule 'hot': field 'system.cpu.totl.norm.pct' is not a known reading",
            "rules[0].name=hot,rules[0].field=system.load.1,rules[0].threshold=2,rules[0].for=-5s"
                    + "|brainstem.alerts.rules[0].for|alert rule 'hot': for must not be negative",
            "rules[0].name=ok,rules[0].field=system.load.1,rules[0].threshold=2,rules[1].name=hot,rules[1].field=system.load.1"
                    + "|brainstem.alerts.rules[1].threshold|alert rule 'hot': threshold is missing",
            "rules[0].name=hot,rules[0].field=system.load.1,rules[0].threshold=2,rules[0].severity=urgent"
                    + "|brainstem.alerts.rules[0].severity|alert rule 'hot': severity unknown severity 'urgent'",
            "rules[0].name=hot,rules[0].field=system.load.1,rules[0].threshold=2,rules[0].clear-threshold=3"
                    + "|brainstem.alerts.rules[0].clear-threshold|is on the wrong side",
            "rules[0].name=disk-space,rules[0].clear-threshold=0.95"
                    + "|brainstem.alerts.rules[0].clear-threshold|alert rule 'disk-space': clear-threshold 0.95 is on the wrong side",
            "history=0|brainstem.alerts.history|must be at least 1",
            "webhook.url=ftp://example.org/hook|brainstem.alerts.webhook.url|must be an http:// or https:// URL",
            "webhook.max-queue=0|brainstem.alerts.webhook.max-queue|must be at least 1",
            "webhook.timeout=0s|brainstem.alerts.webhook.timeout|must be a positive duration"})
    void badAlertSettingStopsStartupNamingKeyRuleAndProblem(String settings, String key, String reason,
                                                            CapturedOutput output) {
        assertThatThrownBy(() -> start(settings.split(",")))
                .satisfies(e -> {
                    InvalidConfigurationPropertyValueException cause = find(e);
                    assertThat(cause.getName()).isEqualTo(key);
                    assertThat(cause.getReason()).contains(reason);
                });
        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains(key)
                .contains(reason);
    }

    @Test
    void rulesBindWithForAndOverrideBuiltInsByName() {
        try (ConfigurableApplicationContext context = run(List.of(
                "rules[0].name=root-disk", "rules[0].field=system.filesystem.used.pct", "rules[0].subject=/",
                "rules[0].threshold=0.9", "rules[0].for=5m", "rules[0].clear-threshold=0.85",
                "rules[0].severity=critical", "rules[0].labels.team=infra",
                "rules[1].name=memory-pressure", "rules[1].enabled=false",
                "rules[2].name=cpu-saturation", "rules[2].threshold=0.8", "rules[2].for=1m"))) {
            List<AlertRule> rules = context.getBean(AlertEvaluator.class).rules();
            AlertRule root = rules.stream().filter(r -> r.name().equals("root-disk")).findFirst().orElseThrow();
            assertThat(root.forDuration()).isEqualTo(Duration.ofMinutes(5));
            assertThat(root.subject()).isEqualTo("/");
            assertThat(root.clearThreshold()).isEqualTo(0.85);
            assertThat(root.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(root.labels()).containsEntry("team", "infra");
            assertThat(rules).extracting(AlertRule::name).doesNotContain(BuiltInRules.MEMORY_PRESSURE)
                    .contains(BuiltInRules.DISK_SPACE, BuiltInRules.SENSOR_LATENCY);
            AlertRule cpu = rules.stream().filter(r -> r.name().equals(BuiltInRules.CPU_SATURATION)).findFirst()
                    .orElseThrow();
            assertThat(cpu.threshold()).isEqualTo(0.8);
            assertThat(cpu.forDuration()).isEqualTo(Duration.ofMinutes(1));
            assertThat(cpu.field()).isEqualTo("system.cpu.total.norm.pct");
        }
    }

    @Test
    void disabledAlertsEvaluateNoRule() {
        try (ConfigurableApplicationContext context = run(List.of("enabled=false"))) {
            assertThat(context.getBean(AlertEvaluator.class).rules()).isEmpty();
        }
    }

    @Test
    void theWebhookUrlIsNotPrinted() {
        BrainstemProperties.Webhook w = new BrainstemProperties.Webhook(
                "https://user:pw@hooks.example.org/services/T000/B000/SECRETSECRET", Duration.ofSeconds(5), 10, 3,
                Duration.ofSeconds(1));
        assertThat(w.toString()).contains("https://hooks.example.org/******").doesNotContain("SECRET", "pw");
    }

    private void start(String... settings) {
        try (ConfigurableApplicationContext ignored = run(Arrays.asList(settings))) {
            fail("started with " + Arrays.toString(settings));
        }
    }

    private ConfigurableApplicationContext run(List<String> alertSettings) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
                "--brainstem.spool.directory=" + spool));
        alertSettings.forEach(s -> args.add("--brainstem.alerts." + s));
        return BrainstemApplication.application().run(args.toArray(String[]::new));
    }

    private static InvalidConfigurationPropertyValueException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationPropertyValueException found) {
                return found;
            }
        }
        throw new AssertionError("no InvalidConfigurationPropertyValueException in " + e, e);
    }
}
