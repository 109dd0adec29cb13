package io.brainstem.web;

/**
 * The JSON body of every error the API answers. Never carries a stack trace.
 *
 * @param status    the HTTP status code
 * @param error     the status reason phrase
 * @param parameter the request parameter at fault, or {@code null}
 * @param message   what was wrong, for a person
 */
public record ApiError(int status, String error, String parameter, String message) {
}
