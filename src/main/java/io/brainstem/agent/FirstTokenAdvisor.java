package io.brainstem.agent;

import io.brainstem.observation.AgentEvents;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.core.Ordered;
import reactor.core.publisher.Flux;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Marks the first token of a streamed answer: Spring AI times a model call from its start to its end,
 * but what a person waiting on an agent feels first is the time to the first token. This advisor sits
 * just before the model (the last advisor of the chain) and, when the first chunk with text arrives,
 * signals {@link AgentEvents#FIRST_TOKEN} on the observation current in the stream (its own advisor
 * observation, started as the model call is); brainstem records it as the time to first token of the
 * model calls of the request running then.
 */
public final class FirstTokenAdvisor implements StreamAdvisor {

    @Override
    public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
        return Flux.deferContextual(context -> {
            Observation current = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
            AtomicBoolean seen = new AtomicBoolean();
            return chain.nextStream(request).doOnNext(response -> {
                if (current != null && !seen.get() && hasText(response) && seen.compareAndSet(false, true)) {
                    current.event(AgentEvents.FIRST_TOKEN);
                }
            });
        });
    }

    private static boolean hasText(ChatClientResponse response) {
        ChatResponse chat = response.chatResponse();
        if (chat == null) {
            return false;
        }
        for (Generation g : chat.getResults()) {
            String text = g.getOutput() == null ? null : g.getOutput().getText();
            if (text != null && !text.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String getName() {
        return "brainstemFirstToken";
    }

    /** Innermost: just before the model, so that the first chunk is seen as it arrives. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1;
    }
}
