package io.brainstem.boot;

import io.brainstem.BrainstemApplication;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Bad configuration stops start-up of the real application with a message that names the key and the
 * reason (printed by Spring Boot's failure analysis).
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupValidationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "brainstem.buffer-size=0|brainstem.buffer-size|must be at least 1",
            "brainstem.poll-interval=5ms|brainstem.poll-interval|must be at least 10ms",
            "brainstem.poll-interval=-1s|brainstem.poll-interval|must be a positive duration",
            "brainstem.emit-interval=1s|brainstem.emit-interval|must not be shorter than brainstem.poll-interval",
            "brainstem.sensor-timeout=0s|brainstem.sensor-timeout|must be a positive duration",
            "brainstem.elasticsearch.url=localhost:9200|brainstem.elasticsearch.url|must start with http:// or https://",
            "brainstem.elasticsearch.namespace=Prod-1|brainstem.elasticsearch.namespace|a data stream namespace",
            "brainstem.spool.max-bytes=1KB|brainstem.spool.max-bytes|must be at least 4MB",
            "brainstem.api.max-limit=0|brainstem.api.max-limit|must be at least 1",
            "brainstem.elasticsearch.max-bulks-in-flight=0|brainstem.elasticsearch.max-bulks-in-flight|must be from 1 to 16",
            "brainstem.elasticsearch.max-bulks-in-flight=17|brainstem.elasticsearch.max-bulks-in-flight|must be from 1 to 16",
            "brainstem.api-token=short|brainstem.api-token|at least 16 characters"})
    void badValueStopsStartupNamingKeyAndReason(String setting, String key, String reason, CapturedOutput output) {
        assertThatThrownBy(() -> start(setting))
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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "brainstem.pol-interval=1s|brainstem",
            "brainstem.buffer-size=lots|brainstem.buffer-size"})
    void unknownKeyOrUnparsableValueStopsStartup(String setting, String named, CapturedOutput output) {
        assertThatThrownBy(() -> start(setting)).isNotNull();
        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains(named);
    }

    private static void start(String setting) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off"));
        args.add("--" + setting);
        try (ConfigurableApplicationContext ignored = BrainstemApplication.application()
                .run(args.toArray(String[]::new))) {
            fail("started with " + setting);
        }
    }

    private static InvalidConfigurationPropertyValueException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationPropertyValueException found) {
                return found;
            }
        }
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.append("\n  ").append(t);
        }
        throw new AssertionError("no InvalidConfigurationPropertyValueException in" + chain, e);
    }
}
