package io.brainstem.monitor;

import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * A W3C Trace Context {@code traceparent} value
 * ({@code version "-" trace-id "-" parent-id "-" trace-flags}, https://www.w3.org/TR/trace-context/).
 * Each request gets one with {@link #forRequest}: it continues the caller's trace when the caller sent
 * a valid header, and starts a new trace otherwise; {@link #header()} renders it, version 00, for the
 * response or for calls the request makes. Immutable.
 *
 * @param traceId      32 lower-case hex digits, not all zero: the whole trace
 * @param spanId       16 lower-case hex digits, not all zero: this request's span (the
 *                     {@code parent-id} of the header it renders); for a parsed header, the sender's span
 * @param callerSpanId the caller's span id when this one continues a trace, else {@code null}
 * @param flags        trace flags; bit 0 is {@code sampled}
 */
public record TraceParent(String traceId, String spanId, String callerSpanId, int flags) {

    /** The {@code sampled} flag, the only one version 00 defines and the only one passed on. */
    public static final int SAMPLED = 0x01;

    /** The header's name, as HTTP field names are compared case-insensitively. */
    public static final String HEADER = "traceparent";

    private static final int V00_LENGTH = 55;
    private static final HexFormat HEX = HexFormat.of();

    public TraceParent {
        requireId(traceId, 32, "traceId");
        requireId(spanId, 16, "spanId");
        if (callerSpanId != null) {
            requireId(callerSpanId, 16, "callerSpanId");
        }
        if (flags < 0 || flags > 0xff) {
            throw new IllegalArgumentException("flags must be one byte, was " + flags);
        }
    }

    /** The request's trace context: {@code incoming}'s trace continued if valid, else a new trace. */
    public static TraceParent forRequest(String incoming) {
        return forRequest(incoming, ThreadLocalRandom.current());
    }

    public static TraceParent forRequest(String incoming, RandomGenerator random) {
        return parse(incoming).map(caller -> caller.child(random)).orElseGet(() -> root(random));
    }

    /** A new trace, marked sampled since brainstem records every request it summarises. */
    public static TraceParent root(RandomGenerator random) {
        return new TraceParent(randomId(random, 2), randomId(random, 1), null, SAMPLED);
    }

    /** The same trace, one span further: a new span id, this span as the caller, the sampled flag kept. */
    public TraceParent child(RandomGenerator random) {
        return new TraceParent(traceId, randomId(random, 1), spanId, flags & SAMPLED);
    }

    public boolean sampled() {
        return (flags & SAMPLED) != 0;
    }

    /** This context as a version-00 {@code traceparent} value: {@code 00-<traceId>-<spanId>-<flags>}. */
    public String header() {
        return "00-" + traceId + '-' + spanId + '-' + HEX.toHexDigits((byte) flags);
    }

    /**
     * Reads a {@code traceparent} value as the specification requires a receiver to: lower-case hex
     * only; version {@code ff}, all-zero ids and a version-00 value of any length but 55 are invalid. A
     * higher version, which a later specification may extend, is read for the fields version 00
     * defines provided they sit where version 00 puts them and the flags are followed by the end or a
     * {@code -}. Optional whitespace around the value (as HTTP allows) is ignored.
     *
     * @return the sender's context ({@code spanId} = the header's parent-id), or empty when
     *         {@code value} is {@code null} or invalid, in which case the receiver starts a new trace
     */
    public static Optional<TraceParent> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = stripOws(value);
        if (v.length() < V00_LENGTH
                || !isLowerHex(v, 0, 2) || v.startsWith("ff")
                || v.charAt(2) != '-' || !isLowerHex(v, 3, 35)
                || v.charAt(35) != '-' || !isLowerHex(v, 36, 52)
                || v.charAt(52) != '-' || !isLowerHex(v, 53, 55)) {
            return Optional.empty();
        }
        boolean v00 = v.startsWith("00");
        if (v.length() > V00_LENGTH && (v00 || v.charAt(V00_LENGTH) != '-')) {
            return Optional.empty();
        }
        String traceId = v.substring(3, 35);
        String parentId = v.substring(36, 52);
        if (allZero(traceId) || allZero(parentId)) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(traceId, parentId, null, HEX.fromHexDigits(v, 53, 55)));
    }

    private static String randomId(RandomGenerator random, int longs) {
        StringBuilder id = new StringBuilder(16 * longs);
        do {
            id.setLength(0);
            for (int i = 0; i < longs; i++) {
                id.append(HEX.toHexDigits(random.nextLong()));
            }
        } while (allZero(id)); // all zeros is invalid; a 2^-64 chance, checked all the same
        return id.toString();
    }

    private static void requireId(String id, int length, String name) {
        Objects.requireNonNull(id, name);
        if (id.length() != length || !isLowerHex(id, 0, length) || allZero(id)) {
            throw new IllegalArgumentException(name + " must be " + length
                    + " lower-case hex digits, not all zero, was '" + id + "'");
        }
    }

    private static boolean isLowerHex(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    private static String stripOws(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }
}
