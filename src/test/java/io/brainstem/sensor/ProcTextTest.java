package io.brainstem.sensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcTextTest {

    @TempDir
    Path dir;

    @Test
    void aKeptProcFileAnswersWithFreshContentOnEveryRead() throws Exception {
        // the kernel regenerates schedstat (this thread's run time in ns) on each read
        Path schedstat = Path.of("/proc/thread-self/schedstat");
        try (ProcText text = ProcText.keepingFilesOpen()) {
            long first = Long.parseLong(ProcText.fields(text.read(schedstat).strip()).get(0));
            long spin = System.nanoTime() + 20_000_000;
            double sink = 0;
            while (System.nanoTime() < spin) {
                sink += Math.sqrt(sink + 1);
            }
            long second = Long.parseLong(ProcText.fields(text.read(schedstat).strip()).get(0));

            assertThat(sink).isPositive();
            assertThat(second).isGreaterThan(first);
            assertThat(text.keptFiles()).as("one descriptor, read twice").isEqualTo(1);
        }
    }

    @Test
    void aKeptFileIsReadWholeFromTheStartWhetherItShrinksOrGrows() throws Exception {
        Path file = dir.resolve("meminfo");
        Files.writeString(file, "MemTotal: 1000 kB\nMemFree: 500 kB\n");
        try (ProcText text = ProcText.keepingFilesOpen()) {
            assertThat(text.read(file)).isEqualTo("MemTotal: 1000 kB\nMemFree: 500 kB\n");

            Files.writeString(file, "short\n"); // rewritten in place, as the kernel does
            assertThat(text.read(file)).isEqualTo("short\n");

            String big = "x".repeat(40_000) + "\nend\n"; // past the first buffer, which grows
            Files.writeString(file, big);
            assertThat(text.read(file)).isEqualTo(big);
            assertThat(text.keptFiles()).isEqualTo(1);
        }
    }

    @Test
    void closeLetsGoOfTheKeptFilesAndALaterReadOpensThemAgain() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Files.writeString(a, "1\n");
        Files.writeString(b, "2\n");
        ProcText text = ProcText.keepingFilesOpen();
        assertThat(text.longValue(a)).isEqualTo(1L);
        assertThat(text.firstLine(b)).isEqualTo("2");
        assertThat(text.keptFiles()).isEqualTo(2);

        text.close();
        assertThat(text.keptFiles()).isZero();
        assertThat(text.longValue(a)).isEqualTo(1L);
        assertThat(text.keptFiles()).isEqualTo(1);
        text.close();
    }

    @Test
    void aFileReplacedUnderItsNameIsSeenOnceTheKeptOnesAreReopened() throws Exception {
        Path file = dir.resolve("cpu.max");
        Files.writeString(file, "max 100000\n");
        try (ProcText text = ProcText.keepingFilesOpen(Duration.ZERO)) {
            assertThat(text.firstLine(file)).isEqualTo("max 100000");
            Files.delete(file);
            Files.writeString(file, "50000 100000\n"); // a new file (inode) under the same name
            assertThat(text.firstLine(file)).isEqualTo("50000 100000");
        }
    }

    @Test
    void aMissingFileIsNotKeptAndReadsAsAbsent() throws Exception {
        Path missing = dir.resolve("pressure/cpu");
        try (ProcText text = ProcText.keepingFilesOpen()) {
            assertThatThrownBy(() -> text.read(missing)).isInstanceOf(NoSuchFileException.class);
            assertThat(text.readIfPresent(missing)).isNull();
            assertThat(text.longValue(missing)).isNull();
            assertThat(text.keptFiles()).isZero();

            Files.createDirectories(missing.getParent());
            Files.writeString(missing, "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
            assertThat(text.readIfPresent(missing)).startsWith("some ");
            assertThat(text.keptFiles()).isEqualTo(1);
        }
    }

    @Test
    void anOrdinaryInstanceKeepsNothingOpen() throws Exception {
        Path file = dir.resolve("loadavg");
        Files.writeString(file, "0.10 0.20 0.30 1/100 42\n");
        ProcText text = new ProcText();
        assertThat(text.read(file)).startsWith("0.10");
        assertThat(text.keptFiles()).isZero();
    }
}
