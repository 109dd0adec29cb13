package io.brainstem.web;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** JSON bodies written by {@link ApiJson}, independent of the host application's message converters. */
final class Responses {
    private Responses() {
    }

    static ResponseEntity<byte[]> json(Object body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(ApiJson.bytes(body));
    }
}
