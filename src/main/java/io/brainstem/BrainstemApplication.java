package io.brainstem;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import io.brainstem.agent.AgentConfiguration;
import io.brainstem.cli.StatusCommand;
import io.brainstem.agent.AgentProperties;
import io.brainstem.agent.AgentService;
import io.brainstem.web.AgentController;

import java.util.Arrays;
import java.util.Map;

/**
 * The standalone service. Everything brainstem does comes from its auto-configuration
 * ({@code io.brainstem.boot}), exactly as in an application that embeds it; this class adds only the
 * standalone defaults and the example agent ({@code io.brainstem.agent}). There is no component scan, so
 * nothing is registered twice.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        // nothing here speaks WebSocket (the live page streams server-sent events): no Tomcat WebSocket
        // container, and no WebSocket filter in front of every request
        "org.springframework.boot.autoconfigure.websocket.servlet.WebSocketServletAutoConfiguration"})
@Import(AgentConfiguration.class)
public class BrainstemApplication {

    /** Defaults of the standalone service that an embedding application decides for itself. */
    static final Map<String, Object> STANDALONE_DEFAULTS = Map.of(
            "server.address", "127.0.0.1",
            // the live page and the samples history compress about 3:1
            "server.compression.enabled", "true",
            "server.compression.mime-types", "text/html,text/css,text/javascript,application/javascript,application/json",
            "spring.application.name", "brainstem",
            // a host service's API sees a few requests at a time: 2 idle request threads, not Tomcat's 10
            // (threads still grow to the usual 200 under load)
            "server.tomcat.threads.min-spare", "2",
            // Spring AI logs a failed model stream with its stack trace at each level of aggregation (four
            // times per failure); the agent logs the failure once, as a warning.
            "logging.level.org.springframework.ai.chat.model.MessageAggregator", "OFF");

    /** The example agent ({@code POST /api/v1/agent/ask}); it answers 503 until agent.model.url is set. */
    @Bean
    AgentController agentController(AgentService brainstemAgent, AgentProperties properties) {
        return new AgentController(brainstemAgent, properties.maxQuestionChars());
    }

    /**
     * Runs the service; {@code status} as the first argument instead prints what a running instance
     * sees ({@link StatusCommand}) and exits.
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("status")) {
            System.exit(StatusCommand.run(Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out,
                    System.err));
        }
        application().run(args);
    }

    public static SpringApplication application() {
        SpringApplication app = new SpringApplication(BrainstemApplication.class);
        app.setDefaultProperties(STANDALONE_DEFAULTS);
        return app;
    }
}
