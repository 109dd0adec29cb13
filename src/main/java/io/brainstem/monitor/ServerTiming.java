package io.brainstem.monitor;

/**
 * Renders a request summary as a {@code Server-Timing} header value (W3C Server Timing), which browser
 * developer tools and many proxies display without extra tooling:
 * {@code total;dur=12.3, cpu;dur=4.1, hostcpu;desc="0.42"}.
 *
 * <p>Grammar followed: {@code #( metric-name *( OWS ";" OWS param-name OWS "=" OWS param-value ) )},
 * where names are tokens, {@code dur} is a decimal number of milliseconds and {@code desc} a
 * quoted-string. Metrics: {@code total} (elapsed time), {@code cpu} (the request thread's CPU time,
 * left out when not measurable), {@code hostcpu} (host CPU busy fraction 0–1 from
 * {@link RequestSummary#hostCpu()}, left out when absent). Stateless.
 */
public final class ServerTiming {

    /** The header's name. */
    public static final String HEADER = "Server-Timing";

    private ServerTiming() {
    }

    public static String of(RequestSummary summary) {
        StringBuilder out = new StringBuilder(64);
        out.append("total;dur=");
        Numbers.appendFixed(out, summary.durationMillis(), 3);
        if (summary.cpuNanos() != null) {
            out.append(", cpu;dur=");
            Numbers.appendFixed(out, summary.cpuNanos() / 1e6, 3);
        }
        double hostCpu = summary.hostCpu();
        if (!Double.isNaN(hostCpu)) {
            // digits and a dot never need escaping inside a quoted-string
            out.append(", hostcpu;desc=\"");
            Numbers.appendFixed(out, hostCpu, 2).append('"');
        }
        return out.toString();
    }
}
