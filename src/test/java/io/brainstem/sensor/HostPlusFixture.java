package io.brainstem.sensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A recorded host under {@code src/test/resources/fixtures/hostplus/<scenario>} copied into a temporary
 * directory, with later snapshots ({@code <scenario>-t1}) laid over it file by file so that a sensor sees
 * its counters move between polls. Not thread-safe.
 */
final class HostPlusFixture {

    static final Path FIXTURES = Path.of("src/test/resources/fixtures/hostplus");

    private final Path root;

    private HostPlusFixture(Path root) {
        this.root = root;
    }

    static HostPlusFixture of(Path dir, String scenario) {
        return new HostPlusFixture(dir).overlay(scenario);
    }

    HostPlusFixture overlay(String scenario) {
        Path from = FIXTURES.resolve(scenario);
        if (!Files.isDirectory(from)) {
            throw new IllegalArgumentException("no fixture " + from);
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path to = root.resolve(from.relativize(f).toString());
                Files.createDirectories(to.getParent());
                // in place, as the kernel changes its files: sensors keep per-poll files open
                Files.write(to, Files.readAllBytes(f));
            }
            Files.createDirectories(proc());
            Files.createDirectories(sys());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Path proc() {
        return root.resolve("proc");
    }

    Path sys() {
        return root.resolve("sys");
    }

    Path passwd() {
        return root.resolve("etc/passwd");
    }

    /** A recorded file's text, for tests that derive what to expect from the recording itself. */
    static String recorded(String scenario, String relative) {
        try {
            return Files.readString(FIXTURES.resolve(scenario).resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
