package io.brainstem.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON body of every error the API answers, every field always present ({@code "parameter":null}
 * when no parameter is at fault). Never carries a stack trace.
 *
 * @param status    the HTTP status code
 * @param error     the status reason phrase
 * @param parameter the request parameter at fault, or {@code null}
 * @param message   what was wrong, for a person
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApiError(int status, String error, String parameter, String message) {
}
