package io.brainstem.testsupport;

import io.brainstem.emit.ElasticsearchSettings;
import io.brainstem.emit.ElasticsearchTransport;
import io.brainstem.emit.ElasticsearchTransport.Request;
import io.brainstem.emit.ElasticsearchTransport.ResponseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proxy in front of the real node, driven through the same transport the emitter uses. */
class FaultProxyTest {

    private FaultProxy proxy;
    private ElasticsearchTransport client;

    @BeforeEach
    void start() {
        proxy = FaultProxy.to(ElasticsearchNode.shared().uri());
        client = client(Duration.ofSeconds(30));
    }

    private ElasticsearchTransport client(Duration requestTimeout) {
        return ElasticsearchTransport.create(ElasticsearchSettings.of(proxy.url()).withRequestTimeout(requestTimeout));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private static Request health() {
        return Request.of("GET", "/_cluster/health");
    }

    @Test
    void passesRequestsAndBodiesThroughOnKeptAliveConnections() throws IOException {
        String index = ElasticsearchNode.uniqueName("proxy");
        for (int i = 1; i <= 3; i++) {
            Request put = Request.of("PUT", "/" + index + "/_doc/" + i).withParameter("refresh", "true")
                    .withJson("{\"n\":" + i + "}");
            assertThat(client.perform(put).status()).isEqualTo(201);
        }
        ElasticsearchTransport.Response count = client.perform(Request.of("GET", "/" + index + "/_count"));

        assertThat(count.text()).contains("\"count\":3");
        assertThat(proxy.requestsSeen()).isEqualTo(4);
        assertThat(proxy.requestsForwarded()).isEqualTo(4);
        assertThat(proxy.connectionsAccepted()).as("one kept-alive connection").isEqualTo(1);
        assertThat(proxy.requestLines()).first().asString().startsWith("PUT /" + index + "/_doc/1?refresh=true");
    }

    @Test
    void answersTheNextRequestsWithTheInjectedStatusThenPassesThrough() throws IOException {
        proxy.failNext(2, 429);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> client.perform(health()))
                    .isInstanceOfSatisfying(ResponseException.class, e -> {
                        assertThat(e.status()).isEqualTo(429);
                        assertThat(e.getMessage()).contains("HTTP 429 Too Many Requests")
                                .contains("es_rejected_execution_exception");
                    });
        }
        ElasticsearchTransport.Response after = client.perform(health());

        assertThat(after.status()).isEqualTo(200);
        assertThat(proxy.pendingFaults()).isZero();
        assertThat(proxy.requestsSeen()).isEqualTo(3);
        assertThat(proxy.requestsForwarded()).isEqualTo(1);
    }

    @Test
    void answers503WithAnUnavailableShardsError() {
        proxy.failNext(1, 503);

        assertThatThrownBy(() -> client.perform(health()))
                .isInstanceOfSatisfying(ResponseException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("unavailable_shards_exception");
                });
    }

    @Test
    void refusedConnectionsFailToConnectUntilPassThroughAgain() throws IOException {
        proxy.refuseConnections();

        assertThatThrownBy(() -> client.perform(health())).isInstanceOf(ConnectException.class)
                .hasMessageContaining(proxy.url());
        proxy.passThrough();
        assertThat(client.perform(health()).status()).isEqualTo(200);
        assertThat(proxy.requestsForwarded()).isEqualTo(1);
    }

    @Test
    void resetConnectionsFailWithAnIoErrorAndNothingIsForwarded() {
        proxy.resetConnections();

        assertThatThrownBy(() -> client.perform(health()))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(ResponseException.class);
        assertThat(proxy.requestsForwarded()).isZero();
    }

    @Test
    void hungRequestsTimeOutOnTheClientAndNothingIsForwarded() throws IOException {
        proxy.hang();

        try (ElasticsearchTransport impatient = client(Duration.ofMillis(500))) {
            assertThatThrownBy(() -> impatient.perform(health())).isInstanceOf(HttpTimeoutException.class);
        }
        assertThat(proxy.requestsSeen()).isEqualTo(1);
        assertThat(proxy.requestsForwarded()).isZero();
        proxy.passThrough();
        assertThat(client.perform(health()).status()).isEqualTo(200);
    }

    @Test
    void rejectsANegativeCountOrAStatusThatIsNotHttp() {
        assertThatThrownBy(() -> proxy.failNext(-1, 429)).hasMessageContaining("times");
        assertThatThrownBy(() -> proxy.failNext(1, 42)).hasMessageContaining("status=42");
    }
}
