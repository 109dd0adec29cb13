package io.brainstem.observation;

import io.brainstem.component.Component;
import io.brainstem.component.ComponentNames;
import io.brainstem.component.ComponentRegistry;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which component an observation belongs to, from low-cardinality data only, decided when it starts:
 *
 * <ol>
 * <li>the {@link AgentEvents#COMPONENT_KEY} low-cardinality key, when the application set one;</li>
 * <li>Spring AI's model calls ({@code gen_ai.client.operation}): {@code gen_ai.<operation>.<model>}
 *     from {@code gen_ai.operation.name} and {@code gen_ai.request.model} ({@code gen_ai.chat.gpt-4o});
 *     without a model, {@code gen_ai.<operation>};</li>
 * <li>Spring AI's tool calls ({@code spring.ai.tool}): {@code tool.<spring.ai.tool.definition.name>};</li>
 * <li>Spring AI's advisors ({@code spring.ai.advisor}): {@code advisor.<spring.ai.advisor.name>};</li>
 * <li>HTTP client calls ({@code http.client.requests}): {@code http.client.<client.name>} (the host);</li>
 * <li>anything else: the observation's name ({@code @Observed} and {@code Observation.createNotStarted}
 *     names, {@code jdbc.query}, ...).</li>
 * </ol>
 *
 * Names are made valid ({@link ComponentNames#sanitize}) and the registry caps how many exist. The
 * derived names are cached by their parts, so a known component costs map lookups and no allocation;
 * the cache is bounded like the registry.
 *
 * <p>Thread-safe.
 */
final class ComponentNaming {

    static final String CHAT = "gen_ai.client.operation";
    static final String TOOL = "spring.ai.tool";
    static final String ADVISOR = "spring.ai.advisor";
    static final String HTTP_CLIENT = "http.client.requests";

    private final ComponentRegistry registry;
    private final int maxCached;
    private final AtomicInteger cached = new AtomicInteger();
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Component>> genAi = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Component> tools = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Component> advisors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Component> hosts = new ConcurrentHashMap<>();

    ComponentNaming(ComponentRegistry registry) {
        this.registry = registry;
        this.maxCached = 2 * registry.maxComponents();
    }

    Component componentOf(Observation.Context context) {
        String explicit = value(context, AgentEvents.COMPONENT_KEY);
        if (explicit != null) {
            return registry.component(explicit);
        }
        String name = context.getName();
        if (name == null) {
            return registry.component("unnamed");
        }
        return switch (name) {
            case CHAT -> chat(value(context, "gen_ai.operation.name"), value(context, "gen_ai.request.model"));
            case TOOL -> one(tools, "tool.", value(context, "spring.ai.tool.definition.name"), name);
            case ADVISOR -> one(advisors, "advisor.", value(context, "spring.ai.advisor.name"), name);
            case HTTP_CLIENT -> one(hosts, "http.client.", value(context, "client.name"), name);
            default -> registry.component(name);
        };
    }

    private Component chat(String operation, String model) {
        String op = operation == null ? "chat" : operation;
        ConcurrentHashMap<String, Component> byModel = genAi.get(op);
        String key = model == null ? "" : model;
        Component c = byModel == null ? null : byModel.get(key);
        if (c != null) {
            return c;
        }
        c = registry.component("gen_ai." + op + (model == null ? "" : "." + model));
        if (c != registry.other() && cached.incrementAndGet() <= maxCached) {
            genAi.computeIfAbsent(op, k -> new ConcurrentHashMap<>()).put(key, c);
        }
        return c;
    }

    private Component one(ConcurrentHashMap<String, Component> cache, String prefix, String part, String fallback) {
        if (part == null) {
            return registry.component(fallback);
        }
        Component c = cache.get(part);
        if (c != null) {
            return c;
        }
        c = registry.component(prefix + part);
        if (c != registry.other() && cached.incrementAndGet() <= maxCached) {
            cache.put(part, c);
        }
        return c;
    }

    /** A low-cardinality value, null when absent, blank or Micrometer's "none". */
    private static String value(Observation.Context context, String key) {
        KeyValue kv = context.getLowCardinalityKeyValue(key);
        if (kv == null) {
            return null;
        }
        String v = kv.getValue();
        return v.isBlank() || KeyValue.NONE_VALUE.equals(v) ? null : v;
    }
}
