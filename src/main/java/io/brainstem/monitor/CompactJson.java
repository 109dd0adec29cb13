package io.brainstem.monitor;

/**
 * Writes {@link RequestSummary#compactJson()}. Hand-written rather than through Jackson because it
 * runs on every response: one StringBuilder, no reflection. Strings are escaped to ASCII and cut so the
 * whole value stays under {@link #MAX_CHARS}. Stateless.
 */
final class CompactJson {

    /**
     * A hard ceiling; a full window with p95s and the longest strings allowed stays well below it, with
     * room for {@link #COMPONENT_CHARS} of components.
     */
    static final int MAX_CHARS = 2048;
    /** Room for the components list; the ones that do not fit are counted, not written. */
    static final int COMPONENT_CHARS = 900;
    private static final int MAX_COMPONENT_NAME_CHARS = 64;

    private static final int MAX_METHOD_CHARS = 16;
    private static final int MAX_TRACE_CHARS = 32;
    private static final int MAX_ROUTE_CHARS = 160;

    /** Header keys per headline reading, in {@link Headline} component order. */
    private static final String[] KEYS = {"cpu", "mem", "load1", "disk", "net", "pcpu", "rss"};
    /** Decimals per headline reading: fractions keep 4, load 2, byte figures none. */
    private static final int[] DECIMALS = {4, 4, 2, 0, 0, 4, 0};

    private CompactJson() {
    }

    static String of(RequestSummary s) {
        String full = write(s, true);
        // Only absurd magnitudes (e.g. 19-digit byte rates in every statistic) could pass the ceiling:
        // then the host figures go and the request's own stay.
        return full.length() <= MAX_CHARS ? full : write(s, false);
    }

    private static String write(RequestSummary s, boolean hostFigures) {
        StringBuilder out = new StringBuilder(512);
        out.append("{\"trace\":");
        string(out, s.traceId(), MAX_TRACE_CHARS);
        out.append(",\"method\":");
        string(out, s.method(), MAX_METHOD_CHARS);
        if (s.route() != null) {
            out.append(",\"route\":");
            string(out, s.route(), MAX_ROUTE_CHARS);
        }
        out.append(",\"status\":").append(s.status());
        out.append(",\"ms\":");
        Numbers.appendFixed(out, s.durationMillis(), 3);
        if (s.cpuNanos() != null) {
            out.append(",\"cpuMs\":");
            Numbers.appendFixed(out, s.cpuNanos() / 1e6, 3);
        }
        if (s.allocatedBytes() != null) {
            out.append(",\"allocBytes\":").append(s.allocatedBytes());
        }
        if (!s.sameThread()) {
            out.append(",\"sameThread\":false");
        }
        out.append(",\"basis\":\"").append(s.basis().label()).append('"');
        if (hostFigures) {
            if (s.window() != null) {
                window(out, s.window());
            }
            nearest(out, "before", s.before());
            nearest(out, "after", s.after());
        }
        components(out, s.components());
        return out.append('}').toString();
    }

    private static void components(StringBuilder out, java.util.List<io.brainstem.component.ComponentUse> uses) {
        if (uses.isEmpty()) {
            return;
        }
        out.append(",\"components\":[");
        int start = out.length();
        int written = 0;
        StringBuilder one = new StringBuilder(200);
        for (io.brainstem.component.ComponentUse u : uses) {
            one.setLength(0);
            one.append(written == 0 ? "{" : ",{").append("\"name\":");
            string(one, u.name(), MAX_COMPONENT_NAME_CHARS);
            one.append(",\"count\":").append(u.count()).append(",\"ms\":");
            Numbers.appendFixed(one, u.totalMs(), 3).append(",\"maxMs\":");
            Numbers.appendFixed(one, u.maxMs(), 3);
            if (u.errors() > 0) {
                one.append(",\"errors\":").append(u.errors());
            }
            if (u.cpuMs() != null) {
                Numbers.appendFixed(one.append(",\"cpuMs\":"), u.cpuMs(), 3);
            }
            if (u.allocatedBytes() != null) {
                one.append(",\"allocBytes\":").append(u.allocatedBytes());
            }
            if (u.tokensIn() != null) {
                one.append(",\"tokensIn\":").append(u.tokensIn());
            }
            if (u.tokensOut() != null) {
                one.append(",\"tokensOut\":").append(u.tokensOut());
            }
            if (u.ttftMs() != null) {
                Numbers.appendFixed(one.append(",\"ttftMs\":"), u.ttftMs(), 3);
            }
            one.append('}');
            if (out.length() - start + one.length() > COMPONENT_CHARS) {
                break;
            }
            out.append(one);
            written++;
        }
        out.append(']');
        if (written < uses.size()) {
            out.append(",\"componentsOmitted\":").append(uses.size() - written);
        }
    }

    private static void window(StringBuilder out, WindowSummary w) {
        out.append(",\"samples\":").append(w.samples());
        for (int r = 0; r < Headline.COUNT; r++) {
            Stat stat = w.stat(r);
            if (stat == null) {
                continue;
            }
            int d = DECIMALS[r];
            out.append(",\"").append(KEYS[r]).append("\":{\"min\":");
            Numbers.appendFixed(out, stat.min(), d).append(",\"avg\":");
            Numbers.appendFixed(out, stat.avg(), d).append(",\"max\":");
            Numbers.appendFixed(out, stat.max(), d);
            if (!Double.isNaN(stat.p95())) {
                out.append(",\"p95\":");
                Numbers.appendFixed(out, stat.p95(), d);
            }
            out.append('}');
        }
    }

    private static void nearest(StringBuilder out, String key, NearestSample sample) {
        if (sample == null) {
            return;
        }
        out.append(",\"").append(key).append("\":{\"ageMs\":").append(sample.ageMillis());
        for (int r = 0; r < Headline.COUNT; r++) {
            double v = sample.values().value(r);
            if (!Double.isNaN(v) && !Double.isInfinite(v)) {
                out.append(",\"").append(KEYS[r]).append("\":");
                Numbers.appendFixed(out, v, DECIMALS[r]);
            }
        }
        out.append('}');
    }

    /**
     * A JSON string of printable ASCII: quote, backslash, control and non-ASCII characters become
     * {@code \}-escapes. At most {@code maxChars} characters of output between the quotes; a longer
     * value is cut before an escape would be split, and marked with a trailing {@code ~}.
     */
    static void string(StringBuilder out, String value, int maxChars) {
        out.append('"');
        int budget = maxChars;
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1));
            int width = pair ? 12 : c == '"' || c == '\\' ? 2 : (c < 0x20 || c > 0x7e) ? 6 : 1;
            int end = pair ? i + 2 : i + 1;
            // keep one character for the cut mark while more input follows
            if (width > budget - (end < n ? 1 : 0)) {
                out.append('~');
                break;
            }
            budget -= width;
            if (width == 1) {
                out.append(c);
            } else if (width == 2) {
                out.append('\\').append(c);
            } else {
                unicodeEscape(out, c);
                if (pair) {
                    unicodeEscape(out, value.charAt(++i));
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u");
        String hex = Integer.toHexString(c);
        for (int k = hex.length(); k < 4; k++) {
            out.append('0');
        }
        out.append(hex);
    }
}
