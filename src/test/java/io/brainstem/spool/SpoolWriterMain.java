package io.brainstem.spool;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The child process of {@link SpoolCrashTest}: appends numbered records to the spool in the directory
 * given as the only argument as fast as it can, and every so often acknowledges the oldest ones. It
 * prints {@code flushed N} after {@link Spool#flush} returned with records 0..N-1 appended, and
 * {@code acked N} after {@link Spool#acknowledge} returned for records 0..N-1. It never stops by itself
 * before {@value #LIMIT} records: the test kills it with SIGKILL mid-run.
 */
public final class SpoolWriterMain {

    static final int FLUSH_EVERY = 25;
    static final int ACK_EVERY = 200;
    static final int ACK_BATCH = 150;
    static final int LIMIT = 40_000;
    static final long MAX_BYTES = 64L << 20;

    private SpoolWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        byte[] pad = "p".repeat(900).getBytes(StandardCharsets.US_ASCII);
        try (Spool spool = Spool.open(directory, MAX_BYTES, 1 << 20)) {
            Instant start = Instant.now();
            for (int n = 0; n < LIMIT; n++) {
                byte[] document = ("{\"n\":" + n + ",\"pad\":\"" + new String(pad, StandardCharsets.US_ASCII) + "\"}")
                        .getBytes(StandardCharsets.US_ASCII);
                spool.append(start.plusMillis(n), "metrics-crash-test", Integer.toString(n), document);
                if ((n + 1) % FLUSH_EVERY == 0) {
                    spool.flush();
                    System.out.println("flushed " + (n + 1));
                }
                if ((n + 1) % ACK_EVERY == 0) {
                    List<SpoolRecord> oldest = spool.peek(ACK_BATCH, Long.MAX_VALUE);
                    spool.acknowledge(oldest);
                    System.out.println("acked " + oldest.get(oldest.size() - 1).id() + " " + oldest.size());
                }
            }
            System.out.println("done");
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
