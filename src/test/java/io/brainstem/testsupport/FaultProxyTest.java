package io.brainstem.testsupport;

import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proxy in front of the real node, driven through the same low-level client the emitter uses. */
class FaultProxyTest {

    private FaultProxy proxy;
    private RestClient client;

    @BeforeEach
    void start() {
        proxy = FaultProxy.to(ElasticsearchNode.shared().uri());
        client = client(30_000);
    }

    private RestClient client(int socketTimeoutMillis) {
        return RestClient.builder(new HttpHost("127.0.0.1", proxy.port(), "http"))
                .setRequestConfigCallback(c -> c.setConnectTimeout(2000).setSocketTimeout(socketTimeoutMillis))
                .build();
    }

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void passesRequestsAndBodiesThroughOnKeptAliveConnections() throws IOException {
        String index = ElasticsearchNode.uniqueName("proxy");
        for (int i = 1; i <= 3; i++) {
            Request put = new Request("PUT", "/" + index + "/_doc/" + i);
            put.addParameter("refresh", "true");
            put.setJsonEntity("{\"n\":" + i + "}");
            assertThat(client.performRequest(put).getStatusLine().getStatusCode()).isEqualTo(201);
        }
        Response count = client.performRequest(new Request("GET", "/" + index + "/_count"));

        assertThat(EntityUtils.toString(count.getEntity())).contains("\"count\":3");
        assertThat(proxy.requestsSeen()).isEqualTo(4);
        assertThat(proxy.requestsForwarded()).isEqualTo(4);
        assertThat(proxy.requestLines()).first().asString().startsWith("PUT /" + index + "/_doc/1");
    }

    @Test
    void answersTheNextRequestsWithTheInjectedStatusThenPassesThrough() throws IOException {
        proxy.failNext(2, 429);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> client.performRequest(new Request("GET", "/_cluster/health")))
                    .isInstanceOfSatisfying(ResponseException.class, e -> {
                        assertThat(e.getResponse().getStatusLine().getStatusCode()).isEqualTo(429);
                        assertThat(e.getMessage()).contains("es_rejected_execution_exception");
                    });
        }
        Response after = client.performRequest(new Request("GET", "/_cluster/health"));

        assertThat(after.getStatusLine().getStatusCode()).isEqualTo(200);
        assertThat(proxy.pendingFaults()).isZero();
        assertThat(proxy.requestsSeen()).isEqualTo(3);
        assertThat(proxy.requestsForwarded()).isEqualTo(1);
    }

    @Test
    void answers503WithAnUnavailableShardsError() {
        proxy.failNext(1, 503);

        assertThatThrownBy(() -> client.performRequest(new Request("GET", "/_cluster/health")))
                .isInstanceOfSatisfying(ResponseException.class, e -> {
                    assertThat(e.getResponse().getStatusLine().getStatusCode()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("unavailable_shards_exception");
                });
    }

    @Test
    void refusedConnectionsFailToConnectUntilPassThroughAgain() throws IOException {
        proxy.refuseConnections();

        assertThatThrownBy(() -> client.performRequest(new Request("GET", "/_cluster/health")))
                .isInstanceOf(ConnectException.class);
        proxy.passThrough();
        assertThat(client.performRequest(new Request("GET", "/_cluster/health")).getStatusLine().getStatusCode())
                .isEqualTo(200);
        assertThat(proxy.requestsForwarded()).isEqualTo(1);
    }

    @Test
    void resetConnectionsFailWithAnIoErrorAndNothingIsForwarded() {
        proxy.resetConnections();

        assertThatThrownBy(() -> client.performRequest(new Request("GET", "/_cluster/health")))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(ResponseException.class);
        assertThat(proxy.requestsForwarded()).isZero();
    }

    @Test
    void hungRequestsTimeOutOnTheClientAndNothingIsForwarded() throws IOException {
        proxy.hang();

        try (RestClient impatient = client(1000)) {
            assertThatThrownBy(() -> impatient.performRequest(new Request("GET", "/_cluster/health")))
                    .isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(proxy.requestsSeen()).isEqualTo(1);
        assertThat(proxy.requestsForwarded()).isZero();
        proxy.passThrough();
        assertThat(client.performRequest(new Request("GET", "/_cluster/health")).getStatusLine().getStatusCode())
                .isEqualTo(200);
    }

    @Test
    void rejectsANegativeCountOrAStatusThatIsNotHttp() {
        assertThatThrownBy(() -> proxy.failNext(-1, 429)).hasMessageContaining("times");
        assertThatThrownBy(() -> proxy.failNext(1, 42)).hasMessageContaining("status=42");
    }
}
