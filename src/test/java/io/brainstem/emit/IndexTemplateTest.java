package io.brainstem.emit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexTemplateTest {

    @Test
    void bundledTemplatesAreReadFromTheClassPathWithTheirVersions() {
        assertThat(IndexTemplate.bundled()).extracting(IndexTemplate::name).containsExactly(
                IndexTemplate.SENSOR_POLL, IndexTemplate.REQUEST_SUMMARY, IndexTemplate.COMPONENT, IndexTemplate.ALERT);
        assertThat(IndexTemplate.bundled()).allSatisfy(t -> assertThat(t.version()).isPositive());
    }

    @Test
    void aMissingResourceIsNamed() {
        assertThatThrownBy(() -> IndexTemplate.fromClasspath("x", "elasticsearch/nope.json"))
                .hasMessageContaining("elasticsearch/nope.json");
    }

    @Test
    void shouldRejectATemplateBodyWithoutAWholeNumberVersion() {
        assertThatThrownBy(() -> IndexTemplate.of("t", "{\"index_patterns\":[\"t-*\"]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'t'").hasMessageContaining("version");
        assertThatThrownBy(() -> IndexTemplate.of("t", "{\"version\":1.5}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> IndexTemplate.of("t", "not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
    }

}
