package io.brainstem.web;

/**
 * A part of brainstem that reports its own state under {@code GET /api/v1/daemon} next to the daemon's
 * (the emitter and the spool, the alert evaluator). The state is any value the API's JSON writer can
 * write, typically a record.
 */
public interface StatusSection {

    /** Key of the section in the response ({@code emitter}, {@code spool}, ...). */
    String name();

    Object state();

    /** A section named {@code name} whose state is whatever {@code state} gives at each request. */
    static StatusSection of(String name, java.util.function.Supplier<?> state) {
        return new StatusSection() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Object state() {
                return state.get();
            }
        };
    }
}
