package io.brainstem.emit;

import io.brainstem.emit.ElasticsearchTransport.Request;
import io.brainstem.emit.ElasticsearchTransport.Response;
import io.brainstem.emit.ElasticsearchTransport.ResponseException;
import io.brainstem.testsupport.ElasticsearchNode;
import io.brainstem.testsupport.FaultProxy;
import io.brainstem.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * brainstem's transport against the real node, through {@link FaultProxy} instances standing for the
 * nodes of a cluster (and for an HTTPS endpoint with a CA made for the test): node selection and
 * failover, path prefix, credentials, TLS trust, time-outs and cancellation.
 */
class ElasticsearchTransportTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong(System.nanoTime());
    private ElasticsearchNode node;

    @BeforeEach
    void setUp() {
        node = ElasticsearchNode.shared();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
    }

    private FaultProxy proxy() {
        FaultProxy p = FaultProxy.to(node.uri());
        toClose.add(p);
        return p;
    }

    private ElasticsearchTransport transport(ElasticsearchSettings settings) {
        ElasticsearchTransport t = ElasticsearchTransport.create(settings, nanos::get);
        toClose.add(t);
        return t;
    }

    private static Request health() {
        return Request.of("GET", "/_cluster/health");
    }

    @Test
    void shouldTakeTheNodesInTurnEachOverOneKeptAliveConnection() throws IOException {
        FaultProxy a = proxy();
        FaultProxy b = proxy();
        ElasticsearchTransport t = transport(ElasticsearchSettings.of(a.url(), b.url()));

        for (int i = 0; i < 10; i++) {
            assertThat(t.perform(health()).status()).isEqualTo(200);
        }

        assertThat(a.requestsSeen()).isEqualTo(5);
        assertThat(b.requestsSeen()).isEqualTo(5);
        assertThat(a.connectionsAccepted()).isEqualTo(1);
        assertThat(b.connectionsAccepted()).isEqualTo(1);
        assertThat(t.nodes()).containsExactly(a.url(), b.url());
    }

    @Test
    void shouldGoOnToTheNextNodeWhenOneRefusesAndSkipItForAMinute() throws IOException {
        FaultProxy a = proxy();
        FaultProxy b = proxy();
        ElasticsearchTransport t = transport(ElasticsearchSettings.of(a.url(), b.url()));
        a.refuseConnections();

        Response first = t.perform(health());
        a.passThrough();
        for (int i = 0; i < 5; i++) {
            assertThat(t.perform(health()).node()).isEqualTo(b.url());
        }
        nanos.addAndGet(ElasticsearchTransport.FIRST_SKIP.plusSeconds(1).toNanos());
        List<String> afterAMinute = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            afterAMinute.add(t.perform(health()).node());
        }

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.node()).isEqualTo(b.url());
        assertThat(a.requestsSeen()).isEqualTo(2);
        assertThat(afterAMinute).containsOnly(a.url(), b.url()).contains(a.url());
    }

    @Test
    void shouldNameEveryNodeWhenNoneCanBeReached() {
        FaultProxy a = proxy();
        FaultProxy b = proxy();
        ElasticsearchTransport t = transport(ElasticsearchSettings.of(a.url(), b.url()));
        a.refuseConnections();
        b.refuseConnections();

        assertThatThrownBy(() -> t.perform(health())).isInstanceOf(ConnectException.class)
                .hasMessageContaining("no node answered GET /_cluster/health")
                .hasMessageContaining(a.url()).hasMessageContaining(b.url()).hasMessageContaining("cannot connect");
    }

    @Test
    void shouldTryTheNodeThatComesBackFirstWhenEveryNodeIsSkipped() throws IOException {
        FaultProxy a = proxy();
        FaultProxy b = proxy();
        ElasticsearchTransport t = transport(ElasticsearchSettings.of(a.url(), b.url()));
        a.refuseConnections();
        assertThat(t.perform(health()).node()).isEqualTo(b.url());
        nanos.addAndGet(1_000_000);
        a.passThrough();
        b.refuseConnections();

        // a is up again but still skipped, so only b is tried
        assertThatThrownBy(() -> t.perform(health())).isInstanceOf(ConnectException.class)
                .hasMessageContaining(b.url()).hasMessageNotContaining(a.url());
        nanos.addAndGet(1_000_000);
        b.passThrough();
        Response r = t.perform(health());

        assertThat(a.requestsSeen()).isEqualTo(1);
        assertThat(r.node()).as("a failed first, so its skip ends first").isEqualTo(a.url());
    }

    @Test
    void shouldGoOnToTheNextNodeOnAGatewayStatusAndAnswerAnyOtherStatusAsItIs() throws IOException {
        FaultProxy a = proxy();
        FaultProxy b = proxy();
        ElasticsearchTransport t = transport(ElasticsearchSettings.of(a.url(), b.url()));
        a.failNext(1, 503);
        b.failNext(1, 429);

        Response afterGateway = t.send(health()).join();
        Response next = t.send(health()).join();

        assertThat(afterGateway.status()).isEqualTo(429);
        assertThat(afterGateway.node()).isEqualTo(b.url());
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.node()).as("a answered 503, so it is skipped").isEqualTo(b.url());
        assertThat(a.requestsSeen() + b.requestsSeen()).isEqualTo(3);
    }

    @Test
    void shouldGoOnToTheNextNodeWhenOneCannotBeConnectedToInTime() throws IOException {
        FaultProxy b = proxy();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // Nobody accepts and the queue is full: the kernel drops further connection attempts.
            List<Socket> queued = fill(full);
            ElasticsearchTransport t = transport(ElasticsearchSettings.of("http://127.0.0.1:" + full.getLocalPort(),
                    b.url()).withRequestTimeout(Duration.ofSeconds(1)));

            long started = System.nanoTime();
            Response r = t.perform(health());

            assertThat(r.node()).isEqualTo(b.url());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            for (Socket s : queued) {
                s.close();
            }
        }
    }

    @Test
    void shouldPrefixEveryRequestWithTheUrlsPath() throws IOException {
        FaultProxy a = proxy();
        ElasticsearchTransport t = transport(ElasticsearchSettings.of(a.url() + "/es-behind-a-proxy/"));

        assertThatThrownBy(() -> t.perform(health().withParameter("level", "cluster")))
                .isInstanceOf(ResponseException.class);

        assertThat(a.requestLines()).first().asString()
                .startsWith("GET /es-behind-a-proxy/_cluster/health?level=cluster HTTP/1.1");
    }

    @Test
    void shouldAuthenticateWithTheUrlsUserInfoOrAnApiKeyAndNeverPrintTheSecret() throws IOException {
        ElasticsearchNode secured = ElasticsearchNode.secured();
        URI u = secured.uri();
        String withUser = "http://" + ElasticsearchNode.WRITER_USER + ":"
                + URLEncoder.encode(secured.password(), StandardCharsets.UTF_8) + "@" + u.getHost() + ":" + u.getPort();
        FaultProxy toSecured = FaultProxy.to(u);
        toClose.add(toSecured);
        // The test node cannot make API keys (no .security index without the analysis modules), so this
        // shows what is sent, and that the node reads it as an API key (and refuses this one).
        ElasticsearchTransport byKey = transport(ElasticsearchSettings.of(toSecured.url()).withApiKey("bm90OmEta2V5"));

        Response byUrl = transport(ElasticsearchSettings.of(withUser)).perform(authenticate());

        assertThat(Json.parse(byUrl.text()).path("username").asText()).isEqualTo(ElasticsearchNode.WRITER_USER);
        assertThat(byUrl.node()).doesNotContain(secured.password());
        assertThatThrownBy(() -> byKey.perform(authenticate()))
                .isInstanceOfSatisfying(ResponseException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("API key").doesNotContain("bm90OmEta2V5");
                });
        assertThat(toSecured.requestHeaders().getFirst()).contains("Authorization: ApiKey bm90OmEta2V5");
    }

    private static Request authenticate() {
        return Request.of("GET", "/_security/_authenticate");
    }

    @Test
    void shouldTrustAnHttpsNodeByItsCaFileOrItsCaFingerprintAndNothingElse() throws IOException {
        TestCertificates certs = TestCertificates.get();
        FaultProxy https = FaultProxy.tls(node.uri(), certs.serverContext());
        toClose.add(https);
        ElasticsearchSettings settings = ElasticsearchSettings.of(https.url());

        Response byFile = transport(settings.withCaFile(certs.caPem())).perform(health());
        Response byFingerprint = transport(settings.withCaFingerprint(certs.caFingerprint())).perform(health());

        assertThat(https.url()).startsWith("https://");
        assertThat(byFile.status()).isEqualTo(200);
        assertThat(byFingerprint.status()).isEqualTo(200);
        assertThatThrownBy(() -> transport(settings.withCaFile(certs.strangerCaPem())).perform(health()))
                .hasCauseInstanceOf(SSLHandshakeException.class)
                .rootCause().hasMessageContaining("certification path");
        assertThatThrownBy(() -> transport(settings).perform(health()))
                .hasCauseInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(() -> transport(settings.withCaFingerprint("ab".repeat(32))).perform(health()))
                .hasCauseInstanceOf(SSLHandshakeException.class)
                .rootCause().hasMessageContaining("brainstem.elasticsearch.ca-fingerprint");
        assertThat(https.requestsForwarded()).isEqualTo(2);
    }

    @Test
    void shouldRefuseACaFileThatHoldsNoCertificateNamingTheSetting() throws IOException {
        java.nio.file.Path notPem = java.nio.file.Files.createTempFile("not-a-ca", ".pem");
        java.nio.file.Files.writeString(notPem, "not a certificate\n");

        assertThatThrownBy(() -> ElasticsearchTransport.create(ElasticsearchSettings.of("https://127.0.0.1:9200")
                .withCaFile(notPem))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("brainstem.elasticsearch.ca-file").hasMessageContaining("not a PEM certificate");
    }

    @Test
    void shouldAbortAHungRequestWhenItIsCancelledAndNotReuseItsConnection() throws Exception {
        FaultProxy a = proxy();
        ElasticsearchTransport t = transport(ElasticsearchSettings.of(a.url()));
        assertThat(t.perform(health()).status()).isEqualTo(200);
        a.hang();

        CompletableFuture<Response> hung = t.send(health());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (a.requestsSeen() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        boolean cancelled = hung.cancel(true);
        a.passThrough();
        Response after = t.perform(health());

        assertThat(cancelled).isTrue();
        assertThat(hung).isCancelled();
        assertThat(after.status()).isEqualTo(200);
        assertThat(a.connectionsAccepted()).as("the aborted exchange's connection was closed, not reused").isEqualTo(2);
    }

    @Test
    void shouldCloseAtOnceFailingARequestStillInFlight() throws Exception {
        FaultProxy a = proxy();
        ElasticsearchTransport t = ElasticsearchTransport.create(ElasticsearchSettings.of(a.url()));
        a.hang();
        CompletableFuture<Response> hung = t.send(health());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (a.requestsSeen() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        long started = System.nanoTime();
        t.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> hung.get(5, java.util.concurrent.TimeUnit.SECONDS))
                .isInstanceOf(java.util.concurrent.ExecutionException.class).hasCauseInstanceOf(IOException.class);
    }

    private static List<Socket> fill(ServerSocket server) {
        List<Socket> queued = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 200);
                queued.add(s);
            } catch (IOException e) {
                // the queue is full: what the test wants
                break;
            }
        }
        return queued;
    }
}
