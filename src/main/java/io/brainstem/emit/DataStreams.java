package io.brainstem.emit;

/**
 * The data streams brainstem writes, named {@code <type>-<dataset>-<namespace>} as Elasticsearch's data
 * stream naming scheme asks, so the built-in {@code metrics-*-*} / {@code logs-*-*} conventions (and
 * brainstem's own index templates, which take precedence) apply.
 */
public final class DataStreams {

    /** {@code event.dataset} / {@code data_stream.dataset} of SENSOR_POLL documents. */
    public static final String SENSOR_POLL = "brainstem.sensor_poll";
    /** {@code event.dataset} / {@code data_stream.dataset} of REQUEST_SUMMARY documents. */
    public static final String REQUEST_SUMMARY = "brainstem.request_summary";
    /** {@code event.dataset} / {@code data_stream.dataset} of COMPONENT documents. */
    public static final String COMPONENT = "brainstem.component";
    /** {@code event.dataset} / {@code data_stream.dataset} of ALERT documents. */
    public static final String ALERT = "brainstem.alert";

    private DataStreams() {
    }

    /** {@code metrics-brainstem.sensor_poll-<namespace>} */
    public static String sensorPoll(String namespace) {
        return "metrics-" + SENSOR_POLL + "-" + namespace;
    }

    /** {@code metrics-brainstem.request_summary-<namespace>} */
    public static String requestSummary(String namespace) {
        return "metrics-" + REQUEST_SUMMARY + "-" + namespace;
    }

    /** {@code metrics-brainstem.component-<namespace>} */
    public static String component(String namespace) {
        return "metrics-" + COMPONENT + "-" + namespace;
    }

    /** {@code logs-brainstem.alert-<namespace>} */
    public static String alert(String namespace) {
        return "logs-" + ALERT + "-" + namespace;
    }
}
