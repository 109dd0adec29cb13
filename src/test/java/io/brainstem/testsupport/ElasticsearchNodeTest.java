package io.brainstem.testsupport;

import io.brainstem.emit.ElasticsearchSettings;
import io.brainstem.emit.ElasticsearchTransport;
import io.brainstem.emit.ElasticsearchTransport.Request;
import io.brainstem.emit.ElasticsearchTransport.ResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElasticsearchNodeTest {

    @Test
    void aMissingDistributionFailsWithWhereItLookedAndWhatToDo(@TempDir Path empty) {
        assertThatThrownBy(() -> ElasticsearchNode.distribution(empty.toString(), empty))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(empty.toString()).hasMessageContaining("bin/elasticsearch is missing")
                .hasMessageContaining("-Des.test.skip=true");
        assertThatThrownBy(() -> ElasticsearchNode.distribution(null, empty))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("es.test.home is not set").hasMessageContaining("./mvnw verify");
    }

    @Test
    void sharedNodeIsOneSingleNodeClusterOnLoopbackReusedByEveryCaller() {
        ElasticsearchNode node = ElasticsearchNode.shared();

        assertThat(ElasticsearchNode.shared()).isSameAs(node);
        assertThat(node.uri().getHost()).isEqualTo("127.0.0.1");
        ElasticsearchNode.Response health = node.request("GET", "/_cluster/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"number_of_nodes\":1").doesNotContain("\"status\":\"red\"");
        ElasticsearchNode.Response http = node.request("GET", "/_nodes/_local/http?filter_path=**.bound_address", null);
        assertThat(http.body()).contains("127.0.0.1:" + node.httpPort()).doesNotContain("0.0.0.0");
    }

    @Test
    void sharedNodeAcceptsDocumentsThroughBrainstemsTransport() throws IOException {
        ElasticsearchNode node = ElasticsearchNode.shared();
        String index = ElasticsearchNode.uniqueName("nodetest");
        try (ElasticsearchTransport client = node.transport()) {
            Request put = Request.of("PUT", "/" + index + "/_doc/1").withParameter("refresh", "true")
                    .withJson("{\"message\":\"hello\"}");
            assertThat(client.perform(put).status()).isEqualTo(201);
        }
        assertThat(node.request("GET", "/" + index + "/_count", null).body()).contains("\"count\":1");
    }

    @Test
    void transportPortListensOnLoopbackOnly() throws IOException {
        ElasticsearchNode node = ElasticsearchNode.shared();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), node.transportPort()), 5000);
            assertThat(s.isConnected()).isTrue();
        }
        ElasticsearchNode.Response transport = node.request("GET",
                "/_nodes/_local/transport?filter_path=**.bound_address", null);
        assertThat(transport.body()).contains("127.0.0.1:" + node.transportPort()).doesNotContain("0.0.0.0");
    }

    @Test
    void securedNodeRejectsAnonymousAndWrongPasswordAndAcceptsFileRealmUsers() {
        ElasticsearchNode node = ElasticsearchNode.secured();

        assertThat(node.isSecured()).isTrue();
        assertThat(node.request("GET", "/_cluster/health", null, null, null).status()).isEqualTo(401);
        assertThat(node.request("GET", "/_cluster/health", null, ElasticsearchNode.WRITER_USER, "wrong").status())
                .isEqualTo(401);
        assertThat(node.request("GET", "/_security/_authenticate", null,
                ElasticsearchNode.WRITER_USER, node.password()).body())
                .contains("\"username\":\"brainstem_writer\"").contains("\"brainstem_writer\"");
        assertThat(node.request("GET", "/_cluster/health", null).status()).isEqualTo(200);
    }

    @Test
    void securedWriterMayCreateBrainstemDocumentsButNotDeleteIndices() {
        ElasticsearchNode node = ElasticsearchNode.secured();
        String index = "metrics-brainstem.nodetest-" + ElasticsearchNode.uniqueName("w");
        String writer = ElasticsearchNode.WRITER_USER;

        ElasticsearchNode.Response create = node.request("POST", "/" + index + "/_doc?op_type=create",
                "{\"@timestamp\":\"2026-01-01T00:00:00Z\"}", writer, node.password());
        assertThat(create.status()).as(create.body()).isEqualTo(201);
        ElasticsearchNode.Response delete = node.request("DELETE", "/" + index, null, writer, node.password());
        assertThat(delete.status()).as(delete.body()).isEqualTo(403);
        ElasticsearchNode.Response elsewhere = node.request("POST", "/other-" + index + "/_doc",
                "{\"@timestamp\":\"2026-01-01T00:00:00Z\"}", writer, node.password());
        assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(403);
    }

    @Test
    void securedNodeIsADifferentNodeFromTheSharedOne() {
        assertThat(ElasticsearchNode.secured().httpPort()).isNotEqualTo(ElasticsearchNode.shared().httpPort());
        assertThatThrownBy(() -> {
            try (ElasticsearchTransport anonymous = ElasticsearchTransport.create(
                    ElasticsearchSettings.of(ElasticsearchNode.secured().url()))) {
                anonymous.perform(Request.of("GET", "/_cluster/health"));
            }
        }).isInstanceOfSatisfying(ResponseException.class, e -> assertThat(e.status()).isEqualTo(401));
    }
}
