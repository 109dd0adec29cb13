package io.brainstem.emit;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where documents go and how they are shipped. Validated when built: a bad value throws
 * {@link IllegalArgumentException} naming the {@code brainstem.elasticsearch.*} key and the reason.
 * Credentials never appear in {@link #toString()}; {@link #displayUrls()} strips any user info from URLs.
 *
 * @param urls           node URLs ({@code http://} or {@code https://}), at least one
 * @param username       basic-auth user, or {@code null}
 * @param password       basic-auth password, or {@code null}
 * @param apiKey         encoded API key (sent as {@code Authorization: ApiKey ...}), or {@code null};
 *                       exclusive with username/password
 * @param caFile         PEM file of the CA that signed the cluster's certificate, or {@code null}
 * @param caFingerprint  or: SHA-256 fingerprint (hex, colons allowed) of the cluster's CA certificate
 * @param namespace      data stream namespace ({@code metrics-brainstem.sensor_poll-<namespace>})
 * @param emitInterval   time between two shipping rounds (a round drains the backlog in as many bulks as it takes)
 * @param bulkMaxDocs    documents per bulk request at most
 * @param bulkMaxBytes   document bytes per bulk request at most (one larger document still goes alone)
 * @param requestTimeout how long one bulk request may take before its outcome counts as unknown
 * @param maxBulksInFlight bulk requests sent at once at most while a backlog drains (1: one after the other)
 */
public record ElasticsearchSettings(List<URI> urls, String username, String password, String apiKey,
                                    Path caFile, String caFingerprint, String namespace, Duration emitInterval,
                                    int bulkMaxDocs, long bulkMaxBytes, Duration requestTimeout,
                                    int maxBulksInFlight) {

    public static final String DEFAULT_NAMESPACE = "default";
    public static final Duration DEFAULT_EMIT_INTERVAL = Duration.ofSeconds(30);
    public static final int DEFAULT_BULK_MAX_DOCS = 1000;
    public static final long DEFAULT_BULK_MAX_BYTES = 5L * 1024 * 1024;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_BULKS_IN_FLIGHT = 2;
    /** More than this only queues up in the cluster's write thread pool and in our memory. */
    public static final int MOST_BULKS_IN_FLIGHT = 16;

    public ElasticsearchSettings {
        urls = List.copyOf(Objects.requireNonNull(urls, "brainstem.elasticsearch.url"));
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("brainstem.elasticsearch.url must name at least one node");
        }
        for (URI url : urls) {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("brainstem.elasticsearch.url '" + strip(url)
                        + "' must start with http:// or https://");
            }
            if (url.getHost() == null) {
                throw new IllegalArgumentException("brainstem.elasticsearch.url '" + strip(url) + "' has no host");
            }
        }
        username = blankToNull(username);
        password = blankToNull(password);
        apiKey = blankToNull(apiKey);
        caFingerprint = blankToNull(caFingerprint);
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("brainstem.elasticsearch.username and brainstem.elasticsearch.password"
                    + " must be set together");
        }
        if (apiKey != null && username != null) {
            throw new IllegalArgumentException("brainstem.elasticsearch.api-key and brainstem.elasticsearch.username"
                    + " are exclusive: choose one way to authenticate");
        }
        if (caFile != null && caFingerprint != null) {
            throw new IllegalArgumentException("brainstem.elasticsearch.ca-file and brainstem.elasticsearch.ca-fingerprint"
                    + " are exclusive: choose one way to trust the cluster");
        }
        if (caFingerprint != null) {
            caFingerprint = caFingerprint.replace(":", "").toLowerCase(Locale.ROOT);
            if (!caFingerprint.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("brainstem.elasticsearch.ca-fingerprint must be a SHA-256 fingerprint"
                        + " (64 hex digits, colons allowed)");
            }
        }
        namespace = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace;
        if (!namespace.matches("[a-z0-9_]{1,100}")) {
            throw new IllegalArgumentException("brainstem.elasticsearch.namespace '" + namespace
                    + "' must be 1-100 characters of a-z, 0-9 and _ (a data stream namespace)");
        }
        emitInterval = emitInterval == null ? DEFAULT_EMIT_INTERVAL : emitInterval;
        requirePositive("brainstem.emit-interval", emitInterval);
        if (bulkMaxDocs < 1) {
            throw new IllegalArgumentException("brainstem.elasticsearch.batch-max-docs must be at least 1, was " + bulkMaxDocs);
        }
        if (bulkMaxBytes < 1024) {
            throw new IllegalArgumentException("brainstem.elasticsearch.batch-max-bytes must be at least 1KB, was "
                    + bulkMaxBytes + " bytes");
        }
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        requirePositive("brainstem.elasticsearch.request-timeout", requestTimeout);
        if (maxBulksInFlight < 1 || maxBulksInFlight > MOST_BULKS_IN_FLIGHT) {
            throw new IllegalArgumentException("brainstem.elasticsearch.max-bulks-in-flight must be from 1 to "
                    + MOST_BULKS_IN_FLIGHT + ", was " + maxBulksInFlight);
        }
    }

    /** With the default number of bulks in flight. */
    public ElasticsearchSettings(List<URI> urls, String username, String password, String apiKey, Path caFile,
                                 String caFingerprint, String namespace, Duration emitInterval, int bulkMaxDocs,
                                 long bulkMaxBytes, Duration requestTimeout) {
        this(urls, username, password, apiKey, caFile, caFingerprint, namespace, emitInterval, bulkMaxDocs,
                bulkMaxBytes, requestTimeout, DEFAULT_MAX_BULKS_IN_FLIGHT);
    }

    /** One or more URLs, no credentials, defaults for everything else. */
    public static ElasticsearchSettings of(String... urls) {
        return new ElasticsearchSettings(java.util.Arrays.stream(urls).map(URI::create).toList(), null, null, null,
                null, null, DEFAULT_NAMESPACE, DEFAULT_EMIT_INTERVAL, DEFAULT_BULK_MAX_DOCS, DEFAULT_BULK_MAX_BYTES,
                DEFAULT_REQUEST_TIMEOUT);
    }

    public ElasticsearchSettings withBasicAuth(String username, String password) {
        return new ElasticsearchSettings(urls, username, password, null, caFile, caFingerprint, namespace,
                emitInterval, bulkMaxDocs, bulkMaxBytes, requestTimeout, maxBulksInFlight);
    }

    public ElasticsearchSettings withApiKey(String apiKey) {
        return new ElasticsearchSettings(urls, null, null, apiKey, caFile, caFingerprint, namespace,
                emitInterval, bulkMaxDocs, bulkMaxBytes, requestTimeout, maxBulksInFlight);
    }

    public ElasticsearchSettings withEmitInterval(Duration emitInterval) {
        return new ElasticsearchSettings(urls, username, password, apiKey, caFile, caFingerprint, namespace,
                emitInterval, bulkMaxDocs, bulkMaxBytes, requestTimeout, maxBulksInFlight);
    }

    public ElasticsearchSettings withBulkLimits(int bulkMaxDocs, long bulkMaxBytes) {
        return new ElasticsearchSettings(urls, username, password, apiKey, caFile, caFingerprint, namespace,
                emitInterval, bulkMaxDocs, bulkMaxBytes, requestTimeout, maxBulksInFlight);
    }

    public ElasticsearchSettings withRequestTimeout(Duration requestTimeout) {
        return new ElasticsearchSettings(urls, username, password, apiKey, caFile, caFingerprint, namespace,
                emitInterval, bulkMaxDocs, bulkMaxBytes, requestTimeout, maxBulksInFlight);
    }

    public ElasticsearchSettings withMaxBulksInFlight(int maxBulksInFlight) {
        return new ElasticsearchSettings(urls, username, password, apiKey, caFile, caFingerprint, namespace,
                emitInterval, bulkMaxDocs, bulkMaxBytes, requestTimeout, maxBulksInFlight);
    }

    public ElasticsearchSettings withCaFile(Path caFile) {
        return new ElasticsearchSettings(urls, username, password, apiKey, caFile, null, namespace,
                emitInterval, bulkMaxDocs, bulkMaxBytes, requestTimeout, maxBulksInFlight);
    }

    public ElasticsearchSettings withCaFingerprint(String caFingerprint) {
        return new ElasticsearchSettings(urls, username, password, apiKey, null, caFingerprint, namespace,
                emitInterval, bulkMaxDocs, bulkMaxBytes, requestTimeout, maxBulksInFlight);
    }

    /** The URLs as they may be shown: scheme, host, port and path, never user info, query or fragment. */
    public List<String> displayUrls() {
        return urls.stream().map(ElasticsearchSettings::strip).toList();
    }

    @Override
    public String toString() {
        return "ElasticsearchSettings[urls=" + displayUrls()
                + ", username=" + (username == null ? "unset" : username)
                + ", password=" + (password == null ? "unset" : "******")
                + ", apiKey=" + (apiKey == null ? "unset" : "******")
                + ", caFile=" + caFile + ", caFingerprint=" + (caFingerprint == null ? "unset" : "set")
                + ", namespace=" + namespace + ", emitInterval=" + emitInterval + ", bulkMaxDocs=" + bulkMaxDocs
                + ", bulkMaxBytes=" + bulkMaxBytes + ", requestTimeout=" + requestTimeout
                + ", maxBulksInFlight=" + maxBulksInFlight + "]";
    }

    static String strip(URI url) {
        StringBuilder s = new StringBuilder();
        if (url.getScheme() != null) {
            s.append(url.getScheme()).append("://");
        }
        if (url.getHost() != null) {
            s.append(url.getHost());
        }
        if (url.getPort() >= 0) {
            s.append(':').append(url.getPort());
        }
        if (url.getRawPath() != null) {
            s.append(url.getRawPath());
        }
        return s.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static void requirePositive(String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, was " + d);
        }
    }
}
