package io.brainstem.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brainstem.BrainstemApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Log format is switchable by configuration, and secrets never reach the log. */
@ExtendWith(OutputCaptureExtension.class)
class LoggingAndSecretsTest {

    private static final String TOKEN = "tok-5e3f1c2a9b8d7e6f";
    private static final String PASSWORD = "pw-0a1b2c3d4e5f6789";

    @Test
    void ecsJsonLinesWhenConfigured(CapturedOutput output, @TempDir Path spool) throws Exception {
        try (ConfigurableApplicationContext ignored = start(spool, "--logging.structured.format.console=ecs")) {
            List<JsonNode> lines = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            for (String line : output.getOut().split("\n")) {
                if (line.startsWith("{")) {
                    lines.add(json.readTree(line));
                }
            }
            assertThat(lines).isNotEmpty();
            assertThat(lines).allSatisfy(l -> {
                assertThat(l.has("@timestamp")).isTrue();
                assertThat(l.path("log").path("level").isTextual() || l.has("log.level")).isTrue();
                assertThat(l.path("ecs").path("version").isTextual() || l.has("ecs.version")).isTrue();
            });
        }
    }

    @Test
    void secretsNeverAppearInTheLog(CapturedOutput output, @TempDir Path spool) {
        try (ConfigurableApplicationContext context = start(spool, "--brainstem.api-token=" + TOKEN,
                "--brainstem.elasticsearch.password=" + PASSWORD, "--logging.level.io.brainstem=DEBUG")) {
            assertThat(context.getBean(BrainstemProperties.class).toString()).doesNotContain(TOKEN, PASSWORD);
        }
        assertThat(output.getAll()).doesNotContain(TOKEN).doesNotContain(PASSWORD);
    }

    private static ConfigurableApplicationContext start(Path spool, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
                "--brainstem.spool.directory=" + spool));
        args.addAll(List.of(extra));
        return BrainstemApplication.application().run(args.toArray(String[]::new));
    }
}
