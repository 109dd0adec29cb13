package io.brainstem.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * An example agent endpoint of the standalone service: it does real, sizeable work on what it is sent
 * (a SHA-256 hash chain, a sort of the words, gzip of the text) so that request summaries have
 * something to measure. Its body embeds the request's summary under {@code metrics}.
 */
@RestController
@RequestMapping(path = "/api/v1/agent", produces = MediaType.APPLICATION_JSON_VALUE)
public class ExampleAgentController {

    static final int MAX_TEXT_CHARS = 4 * 1024 * 1024;
    static final int MAX_ROUNDS = 1_000_000;

    /**
     * @param text   what to work on
     * @param rounds how many times to re-hash (default 1,000)
     */
    public record DigestRequest(String text, Integer rounds) {
    }

    public record DigestResponse(String sha256, int rounds, int words, long uniqueWords, List<String> firstWords,
                                 int originalBytes, int gzipBytes, Object metrics) {
    }

    @PostMapping(path = "/digest", consumes = MediaType.APPLICATION_JSON_VALUE)
    public DigestResponse digest(@RequestBody DigestRequest body, HttpServletRequest request) {
        if (body == null || body.text() == null) {
            throw new BadParameterException("text", "is required");
        }
        if (body.text().length() > MAX_TEXT_CHARS) {
            throw new BadParameterException("text", "must be at most " + MAX_TEXT_CHARS + " characters");
        }
        int rounds = body.rounds() == null ? 1000 : body.rounds();
        if (rounds < 1 || rounds > MAX_ROUNDS) {
            throw new BadParameterException("rounds", "must be from 1 to " + MAX_ROUNDS + ", was " + rounds);
        }
        byte[] bytes = body.text().getBytes(StandardCharsets.UTF_8);
        byte[] hash = hashChain(bytes, rounds);
        String[] words = body.text().isBlank() ? new String[0] : body.text().strip().split("\\s+");
        Arrays.sort(words);
        long unique = Arrays.stream(words).distinct().count();
        int gzipped = gzipSize(bytes);
        return new DigestResponse(HexFormat.of().formatHex(hash), rounds, words.length, unique,
                List.of(Arrays.copyOf(words, Math.min(5, words.length))), bytes.length, gzipped,
                RequestMetrics.summarySoFar(request));
    }

    private static byte[] hashChain(byte[] input, int rounds) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] h = sha.digest(input);
            for (int i = 1; i < rounds; i++) {
                h = sha.digest(h);
            }
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static int gzipSize(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.size();
    }
}
