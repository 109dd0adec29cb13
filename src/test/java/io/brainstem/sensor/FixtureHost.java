package io.brainstem.sensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A recorded host in a temporary directory: a fixture tree from {@code src/test/resources/fixtures}
 * copied in, then later snapshots laid over it file by file, so a sensor sees its files change between
 * polls. Not thread-safe.
 */
final class FixtureHost {

    static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    private final Path root;

    private FixtureHost(Path root) {
        this.root = root;
    }

    /** A copy of {@code fixtures/<scenario>} under {@code dir}. */
    static FixtureHost of(Path dir, String scenario) {
        FixtureHost host = new FixtureHost(dir);
        host.overlay(scenario);
        return host;
    }

    /** Copies every file of {@code fixtures/<scenario>} over this host's files. */
    FixtureHost overlay(String scenario) {
        Path from = FIXTURES.resolve(scenario);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path to = root.resolve(from.relativize(f).toString());
                Files.createDirectories(to.getParent());
                // in place, as the kernel changes its files: sensors keep per-poll files open
                Files.write(to, Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes one file (creating its directories), relative to the host root, e.g. {@code proc/loadavg}. */
    FixtureHost write(String relative, String content) {
        try {
            Path to = root.resolve(relative);
            Files.createDirectories(to.getParent());
            Files.writeString(to, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    FixtureHost delete(String relative) {
        try {
            Files.deleteIfExists(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    String read(String relative) {
        try {
            return Files.readString(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path proc() {
        return root.resolve("proc");
    }

    Path sys() {
        return root.resolve("sys");
    }

    /** Settings reading this host, rediscovering every minute, 200 ms per mount. */
    SensorSettings settings() {
        return new SensorSettings(proc(), sys(), Duration.ofMinutes(1), Duration.ofMillis(200));
    }
}
