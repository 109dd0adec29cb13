package io.brainstem.emit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brainstem.testsupport.ElasticsearchNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static io.brainstem.emit.IndexTemplateInstaller.Outcome.INSTALLED;
import static io.brainstem.emit.IndexTemplateInstaller.Outcome.NEWER_INSTALLED;
import static io.brainstem.emit.IndexTemplateInstaller.Outcome.UPGRADED;
import static io.brainstem.emit.IndexTemplateInstaller.Outcome.UP_TO_DATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The installer against the real node; each test works on its own copy of a bundled template. */
class IndexTemplateInstallerTest {

    private ElasticsearchNode node;
    private ElasticsearchTransport client;
    private IndexTemplateInstaller installer;

    @BeforeEach
    void connect() {
        node = ElasticsearchNode.shared();
        client = node.transport();
        installer = new IndexTemplateInstaller(client);
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    /** The bundled sensor_poll template under a name and pattern of its own, at {@code version}. */
    private static IndexTemplate copy(String name, long version, String retention) {
        ObjectNode body = (ObjectNode) Json.parse(bundled(IndexTemplate.SENSOR_POLL).json());
        body.put("version", version);
        body.putArray("index_patterns").add(name + "-*");
        ((ObjectNode) body.at("/template/lifecycle")).put("data_retention", retention);
        return IndexTemplate.of(name, body.toString());
    }

    private static IndexTemplate bundled(String name) {
        return IndexTemplate.bundled().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private JsonNode installedBody(String name) {
        ElasticsearchNode.Response r = node.request("GET", "/_index_template/" + name, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body()).at("/index_templates/0/index_template");
    }

    @Test
    void shouldInstallAMissingTemplateAndThenFindItUpToDate() throws IOException {
        String name = ElasticsearchNode.uniqueName("tpl");
        IndexTemplate template = copy(name, 3, "30d");

        IndexTemplateInstaller.Result first = installer.install(template);
        IndexTemplateInstaller.Result second = installer.install(template);

        assertThat(first.outcome()).isEqualTo(INSTALLED);
        assertThat(first.installedVersion()).isNull();
        assertThat(second.outcome()).isEqualTo(UP_TO_DATE);
        assertThat(second.installedVersion()).isEqualTo(3);
        JsonNode installed = installedBody(name);
        assertThat(installed.path("version").asLong()).isEqualTo(3);
        assertThat(installed.at("/template/lifecycle/data_retention").asText()).isEqualTo("30d");
        assertThat(installed.at("/template/mappings/properties/system/properties/cpu").isObject()).isTrue();
    }

    @Test
    void shouldReplaceAnOlderVersionAndNeverDowngradeANewerOne() throws IOException {
        String name = ElasticsearchNode.uniqueName("tpl");
        installer.install(copy(name, 1, "30d"));

        IndexTemplateInstaller.Result upgrade = installer.install(copy(name, 2, "45d"));
        IndexTemplateInstaller.Result downgrade = installer.install(copy(name, 1, "30d"));

        assertThat(upgrade.outcome()).isEqualTo(UPGRADED);
        assertThat(upgrade.installedVersion()).isEqualTo(1);
        assertThat(downgrade.outcome()).isEqualTo(NEWER_INSTALLED);
        assertThat(downgrade.installedVersion()).isEqualTo(2);
        JsonNode installed = installedBody(name);
        assertThat(installed.path("version").asLong()).isEqualTo(2);
        assertThat(installed.at("/template/lifecycle/data_retention").asText()).isEqualTo("45d");
    }

    @Test
    void shouldReplaceATemplateThatHasNoVersion() throws IOException {
        String name = ElasticsearchNode.uniqueName("tpl");
        ElasticsearchNode.Response put = node.request("PUT", "/_index_template/" + name,
                "{\"index_patterns\":[\"" + name + "-*\"],\"data_stream\":{},\"priority\":200}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);

        IndexTemplateInstaller.Result result = installer.install(copy(name, 1, "30d"));

        assertThat(result.outcome()).isEqualTo(UPGRADED);
        assertThat(result.installedVersion()).isNull();
        assertThat(installedBody(name).path("version").asLong()).isEqualTo(1);
    }

    @Test
    void shouldInstallTheBundledTemplatesIdempotently() throws IOException {
        List<IndexTemplateInstaller.Result> first = installer.installAll(IndexTemplate.bundled());
        List<IndexTemplateInstaller.Result> second = installer.installAll(IndexTemplate.bundled());

        assertThat(first).extracting(IndexTemplateInstaller.Result::name).containsExactly(
                "metrics-brainstem.sensor_poll", "metrics-brainstem.request_summary", "metrics-brainstem.component",
                "logs-brainstem.alert");
        assertThat(first).extracting(IndexTemplateInstaller.Result::outcome).allMatch(o -> o == INSTALLED
                || o == UP_TO_DATE);
        assertThat(second).extracting(IndexTemplateInstaller.Result::outcome).containsOnly(UP_TO_DATE);
    }

    @Test
    void shouldNameTheTemplateWhenElasticsearchRefusesIt() {
        String name = ElasticsearchNode.uniqueName("tpl");
        IndexTemplate broken = IndexTemplate.of(name, "{\"version\":1,\"index_patterns\":[\"" + name + "-*\"],"
                + "\"template\":{\"mappings\":{\"properties\":{\"x\":{\"type\":\"no_such_type\"}}}}}");

        assertThatThrownBy(() -> installer.install(broken)).isInstanceOf(IOException.class)
                .hasMessageContaining("'" + name + "' version 1").hasMessageContaining("no_such_type");
    }

    @Test
    void writerRoleMayInstallTheTemplatesAndCreateSensorPollsOnASecuredNode() throws IOException {
        ElasticsearchNode secured = ElasticsearchNode.secured();
        try (ElasticsearchTransport writer = ElasticsearchTransport.create(ElasticsearchSettings.of(secured.url())
                .withBasicAuth(ElasticsearchNode.WRITER_USER, secured.password()))) {
            new IndexTemplateInstaller(writer).installAll(IndexTemplate.bundled());

            Origin origin = new Origin("host-a", "instance-1", "0.1.0-test", "agent-svc",
                    ElasticsearchNode.uniqueName("sec"));
            SensorPollDocument documents = new SensorPollDocument(origin, FullSamples.PERIOD);
            var sample = FullSamples.full(1, Instant.now(), 0.5);
            var create = ElasticsearchTransport.Request.of("PUT",
                    "/" + documents.dataStream() + "/_create/" + documents.id(sample))
                    .withJson(new String(documents.toJson(sample), java.nio.charset.StandardCharsets.UTF_8));
            assertThat(writer.perform(create).status()).isEqualTo(201);
        }
    }
}
