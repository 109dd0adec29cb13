package io.brainstem.monitor;

import java.time.Instant;

/**
 * A real sample taken just outside a request that had none of its own, reported as it is: the values
 * were measured over the poll interval ending at {@code timestamp}, not during the request. Immutable.
 *
 * @param sequence  the sample's poll number
 * @param timestamp when the poll was taken
 * @param ageMillis how far the sample lies outside the request, never negative: for the sample before,
 *                  milliseconds from the sample to the request's start; for the sample after,
 *                  milliseconds from the request's end to the sample
 * @param values    the sample's headline readings
 */
public record NearestSample(long sequence, Instant timestamp, long ageMillis, Headline values) {
}
