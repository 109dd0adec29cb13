package io.brainstem.emit;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** The ECS fields every brainstem document starts with. Stateless. */
final class Ecs {

    /** The ECS version the documents follow. */
    static final String VERSION = "8.11.0";

    private Ecs() {
    }

    /** The last second formatted, without its zone: documents of one second share it. */
    private record Second(long epochSecond, String text) {
    }

    private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

    /**
     * An instant as Elasticsearch's default date format reads it, to the millisecond: ISO-8601 in UTC as
     * {@link DateTimeFormatter#ISO_INSTANT} writes it ({@code 2026-03-01T10:00:00.123Z}, no fraction when
     * the milliseconds are 0). Written on every request summary, so the date and time of the second are
     * formatted once per second, not once per document.
     */
    static String timestamp(Instant at) {
        long seconds = at.getEpochSecond();
        Second second = lastSecond;
        if (second.epochSecond() != seconds) {
            String full = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(seconds));
            second = new Second(seconds, full.substring(0, full.length() - 1));
            lastSecond = second;
        }
        int millis = at.getNano() / 1_000_000;
        if (millis == 0) {
            return second.text() + 'Z';
        }
        return new StringBuilder(second.text().length() + 5).append(second.text()).append('.')
                .append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10)).append('Z').toString();
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
