package io.brainstem.emit;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The ECS fields every brainstem document starts with. Stateless. */
final class Ecs {

    /** The ECS version the documents follow. */
    static final String VERSION = "8.11.0";

    private Ecs() {
    }

    /** An instant as Elasticsearch's default date format reads it, to the millisecond. */
    static String timestamp(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * {@code @timestamp}, {@code ecs.version}, {@code data_stream.*}, {@code event.kind/module/dataset/action},
     * {@code host.name}, {@code agent.*} and {@code service.name}.
     */
    static JsonTree header(Instant at, Origin origin, String type, String dataset, String kind, String module,
                           String action) {
        return new JsonTree()
                .put("@timestamp", timestamp(at))
                .put("ecs.version", VERSION)
                .put("data_stream.type", type)
                .put("data_stream.dataset", dataset)
                .put("data_stream.namespace", origin.namespace())
                .put("event.kind", kind)
                .put("event.module", module)
                .put("event.dataset", dataset)
                .put("event.action", action)
                .put("host.name", origin.hostName())
                .put("agent.type", "brainstem")
                .put("agent.name", "brainstem")
                .put("agent.id", origin.instanceId())
                .put("agent.version", origin.version())
                .put("service.name", origin.serviceName());
    }
}
