package io.brainstem.web;

/** Nothing to answer yet (no poll has completed); answered with 503. */
public final class NotReadyException extends RuntimeException {
    public NotReadyException(String message) {
        super(message, null, false, false);
    }
}
