package io.brainstem.emit;

import co.elastic.clients.transport.TransportUtils;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the low-level {@link RestClient} the emitter sends bulk requests with, from
 * {@link ElasticsearchSettings}: the nodes, basic auth or an API key, TLS trust from a CA file or a CA
 * fingerprint, and the request timeout. The caller owns the client and closes it.
 */
public final class RestClients {

    private RestClients() {
    }

    /**
     * @throws IllegalArgumentException naming the setting when the CA file cannot be read or parsed
     */
    public static RestClient build(ElasticsearchSettings settings) {
        List<HttpHost> hosts = new ArrayList<>();
        String userInfo = null;
        for (URI url : settings.urls()) {
            hosts.add(new HttpHost(url.getHost(), port(url), url.getScheme()));
            if (userInfo == null && url.getRawUserInfo() != null) {
                userInfo = url.getRawUserInfo();
            }
        }
        RestClientBuilder builder = RestClient.builder(hosts.toArray(HttpHost[]::new));
        String path = settings.urls().getFirst().getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            builder.setPathPrefix(path);
        }
        if (settings.apiKey() != null) {
            builder.setDefaultHeaders(new Header[]{new BasicHeader("Authorization", "ApiKey " + settings.apiKey())});
        }
        String username = settings.username();
        String password = settings.password();
        if (username == null && settings.apiKey() == null && userInfo != null) {
            int colon = userInfo.indexOf(':');
            username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        SSLContext ssl = sslContext(settings);
        BasicCredentialsProvider credentials = null;
        if (username != null) {
            credentials = new BasicCredentialsProvider();
            credentials.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(username, password));
        }
        BasicCredentialsProvider finalCredentials = credentials;
        builder.setHttpClientConfigCallback(http -> {
            if (finalCredentials != null) {
                http.setDefaultCredentialsProvider(finalCredentials);
            }
            if (ssl != null) {
                http.setSSLContext(ssl);
            }
            return http;
        });
        // The emitter enforces the request timeout itself (and calls the outcome unknown); the socket
        // timeout is only a backstop for other users of the client.
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE - 1000, settings.requestTimeout().toMillis());
        builder.setRequestConfigCallback(request -> request
                .setConnectTimeout(Math.min(timeoutMillis, 5_000))
                .setSocketTimeout(timeoutMillis + 1000));
        return builder.build();
    }

    private static SSLContext sslContext(ElasticsearchSettings settings) {
        if (settings.caFile() != null) {
            if (!Files.isReadable(settings.caFile())) {
                throw new IllegalArgumentException("brainstem.elasticsearch.ca-file '" + settings.caFile()
                        + "' is not a readable file");
            }
            try {
                return TransportUtils.sslContextFromHttpCaCrt(settings.caFile().toFile());
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("brainstem.elasticsearch.ca-file '" + settings.caFile()
                        + "' is not a PEM certificate: " + e.getMessage(), e);
            }
        }
        if (settings.caFingerprint() != null) {
            return TransportUtils.sslContextFromCaFingerprint(settings.caFingerprint());
        }
        return null;
    }

    /** The URL's port, else the scheme's (80 or 443), as a browser would. */
    private static int port(URI url) {
        if (url.getPort() >= 0) {
            return url.getPort();
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("brainstem.elasticsearch.url has badly encoded user info");
        }
    }
}
