package io.brainstem.observation;

import io.brainstem.buffer.RingBuffer;
import io.brainstem.component.Budget;
import io.brainstem.component.ComponentRegistry;
import io.brainstem.component.ComponentStats;
import io.brainstem.component.ComponentUse;
import io.brainstem.monitor.RequestMonitor;
import io.brainstem.monitor.RequestSummary;
import io.brainstem.sample.Sample;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The handler on a real ObservationRegistry, beside Micrometer's own meter handler, as an application has it. */
class BrainstemObservationHandlerTest {

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final ComponentRegistry components = new ComponentRegistry(20, 720,
            name -> name.startsWith("tool.") ? new Budget(Duration.ofMillis(1), Duration.ofMillis(2), null) : null,
            InstantSource.system());
    private final BrainstemObservationHandler handler = new BrainstemObservationHandler(components);
    private final ObservationRegistry registry = ObservationRegistry.create();
    private final RequestMonitor monitor = new RequestMonitor(new RingBuffer<>(10, Sample::timestamp),
            InstantSource.system(), Duration.ofSeconds(5));

    BrainstemObservationHandlerTest() {
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        registry.observationConfig().observationHandler(handler);
    }

    /** Runs {@code work} as one request's chain, the way the request filter binds it. */
    private RequestSummary request(Runnable work) {
        RequestMonitor.Request r = monitor.start("POST", "/agents/ask", "4bf92f3577b34da6a3ce929d0e0e4736");
        r.bind();
        try {
            Observation.createNotStarted("http.server.requests", registry).observe(work);
        } finally {
            r.unbind();
        }
        return r.stop(200);
    }

    private static Map<String, ComponentUse> byName(RequestSummary s) {
        return s.components().stream().collect(Collectors.toMap(ComponentUse::name, Function.identity()));
    }

    private static void busy(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void nestedObservationsOnTheRequestThreadAreItsComponentsAndTheServerObservationIsNot() {
        RequestSummary s = request(() -> Observation.createNotStarted("agent.plan", registry).observe(() -> {
            busy(3);
            Observation.createNotStarted("agent.plan.step", registry).observe(() -> busy(2));
            Observation.createNotStarted("agent.plan.step", registry).observe(() -> busy(2));
        }));

        Map<String, ComponentUse> used = byName(s);
        assertThat(used).containsOnlyKeys("agent.plan", "agent.plan.step");
        assertThat(used.get("agent.plan").count()).isEqualTo(1);
        assertThat(used.get("agent.plan").totalMs()).isGreaterThanOrEqualTo(7.0);
        assertThat(used.get("agent.plan.step").count()).isEqualTo(2);
        assertThat(used.get("agent.plan.step").maxMs()).isGreaterThanOrEqualTo(2.0);
        assertThat(used.get("agent.plan").cpuMs()).as("measured on one platform thread").isGreaterThan(1.0);
        assertThat(used.get("agent.plan").allocatedBytes()).isNotNull();
        assertThat(s.components().getFirst().name()).isEqualTo("agent.plan");
        assertThat(components.window("agent.plan", Duration.ofMinutes(1)).count()).isEqualTo(1);
        assertThat(components.find("http.server.requests")).isNull();
        // Micrometer's own handler still sees everything
        assertThat(meters.get("agent.plan.step").timer().count()).isEqualTo(2);
        assertThat(s.compactJson()).contains("\"components\":[{\"name\":\"agent.plan\",\"count\":1");
    }

    @Test
    void anObservationOnAnotherThreadBelongsToTheRequestOfItsParent() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            RequestSummary s = request(() -> {
                Observation parent = Observation.createNotStarted("agent.fanout", registry).start();
                try {
                    CompletableFuture<?> f = CompletableFuture.runAsync(() ->
                            Observation.createNotStarted("agent.worker", registry).parentObservation(parent)
                                    .observe(() -> {
                                        busy(2);
                                        // a grandchild without an explicit parent: the worker is in scope
                                        Observation.createNotStarted("agent.worker.part", registry).observe(() -> busy(1));
                                    }), pool);
                    f.join();
                } finally {
                    parent.stop();
                }
            });
            Map<String, ComponentUse> used = byName(s);
            assertThat(used).containsOnlyKeys("agent.fanout", "agent.worker", "agent.worker.part");
            assertThat(used.get("agent.worker").totalMs()).isGreaterThanOrEqualTo(2.0);

            // the same work outside any request counts for the component, not for a request
            Observation.createNotStarted("agent.worker", registry).observe(() -> busy(1));
            assertThat(components.window("agent.worker", Duration.ofMinutes(1)).count()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anObservationThatThrowsIsAnErrorInItsComponent() {
        RequestSummary s = request(() -> assertThatThrownBy(() -> Observation.createNotStarted("tool.lookup", registry)
                .lowCardinalityKeyValue(AgentEvents.COMPONENT_KEY, "tool.lookup")
                .observe(() -> {
                    throw new IllegalStateException("the tool broke");
                })).hasMessage("the tool broke"));

        assertThat(byName(s).get("tool.lookup").errors()).isEqualTo(1);
        ComponentStats w = components.window("tool.lookup", Duration.ofMinutes(1));
        assertThat(w.errors()).isEqualTo(1);
        assertThat(w.errorRate()).isEqualTo(1.0);
    }

    @Test
    void springAiModelAndToolObservationsAreNamedFromTheirKeysAndReportTokens() {
        RequestSummary s = request(() -> {
            Observation.createNotStarted("gen_ai.client.operation", registry)
                    .lowCardinalityKeyValue("gen_ai.operation.name", "chat")
                    .lowCardinalityKeyValue("gen_ai.system", "openai")
                    .lowCardinalityKeyValue("gen_ai.request.model", "gpt-4o-mini")
                    .highCardinalityKeyValue("gen_ai.usage.input_tokens", "12")
                    .highCardinalityKeyValue("gen_ai.usage.output_tokens", "240")
                    .observe(() -> busy(2));
            for (int i = 0; i < 2; i++) {
                Observation.createNotStarted("spring.ai.tool", registry)
                        .lowCardinalityKeyValue("spring.ai.tool.definition.name", "weather")
                        .observe(() -> busy(3)); // over the 2 ms time-out
            }
        });

        Map<String, ComponentUse> used = byName(s);
        assertThat(used).containsOnlyKeys("gen_ai.chat.gpt-4o-mini", "tool.weather");
        assertThat(used.get("gen_ai.chat.gpt-4o-mini").tokensIn()).isEqualTo(12);
        assertThat(used.get("gen_ai.chat.gpt-4o-mini").tokensOut()).isEqualTo(240);
        assertThat(used.get("tool.weather").count()).isEqualTo(2);
        assertThat(used.get("tool.weather").tokensIn()).isNull();
        assertThat(components.window("tool.weather", Duration.ofMinutes(1)).timeouts()).isEqualTo(2);
        assertThat(components.window("gen_ai.chat.gpt-4o-mini", Duration.ofMinutes(1)).tokensOut()).isEqualTo(240);
    }

    /** A Spring AI model call as it reports itself: usage cumulative over the conversation's tool loop. */
    private Observation modelCall(long inputSoFar, long outputSoFar) {
        return Observation.createNotStarted("gen_ai.client.operation", registry)
                .lowCardinalityKeyValue("gen_ai.operation.name", "chat")
                .lowCardinalityKeyValue("gen_ai.request.model", "m1")
                .highCardinalityKeyValue("gen_ai.usage.input_tokens", String.valueOf(inputSoFar))
                .highCardinalityKeyValue("gen_ai.usage.output_tokens", String.valueOf(outputSoFar));
    }

    @Test
    void tokensOfAToolLoopAreCountedOnceThoughSpringAiReportsThemCumulatively() {
        // Sequential calls of one chat-client conversation (call(): tool call 47/1, then answer 48/3,
        // reported as 47/1 and 95/4); then a streamed conversation, whose answer is nested in the outer
        // call and both report the total (60/6); then two calls of no conversation, each counted as is.
        RequestSummary s = request(() -> {
            Observation.createNotStarted("spring.ai.chat.client", registry).observe(() -> {
                modelCall(47, 1).observe(() -> { });
                Observation.createNotStarted("spring.ai.tool", registry)
                        .lowCardinalityKeyValue("spring.ai.tool.definition.name", "lookup").observe(() -> { });
                modelCall(95, 4).observe(() -> { });
            });
            Observation streamed = modelCall(60, 6).start();
            try (Observation.Scope ignored = streamed.openScope()) {
                modelCall(60, 6).observe(() -> { });
            }
            streamed.stop();
            modelCall(10, 2).observe(() -> { });
            modelCall(10, 2).observe(() -> { });
        });

        ComponentUse model = byName(s).get("gen_ai.chat.m1");
        assertThat(model.count()).isEqualTo(6);
        assertThat(model.tokensIn()).isEqualTo(95 + 60 + 10 + 10);
        assertThat(model.tokensOut()).isEqualTo(4 + 6 + 2 + 2);
        assertThat(components.window("gen_ai.chat.m1", Duration.ofMinutes(1)).tokensIn()).isEqualTo(175);
    }

    @Test
    void theFirstTokenEventIsTheTimeToFirstTokenOfItsObservationAndOfTheModelCallsRunningUnderIt() {
        RequestSummary s = request(() -> {
            Observation advisor = Observation.createNotStarted("spring.ai.advisor", registry)
                    .lowCardinalityKeyValue("spring.ai.advisor.name", "FirstTokenAdvisor").start();
            try (Observation.Scope ignored = advisor.openScope()) {
                busy(2);
                Observation model = Observation.createNotStarted("gen_ai.client.operation", registry)
                        .lowCardinalityKeyValue("gen_ai.operation.name", "chat")
                        .lowCardinalityKeyValue("gen_ai.request.model", "llama3.1:8b").start();
                busy(5);
                advisor.event(AgentEvents.FIRST_TOKEN); // the stream advisor reaches only its own observation
                advisor.event(AgentEvents.FIRST_TOKEN); // only the first counts
                busy(3);
                model.stop();
            } finally {
                advisor.stop();
            }
        });

        Map<String, ComponentUse> used = byName(s);
        double modelTtft = used.get("gen_ai.chat.llama3.1:8b").ttftMs();
        double advisorTtft = used.get("advisor.FirstTokenAdvisor").ttftMs();
        assertThat(modelTtft).isBetween(5.0, used.get("gen_ai.chat.llama3.1:8b").totalMs() - 3.0);
        assertThat(advisorTtft).isGreaterThanOrEqualTo(modelTtft + 2.0);
        assertThat(components.window("gen_ai.chat.llama3.1:8b", Duration.ofMinutes(1)).ttftAvgMs())
                .isEqualTo(modelTtft, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(s.compactJson()).contains("\"ttftMs\":");
    }

    @Test
    void theCapSendsFurtherNamesToOther() {
        RequestSummary s = request(() -> {
            for (int i = 0; i < 50; i++) {
                Observation.createNotStarted("GET /items/" + i, registry).observe(() -> { });
            }
        });
        assertThat(components.size()).isEqualTo(20);
        assertThat(components.overflow()).isEqualTo(30);
        assertThat(byName(s).get("other").count()).isEqualTo(30);
    }

    @Test
    void operationsRunningAreCountedWithThoseOverTheirTimeOut() throws Exception {
        Observation slow = Observation.createNotStarted("tool.slow", registry).start();
        Thread.sleep(5);
        handler.countInFlight();
        assertThat(components.find("tool.slow").inFlight()).isEqualTo(1);
        assertThat(components.find("tool.slow").overdue()).isEqualTo(1);
        slow.stop();
        handler.countInFlight();
        assertThat(components.find("tool.slow").inFlight()).isZero();
        assertThat(handler.status().observations()).isEqualTo(1);
        assertThat(handler.status().inFlight()).isZero();
    }

    @Test
    void aStopWithoutAStartIsCountedAndIgnored() {
        ObservationRegistry late = ObservationRegistry.create();
        Observation o = Observation.createNotStarted("agent.late", late).start();
        late.observationConfig().observationHandler(handler);
        o.stop();
        assertThat(handler.status().unmatched()).isZero(); // handlers are fixed when an observation is made
        assertThat(components.find("agent.late")).isNull();
        assertThat(List.of(handler.status().spilled())).containsExactly(0L);
    }
}
