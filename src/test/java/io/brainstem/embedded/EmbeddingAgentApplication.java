package io.brainstem.embedded;

import io.brainstem.component.MonitoredQueue;
import io.brainstem.component.QueueRegistry;
import io.brainstem.monitor.RequestSummary;
import io.brainstem.observation.AgentEvents;
import io.brainstem.web.RequestMetrics;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.test.simple.SimpleTracer;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP agent service of its own that embeds brainstem the way a user would: brainstem is only a
 * dependency on its class path. Its plan endpoint measures its stages with plain Micrometer observations
 * (and the key names Spring AI's model and tool observations carry); the only brainstem types it names
 * are the queue registry it injects and the first-token event.
 */
@SpringBootApplication
public class EmbeddingAgentApplication {

    public record Answer(String agent, String reply, RequestSummary metrics) {
    }

    /** The application's own observation handler, beside Micrometer's and brainstem's. */
    @Bean
    CountingHandler countingHandler() {
        return new CountingHandler();
    }

    static final class CountingHandler implements ObservationHandler<Observation.Context> {
        final AtomicLong stopped = new AtomicLong();

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }

        @Override
        public void onStop(Observation.Context context) {
            stopped.incrementAndGet();
        }
    }

    /** Tracing as an application would have it: Boot adds its tracing handler for this tracer. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "embedded.tracing", havingValue = "true")
    static class Tracing {
        @Bean
        SimpleTracer tracer() {
            return new SimpleTracer();
        }
    }

    public record PlanAnswer(String agent, String plan, RequestSummary metrics) {
    }

    @RestController
    static class PlanController {
        private final ObservationRegistry observations;
        private final ArrayBlockingQueue<String> inbox = new ArrayBlockingQueue<>(4);
        private final MonitoredQueue monitoredInbox;

        PlanController(ObservationRegistry observations, QueueRegistry queues) {
            this.observations = observations;
            this.monitoredInbox = queues.register("agent.inbox", inbox);
        }

        @PostMapping("/agents/{agent}/plan")
        PlanAnswer plan(@PathVariable String agent, @RequestBody String question, HttpServletRequest request) {
            if (!inbox.offer(question)) {
                monitoredInbox.rejected();
            }
            String plan = Observation.createNotStarted("agent.plan", observations).observe(() -> {
                Observation model = Observation.createNotStarted("gen_ai.client.operation", observations)
                        .lowCardinalityKeyValue("gen_ai.operation.name", "chat")
                        .lowCardinalityKeyValue("gen_ai.request.model", "test-model")
                        .highCardinalityKeyValue("gen_ai.usage.input_tokens", "7")
                        .highCardinalityKeyValue("gen_ai.usage.output_tokens", "21").start();
                // the model call streams on another thread, its first token signalled from there
                CompletableFuture.runAsync(() -> {
                    pause(3);
                    model.event(AgentEvents.FIRST_TOKEN);
                    pause(2);
                    model.stop();
                }).join();
                Observation.createNotStarted("spring.ai.tool", observations)
                        .lowCardinalityKeyValue("spring.ai.tool.definition.name", "slow_lookup")
                        .observe(() -> pause(20));
                try {
                    Observation.createNotStarted("agent.flaky", observations).observe(() -> {
                        throw new IllegalStateException("flaky stage failed");
                    });
                } catch (IllegalStateException expected) {
                    // the agent copes; the stage counts as an error
                }
                return new StringBuilder(question).reverse().toString();
            });
            return new PlanAnswer(agent, plan, RequestMetrics.summarySoFar(request));
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @RestController
    static class AgentController {
        @PostMapping("/agents/{agent}/ask")
        Answer ask(@PathVariable String agent, @RequestBody String question, HttpServletRequest request) {
            String reply = new StringBuilder(question.toUpperCase(Locale.ROOT)).reverse().toString();
            return new Answer(agent, reply, RequestMetrics.summarySoFar(request));
        }
    }
}
