package io.brainstem.testsupport;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made for this test JVM with the JDK's {@code keytool}, and a server certificate it
 * signed for {@code 127.0.0.1} and {@code localhost}: what a TLS test needs to put a real HTTPS endpoint on
 * the loopback ({@link FaultProxy#tls}) and trust it by CA file or by CA fingerprint, the way an operator
 * trusts a cluster's {@code http_ca.crt}. Also a second CA that signed nothing, to show what trusting the
 * wrong one does. Made once, in a temporary directory; thread-safe.
 */
public final class TestCertificates {

    private static final String PASSWORD = "brainstem-test";
    private static TestCertificates made;

    private final Path caPem;
    private final Path strangerCaPem;
    private final String caFingerprint;
    private final SSLContext server;

    private TestCertificates(Path caPem, Path strangerCaPem, String caFingerprint, SSLContext server) {
        this.caPem = caPem;
        this.strangerCaPem = strangerCaPem;
        this.caFingerprint = caFingerprint;
        this.server = server;
    }

    public static synchronized TestCertificates get() {
        if (made == null) {
            try {
                made = make(Files.createTempDirectory("brainstem-tls-"));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("could not make the test certificates with keytool", e);
            }
        }
        return made;
    }

    /** The CA's certificate, PEM. */
    public Path caPem() {
        return caPem;
    }

    /** SHA-256 of the CA's certificate, as upper-case hex pairs with colons (how openssl and keytool print it). */
    public String caFingerprint() {
        return caFingerprint;
    }

    /** A CA that signed nothing of ours, PEM. */
    public Path strangerCaPem() {
        return strangerCaPem;
    }

    /** The server side: the server certificate (for 127.0.0.1 and localhost), its key and the CA in its chain. */
    public SSLContext serverContext() {
        return server;
    }

    private static TestCertificates make(Path dir) throws IOException, GeneralSecurityException {
        Path ca = dir.resolve("ca.p12");
        Path serverStore = dir.resolve("server.p12");
        keytool(dir, "-genkeypair", "-keystore", ca, "-alias", "ca", "-dname", "CN=brainstem test CA", "-ext", "bc:c");
        keytool(dir, "-exportcert", "-keystore", ca, "-alias", "ca", "-rfc", "-file", "ca.pem");
        keytool(dir, "-genkeypair", "-keystore", serverStore, "-alias", "server", "-dname", "CN=localhost");
        keytool(dir, "-certreq", "-keystore", serverStore, "-alias", "server", "-file", "server.csr");
        keytool(dir, "-gencert", "-keystore", ca, "-alias", "ca", "-infile", "server.csr", "-outfile", "server.pem",
                "-rfc", "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "ku:c=digitalSignature", "-ext", "eku=serverAuth");
        keytool(dir, "-importcert", "-keystore", serverStore, "-alias", "ca", "-file", "ca.pem", "-noprompt");
        keytool(dir, "-importcert", "-keystore", serverStore, "-alias", "server", "-file", "server.pem");
        Path stranger = dir.resolve("stranger.p12");
        keytool(dir, "-genkeypair", "-keystore", stranger, "-alias", "ca", "-dname", "CN=stranger CA", "-ext", "bc:c");
        keytool(dir, "-exportcert", "-keystore", stranger, "-alias", "ca", "-rfc", "-file", "stranger.pem");

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, PASSWORD.toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(km.getKeyManagers(), null, null);

        Path caPem = dir.resolve("ca.pem");
        byte[] der;
        try (InputStream in = Files.newInputStream(caPem)) {
            der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
        }
        String hex = HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        return new TestCertificates(caPem, dir.resolve("stranger.pem"), hex, server);
    }

    private static void keytool(Path dir, Object... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        for (Object a : args) {
            command.add(a.toString());
        }
        if (args[0].equals("-genkeypair")) {
            command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3", "-storetype", "PKCS12"));
        }
        if (args[0].equals("-gencert")) {
            command.addAll(List.of("-validity", "3"));
        }
        command.addAll(List.of("-storepass", PASSWORD));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
