package io.brainstem.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;

/**
 * brainstem's own JSON writer for the API, kept apart from the application's {@link ObjectMapper} so
 * that embedding brainstem changes nothing in the host's JSON. Absent readings ({@code null} or NaN)
 * are left out; whole numbers stored as doubles (byte counts) are written without an exponent;
 * instants are ISO-8601 strings. Thread-safe once built.
 */
public final class ApiJson {

    private static final ObjectMapper MAPPER = build();

    private ApiJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static ObjectMapper build() {
        SimpleModule numbers = new SimpleModule("brainstem-numbers");
        numbers.addSerializer(Double.class, new CompactDouble());
        numbers.addSerializer(double.class, new CompactDouble());
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(numbers)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.CUSTOM,
                        JsonInclude.Include.ALWAYS, Absent.class, null))
                .build();
    }

    /** Jackson's value filter: {@code equals} answers true for a value to leave out. */
    static final class Absent {
        @Override
        public boolean equals(Object value) {
            return value == null || (value instanceof Double d && d.isNaN()) || (value instanceof Float f && f.isNaN());
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    private static final class CompactDouble extends StdSerializer<Double> {
        CompactDouble() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            double v = value;
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                gen.writeNull(); // only reachable inside arrays; properties leave NaN out
            } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                gen.writeNumber((long) v);
            } else {
                gen.writeNumber(v);
            }
        }
    }
}
