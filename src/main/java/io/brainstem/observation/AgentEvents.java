package io.brainstem.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * What an application tells brainstem through its own observations, beyond what Micrometer and Spring
 * AI already say.
 *
 * <ul>
 * <li>{@link #FIRST_TOKEN}: a streaming model call's first token arrived. Spring AI does not measure
 *     time to first token; signal it from a stream advisor ({@code doOnNext} of the first chunk) on the
 *     observation at hand, e.g. {@code AgentEvents.firstToken(observationRegistry)}. brainstem records
 *     it as the time from that observation's start, and, for the same request, gives it to every
 *     {@code gen_ai.client.operation} observation running then (which the advisor cannot reach itself).
 *     Only the first signal per observation counts.</li>
 * <li>{@link #COMPONENT_KEY}: a low-cardinality key that names the component an observation belongs to,
 *     instead of the name brainstem derives (see {@link ComponentNaming}).</li>
 * </ul>
 */
public final class AgentEvents {

    /** Name of the first-token event. */
    public static final String FIRST_TOKEN_NAME = "brainstem.first_token";

    /** The first token of a streaming response arrived. */
    public static final Observation.Event FIRST_TOKEN = Observation.Event.of(FIRST_TOKEN_NAME, "first token");

    /** Low-cardinality key naming an observation's component explicitly. */
    public static final String COMPONENT_KEY = "brainstem.component";

    private AgentEvents() {
    }

    /** Signals {@link #FIRST_TOKEN} on the registry's current observation, if there is one. */
    public static void firstToken(ObservationRegistry registry) {
        Observation current = registry.getCurrentObservation();
        if (current != null) {
            current.event(FIRST_TOKEN);
        }
    }
}
