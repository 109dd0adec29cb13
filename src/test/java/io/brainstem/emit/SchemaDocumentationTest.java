package io.brainstem.emit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/schema.md documents every field the templates map. */
class SchemaDocumentationTest {

    @Test
    void everyMappedFieldIsDocumented() throws IOException {
        String schema = Files.readString(Path.of("docs/schema.md"));
        List<String> undocumented = new ArrayList<>();
        for (IndexTemplate t : IndexTemplate.bundled()) {
            for (String path : Json.mappedPaths(TemplateCoverageTest.properties(t.name()))) {
                if (!documented(schema, path)) {
                    undocumented.add(t.name() + ": " + path);
                }
            }
        }
        assertThat(undocumented).isEmpty();
    }

    /**
     * A field is documented by its full name in backquotes; the request summary's host readings are
     * documented once per reading (`<reading>`) and once per position (window statistics, before/after).
     */
    private static boolean documented(String schema, String path) {
        if (schema.contains("`" + path + "`")) {
            return true;
        }
        String asBefore = path.replace("brainstem.request.after.", "brainstem.request.before.");
        if (schema.contains("`" + asBefore + "`")) {
            return true;
        }
        for (RequestSummaryDocument.Reading r : RequestSummaryDocument.READINGS) {
            for (String position : List.of("window.", "before.", "after.")) {
                String prefix = "brainstem.request." + position + r.field();
                if (path.startsWith(prefix) && schema.contains("| `" + r.field() + "` |")) {
                    String stat = path.substring(prefix.length());
                    return stat.isEmpty() || schema.contains("`" + stat + "`");
                }
            }
        }
        return false;
    }
}
