package io.brainstem.emit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * The TLS trust of brainstem's link to Elasticsearch: the JDK's default trust store, or only the CA of a
 * PEM file ({@code brainstem.elasticsearch.ca-file}), or only the CA certificate whose SHA-256 fingerprint
 * is configured ({@code brainstem.elasticsearch.ca-fingerprint}, what Elasticsearch prints at its first
 * start). Either way the cluster's chain is validated up to that CA (signatures, validity) and its host name
 * checked against the URL by the HTTP client, as for any other trust anchor. Stateless; the contexts it
 * builds are thread-safe.
 */
final class TlsTrust {

    private TlsTrust() {
    }

    /**
     * @return the context for https nodes, or {@code null} for the JDK's default
     * @throws IllegalArgumentException naming the setting when the CA file cannot be read or holds no certificate
     */
    static SSLContext of(ElasticsearchSettings settings) {
        if (settings.caFile() != null) {
            return context(anchors(settings.caFile()));
        }
        if (settings.caFingerprint() != null) {
            return context(new FingerprintTrust(HexFormat.of().parseHex(settings.caFingerprint())));
        }
        return null;
    }

    /** The PKIX trust manager of the JDK over exactly these anchors. */
    static X509ExtendedTrustManager trusting(Collection<? extends Certificate> anchors) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate c : anchors) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager m : factory.getTrustManagers()) {
                if (m instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JDK's PKIX trust manager factory gave no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager anchors(Path caFile) {
        if (!Files.isReadable(caFile)) {
            throw new IllegalArgumentException("brainstem.elasticsearch.ca-file '" + caFile + "' is not a readable file");
        }
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(caFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("brainstem.elasticsearch.ca-file '" + caFile
                    + "' is not a PEM certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("brainstem.elasticsearch.ca-file '" + caFile
                    + "' is not a PEM certificate: it holds none");
        }
        return trusting(certificates);
    }

    private static SSLContext context(X509ExtendedTrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    static byte[] sha256(Certificate certificate) throws CertificateEncodingException {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /**
     * Trusts a server chain that contains the certificate with the configured fingerprint, validated up to
     * that certificate as its only anchor. A chain that merely ends with a copy of the (public) CA
     * certificate is not enough: the certificates below it must be signed by it.
     */
    private static final class FingerprintTrust extends X509ExtendedTrustManager {
        private final byte[] fingerprint;

        FingerprintTrust(byte[] fingerprint) {
            this.fingerprint = fingerprint;
        }

        private X509ExtendedTrustManager anchoredIn(X509Certificate[] chain) throws CertificateException {
            if (chain != null) {
                for (X509Certificate c : chain) {
                    if (Arrays.equals(fingerprint, sha256(c))) {
                        return trusting(List.of(c));
                    }
                }
            }
            throw new CertificateException("no certificate of the cluster's chain has the SHA-256 fingerprint in "
                    + "brainstem.elasticsearch.ca-fingerprint (the chain: "
                    + (chain == null ? "none" : Arrays.stream(chain).map(c -> c.getSubjectX500Principal().getName()).toList())
                    + ")");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            anchoredIn(chain).checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            anchoredIn(chain).checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            anchoredIn(chain).checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("brainstem's Elasticsearch link trusts servers only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("brainstem's Elasticsearch link trusts servers only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("brainstem's Elasticsearch link trusts servers only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
