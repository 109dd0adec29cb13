package io.brainstem.spool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointTest {

    @TempDir
    Path dir;

    @Test
    void shouldStartAtZeroAndReadBackTheLastPositionWritten() throws IOException {
        try (Checkpoint checkpoint = Checkpoint.open(dir)) {
            assertThat(checkpoint.recovered()).isZero();
            assertThat(checkpoint.damage()).isNull();
            checkpoint.write(100);
            checkpoint.write(250);
            checkpoint.write(4_000_000_000L);
        }
        try (Checkpoint checkpoint = Checkpoint.open(dir)) {
            assertThat(checkpoint.recovered()).isEqualTo(4_000_000_000L);
            checkpoint.write(4_000_000_100L);
        }
        try (Checkpoint checkpoint = Checkpoint.open(dir)) {
            assertThat(checkpoint.recovered()).isEqualTo(4_000_000_100L);
        }
        assertThat(dir.resolve(Checkpoint.FILE_NAME + ".tmp")).doesNotExist();
    }

    @Test
    void shouldFallBackToThePreviousPositionWhenTheLastWriteWasTorn() throws IOException {
        try (Checkpoint checkpoint = Checkpoint.open(dir)) {
            checkpoint.write(100); // sequence 1: slot 1
            checkpoint.write(250); // sequence 2: slot 0
        }
        SpoolTest.flipByte(dir.resolve(Checkpoint.FILE_NAME), 14); // inside slot 0's position

        try (Checkpoint checkpoint = Checkpoint.open(dir)) {
            assertThat(checkpoint.recovered()).isEqualTo(100);
            assertThat(checkpoint.damage()).isNull();
            checkpoint.write(300);
        }
        try (Checkpoint checkpoint = Checkpoint.open(dir)) {
            assertThat(checkpoint.recovered()).isEqualTo(300);
        }
    }

    @Test
    void shouldReportAFileWithNoValidSlotAndReplaceIt() throws IOException {
        Files.write(dir.resolve(Checkpoint.FILE_NAME), new byte[] {1, 2, 3});

        try (Checkpoint checkpoint = Checkpoint.open(dir)) {
            assertThat(checkpoint.recovered()).isZero();
            assertThat(checkpoint.damage()).contains(Checkpoint.FILE_NAME).contains("no valid position");
            checkpoint.write(64);
        }
        try (Checkpoint checkpoint = Checkpoint.open(dir)) {
            assertThat(checkpoint.recovered()).isEqualTo(64);
            assertThat(checkpoint.damage()).isNull();
        }
    }
}
