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
            "brainstem.warm-up-polls=-1|brainstem.warm-up-polls|must be from 0 (off) to 1000000",
            "brainstem.elasticsearch.url=localhost:9200|brainstem.elasticsearch.url|must start with http:// or https://",
            "brainstem.elasticsearch.namespace=Prod-1|brainstem.elasticsearch.namespace|a data stream namespace",
            "brainstem.spool.max-bytes=1KB|brainstem.spool.max-bytes|must be at least 4MB",
            "brainstem.api.max-limit=0|brainstem.api.max-limit|must be at least 1",
            "brainstem.api-token=short|brainstem.api-token|at least 16 characters",
            "brainstem.elasticsearch.max-bulks-in-flight=0|brainstem.elasticsearch.max-bulks-in-flight|must be from 1 to 16",
            "brainstem.elasticsearch.max-bulks-in-flight=17|brainstem.elasticsearch.max-bulks-in-flight|must be from 1 to 16",
            "agent.model.url=localhost:8000|agent.model.url|must be an http:// or https:// URL with a host",
            "agent.max-concurrent-calls=0|agent.max-concurrent-calls|must be between 1 and 256",
            "agent.queue-capacity=-1|agent.queue-capacity|must be between 0 and 10000",
            "agent.timeout=0s|agent.timeout|must be positive",
            "brainstem.components[tool.search].tier=5|brainstem.components[tool.search].tier|unknown tier '5'",
            "brainstem.components[bad/name].tier=2|brainstem.components[bad/name]|not a valid component name",
            "brainstem.components[tool.search].expected=0s|brainstem.components[tool.search].expected|must be a positive duration",
            "brainstem.observations.baseline=-1s|brainstem.observations.baseline|must be 0s (none) or a positive duration",
            "brainstem.observations.max-components=0|brainstem.observations.max-components|must be at least 1",
            "brainstem.observations.max-queues=0|brainstem.observations.max-queues|must be at least 1",
            "brainstem.observations.default-tier=gold|brainstem.observations.default-tier|use 1, 2, 3 or 4",
            "brainstem.observations.window=1s|brainstem.observations.window|must not be shorter than brainstem.poll-interval"})
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
            "agent.modle.url=http://127.0.0.1:1|agent",
            "brainstem.buffer-size=lots|brainstem.buffer-size",
            "brainstem.components[tool.search].expected=soon|brainstem.components[tool.search].expected"})
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
