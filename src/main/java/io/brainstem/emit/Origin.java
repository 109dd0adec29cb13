package io.brainstem.emit;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who sends a document: the host, this brainstem instance and the service it runs in, and the data
 * stream namespace. Fixed for the life of the process; every document carries it. Immutable and
 * validated on construction, so a bad value stops start-up with the parameter's name.
 *
 * @param hostName     {@code host.name}: the host's name as dashboards group by it (usually the kernel's
 *                     host name, lower-cased as Metricbeat does)
 * @param instanceId   {@code agent.id}: this process's instance id, new at every start; with a sample's
 *                     sequence number it identifies a sample uniquely
 * @param version      {@code agent.version}: brainstem's version
 * @param serviceName  {@code service.name}: the service brainstem runs in (its own name when standalone)
 * @param namespace    {@code data_stream.namespace}: lower case, no {@code -}, as Elasticsearch requires
 */
public record Origin(String hostName, String instanceId, String version, String serviceName, String namespace) {

    /** Elasticsearch's rules for the namespace part of a data stream name, kept a little stricter. */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9_.]{1,100}");

    public Origin {
        hostName = required("hostName", hostName);
        instanceId = required("instanceId", instanceId);
        version = required("version", version);
        serviceName = required("serviceName", serviceName);
        namespace = required("namespace", namespace);
        if (!NAMESPACE.matcher(namespace).matches() || namespace.startsWith(".") || namespace.startsWith("_")) {
            throw new IllegalArgumentException("namespace '" + namespace + "' is not a valid data stream namespace: "
                    + "use 1-100 lower-case letters, digits, '_' or '.', not starting with '_' or '.', and no '-'");
        }
    }

    private static String required(String name, String value) {
        Objects.requireNonNull(value, name);
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return trimmed;
    }
}
