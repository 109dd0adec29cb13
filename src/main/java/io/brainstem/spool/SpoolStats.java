package io.brainstem.spool;

import java.time.Instant;

/**
 * A consistent snapshot of a {@link Spool}.
 *
 * @param records             records held and not yet acknowledged
 * @param bytes               bytes of the segment files on disk, what the budget counts (acknowledged
 *                            records still share a segment with unacknowledged ones until it is deleted)
 * @param oldestTimestamp     timestamp of the oldest unacknowledged record, or {@code null} when there is
 *                            none
 * @param appended            records appended since the spool was opened
 * @param acknowledged        records acknowledged since the spool was opened
 * @param dropped             unacknowledged records deleted since open to stay within the byte budget
 * @param quarantinedSegments segment files renamed to {@code *.corrupt} since open (at recovery or when a
 *                            read found damage)
 * @param recordsLost         records lost to damage since open: a torn tail counts one, a quarantined
 *                            segment counts its readable unacknowledged records plus one for the damaged
 *                            frame (records behind the damage in that file cannot be counted)
 */
public record SpoolStats(long records, long bytes, Instant oldestTimestamp, long appended, long acknowledged,
        long dropped, long quarantinedSegments, long recordsLost) {
}
