package io.brainstem.emit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Deterministic document ids: the same parts always give the same id, so a document sent again (a retry
 * after a time-out, a spool replayed after a crash) is refused by Elasticsearch with 409 under
 * {@code op_type=create} instead of being stored twice. Stateless.
 */
public final class DocumentIds {

    private DocumentIds() {
    }

    /**
     * 22 URL-safe characters: the first 128 bits of SHA-256 over the parts joined by NUL (so
     * {@code ("ab","c")} and {@code ("a","bc")} differ).
     */
    public static String of(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    sha.update((byte) 0);
                }
                sha.update(String.valueOf(parts[i]).getBytes(StandardCharsets.UTF_8));
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha.digest(), 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
