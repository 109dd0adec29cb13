package io.brainstem.emit;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElasticsearchSettingsTest {

    @Test
    void shouldApplyTheDocumentedDefaults() {
        ElasticsearchSettings s = ElasticsearchSettings.of("http://127.0.0.1:9200");

        assertThat(s.namespace()).isEqualTo("default");
        assertThat(s.emitInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.bulkMaxDocs()).isEqualTo(1000);
        assertThat(s.bulkMaxBytes()).isEqualTo(5L * 1024 * 1024);
    }

    @Test
    void shouldNeverShowCredentialsInToStringOrDisplayUrls() {
        ElasticsearchSettings s = new ElasticsearchSettings(List.of(URI.create("https://elastic:urlsecret@es.example:9243/")),
                "brainstem", "s3cr3t-password", null, null, "AA:BB:" + "cc".repeat(30), "prod", null, 10, 4096, null);
        ElasticsearchSettings k = ElasticsearchSettings.of("http://es:9200").withApiKey("QXBpS2V5U2VjcmV0");

        assertThat(s.toString()).doesNotContain("s3cr3t-password").doesNotContain("urlsecret").contains("brainstem");
        assertThat(s.displayUrls()).containsExactly("https://es.example:9243/");
        assertThat(k.toString()).doesNotContain("QXBpS2V5U2VjcmV0");
        assertThat(s.caFingerprint()).isEqualTo("aabb" + "cc".repeat(30));
    }

    @Test
    void shouldNameTheKeyAndTheReasonForABadValue() {
        assertThatThrownBy(() -> ElasticsearchSettings.of("ftp://es:9200"))
                .hasMessageContaining("brainstem.elasticsearch.url").hasMessageContaining("http://");
        assertThatThrownBy(() -> ElasticsearchSettings.of("http://es:9200").withBulkLimits(0, 4096))
                .hasMessageContaining("batch-max-docs");
        assertThatThrownBy(() -> ElasticsearchSettings.of("http://es:9200").withBulkLimits(10, 100))
                .hasMessageContaining("batch-max-bytes");
        assertThatThrownBy(() -> ElasticsearchSettings.of("http://es:9200").withEmitInterval(Duration.ZERO))
                .hasMessageContaining("brainstem.emit-interval");
        assertThatThrownBy(() -> ElasticsearchSettings.of("http://es:9200").withMaxBulksInFlight(0))
                .hasMessageContaining("brainstem.elasticsearch.max-bulks-in-flight").hasMessageContaining("from 1 to 16");
        assertThatThrownBy(() -> new ElasticsearchSettings(List.of(URI.create("http://es:9200")), "u", null, null,
                null, null, null, null, 10, 4096, null)).hasMessageContaining("password");
        assertThatThrownBy(() -> new ElasticsearchSettings(List.of(URI.create("http://es:9200")), "u", "p", "key",
                null, null, null, null, 10, 4096, null)).hasMessageContaining("exclusive");
        assertThatThrownBy(() -> new ElasticsearchSettings(List.of(URI.create("http://es:9200")), null, null, null,
                Path.of("ca.pem"), "ab".repeat(32), null, null, 10, 4096, null)).hasMessageContaining("exclusive");
        assertThatThrownBy(() -> new ElasticsearchSettings(List.of(URI.create("http://es:9200")), null, null, null,
                null, "xyz", null, null, 10, 4096, null)).hasMessageContaining("ca-fingerprint");
        assertThatThrownBy(() -> new ElasticsearchSettings(List.of(URI.create("http://es:9200")), null, null, null,
                null, null, "Prod-1", null, 10, 4096, null)).hasMessageContaining("namespace");
    }

    @Test
    void shouldRefuseACaFileThatCannotBeReadNamingTheSetting() {
        ElasticsearchSettings s = new ElasticsearchSettings(List.of(URI.create("https://es:9200")), null, null, null,
                Path.of("/nonexistent/ca.pem"), null, null, null, 10, 4096, null);

        assertThatThrownBy(() -> ElasticsearchTransport.create(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("brainstem.elasticsearch.ca-file").hasMessageContaining("/nonexistent/ca.pem");
    }
}
