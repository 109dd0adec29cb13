package io.brainstem.web;

/** A request parameter that cannot be honoured; answered with 400 and an {@link ApiError}. */
public final class BadParameterException extends RuntimeException {
    private final String parameter;

    public BadParameterException(String parameter, String reason) {
        super(reason, null, false, false);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
