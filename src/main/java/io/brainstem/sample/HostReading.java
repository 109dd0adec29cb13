package io.brainstem.sample;

import java.time.Instant;

/**
 * Host identity. Strings are stable between polls; {@code uptimeSeconds} is computed per poll.
 *
 * @param hostname  the host's name as the kernel reports it
 * @param osFamily  e.g. {@code linux}
 * @param osName    e.g. {@code Debian GNU/Linux}
 * @param osVersion e.g. {@code 12 (bookworm)}
 * @param kernel    kernel release, e.g. {@code 6.1.0-18-amd64}
 * @param arch      machine architecture, e.g. {@code amd64}
 * @param bootTime  when the host booted, or {@code null} when unknown
 * @param uptimeSeconds seconds since boot at the poll, or NaN
 */
public record HostReading(String hostname, String osFamily, String osName, String osVersion, String kernel,
                          String arch, Instant bootTime, double uptimeSeconds) implements Reading {
}
