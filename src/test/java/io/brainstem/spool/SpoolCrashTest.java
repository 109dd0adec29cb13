package io.brainstem.spool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a real writer process ({@link SpoolWriterMain}) with SIGKILL while it appends and acknowledges,
 * then recovers its spool: every record it reported flushed is there, in order, without duplicates,
 * and nothing it reported acknowledged comes back.
 */
class SpoolCrashTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void shouldKeepEveryFlushedRecordInOrderAfterKillMinus9() throws Exception {
        int[] killAfter = {1_000, 2_975, 6_010};
        for (int round = 0; round < killAfter.length; round++) {
            Path spoolDir = dir.resolve("round-" + round);
            Writer writer = Writer.start(spoolDir, dir.resolve("round-" + round + ".log"));
            writer.awaitFlushed(killAfter[round]);
            writer.process.destroyForcibly();
            assertThat(writer.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            writer.reader.join(10_000);
            long flushed = writer.flushed.get();
            long acked = writer.acked.get();
            assertThat(flushed).isGreaterThanOrEqualTo(killAfter[round]).isLessThan(SpoolWriterMain.LIMIT);

            try (Spool spool = Spool.open(spoolDir, SpoolWriterMain.MAX_BYTES, 1 << 20)) {
                List<SpoolRecord> held = spool.peek(Integer.MAX_VALUE, Long.MAX_VALUE);
                assertThat(held).isNotEmpty();
                long first = Long.parseLong(held.get(0).id());
                long last = Long.parseLong(held.get(held.size() - 1).id());
                for (int k = 0; k < held.size(); k++) {
                    assertThat(Long.parseLong(held.get(k).id())).as("record %d of %d", k, held.size())
                            .isEqualTo(first + k);
                }
                assertThat(first).as("nothing reported acknowledged comes back").isGreaterThanOrEqualTo(acked);
                assertThat(first % SpoolWriterMain.ACK_BATCH).as("the checkpoint is an old or a new one, whole")
                        .isZero();
                assertThat(last + 1).as("every record reported flushed is kept").isGreaterThanOrEqualTo(flushed);
                assertThat(spool.stats().recordsLost()).isLessThanOrEqualTo(1);
                assertThat(spool.stats().quarantinedSegments()).isZero();
                assertThat(new String(held.get(0).document(), StandardCharsets.US_ASCII))
                        .startsWith("{\"n\":" + first + ",");
            }
        }
    }

    /** The child process and what it reported so far. */
    private record Writer(Process process, Thread reader, AtomicLong flushed, AtomicLong acked) {

        static Writer start(Path spoolDir, Path log) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    SpoolWriterMain.class.getName(), spoolDir.toString())
                    .redirectError(log.toFile())
                    .start();
            AtomicLong flushed = new AtomicLong();
            AtomicLong acked = new AtomicLong();
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        String[] words = line.split(" ");
                        if (words[0].equals("flushed")) {
                            flushed.set(Long.parseLong(words[1]));
                        } else if (words[0].equals("acked")) {
                            acked.set(Long.parseLong(words[1]) + 1);
                        }
                    }
                } catch (IOException e) {
                    // the process is gone
                }
            });
            return new Writer(process, reader, flushed, acked);
        }

        void awaitFlushed(long records) throws InterruptedException {
            while (flushed.get() < records) {
                assertThat(process.isAlive()).as("writer process alive").isTrue();
                Thread.sleep(1);
            }
        }
    }
}
